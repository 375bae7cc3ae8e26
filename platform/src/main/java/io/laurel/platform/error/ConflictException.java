package io.laurel.platform.error;

import java.util.Map;

/**
 * {@code ABORTED}: someone else changed the resource first (optimistic concurrency). The caller
 * should read the current version and try again; {@code current_version} is in the metadata.
 */
public final class ConflictException extends LaurelException {

    public ConflictException(String resourceType, String resourceId, long expectedVersion, long currentVersion) {
        super("VERSION_CONFLICT",
                resourceType + " " + resourceId + " is at version " + currentVersion
                        + ", not " + expectedVersion + ": read it again and retry",
                Map.of("resource_type", resourceType, "resource_id", resourceId,
                        "expected_version", Long.toString(expectedVersion),
                        "current_version", Long.toString(currentVersion)));
    }

    public ConflictException(String reason, String message, Map<String, String> metadata) {
        super(reason, message, metadata);
    }
}
