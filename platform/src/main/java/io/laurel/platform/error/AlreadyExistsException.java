package io.laurel.platform.error;

import java.util.HashMap;
import java.util.Map;

/** {@code ALREADY_EXISTS}: the resource the call would create is already there. */
public final class AlreadyExistsException extends LaurelException {

    public AlreadyExistsException(String resourceType, String resourceId) {
        this(resourceType, resourceId, Map.of());
    }

    /**
     * With the extra {@code ErrorInfo} metadata a contract names (e.g. {@code tier_program_id}),
     * besides {@code resource_type} and {@code resource_id}.
     */
    public AlreadyExistsException(String resourceType, String resourceId, Map<String, String> metadata) {
        super(NotFoundException.upperSnake(resourceType) + "_ALREADY_EXISTS",
                resourceType + " " + resourceId + " already exists", with(metadata, resourceType, resourceId));
    }

    private static Map<String, String> with(Map<String, String> metadata, String resourceType, String resourceId) {
        Map<String, String> all = new HashMap<>(metadata);
        all.put("resource_type", resourceType);
        all.put("resource_id", resourceId);
        return all;
    }
}
