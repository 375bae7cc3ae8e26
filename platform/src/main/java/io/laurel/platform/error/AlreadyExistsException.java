package io.laurel.platform.error;

import java.util.Map;

/** {@code ALREADY_EXISTS}: the resource the call would create is already there. */
public final class AlreadyExistsException extends LaurelException {

    public AlreadyExistsException(String resourceType, String resourceId) {
        super(NotFoundException.upperSnake(resourceType) + "_ALREADY_EXISTS",
                resourceType + " " + resourceId + " already exists",
                Map.of("resource_type", resourceType, "resource_id", resourceId));
    }
}
