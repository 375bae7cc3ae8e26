package io.laurel.platform.error;

import java.util.Map;

/**
 * {@code NOT_FOUND}. Also what a caller scoped to one store sees for another store's resource, so a
 * store can never tell whether another store's data exists (R-STORE-1).
 */
public final class NotFoundException extends LaurelException {

    public NotFoundException(String resourceType, String resourceId) {
        super(upperSnake(resourceType) + "_NOT_FOUND",
                resourceType + " " + GrpcErrors.abbreviate(resourceId, GrpcErrors.MAX_VALUE) + " was not found",
                Map.of("resource_type", resourceType, "resource_id", GrpcErrors.abbreviate(resourceId, GrpcErrors.MAX_VALUE)));
    }

    static String upperSnake(String words) {
        return words.trim().replaceAll("([a-z0-9])([A-Z])", "$1_$2").replaceAll("[^A-Za-z0-9]+", "_").toUpperCase();
    }
}
