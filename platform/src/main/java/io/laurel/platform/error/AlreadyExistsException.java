package io.laurel.platform.error;

import java.util.Map;

/** {@code ALREADY_EXISTS}: the resource the call would create is already there. */
public final class AlreadyExistsException extends LaurelException {

    public AlreadyExistsException(String resourceType, String resourceId) {
        super(NotFoundException.upperSnake(resourceType) + "_ALREADY_EXISTS",
                resourceType + " " + resourceId + " already exists",
                Map.of("resource_type", resourceType, "resource_id", resourceId));
    }

    /**
     * As above, with further {@code metadata} a contract promises, e.g. the existing resource's id
     * under its own field name ({@code tier_program_id}).
     */
    public AlreadyExistsException(String resourceType, String resourceId, Map<String, String> metadata) {
        super(NotFoundException.upperSnake(resourceType) + "_ALREADY_EXISTS",
                resourceType + " " + resourceId + " already exists",
                withResource(resourceType, resourceId, metadata));
    }

    private static Map<String, String> withResource(String resourceType, String resourceId,
                                                    Map<String, String> metadata) {
        Map<String, String> all = new java.util.HashMap<>(metadata);
        all.put("resource_type", resourceType);
        all.put("resource_id", resourceId);
        return all;
    }
}
