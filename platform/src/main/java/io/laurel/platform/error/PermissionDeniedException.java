package io.laurel.platform.error;

import java.util.Map;

/** {@code PERMISSION_DENIED}: the caller is known but its role may not do this. */
public final class PermissionDeniedException extends LaurelException {

    public PermissionDeniedException(String message) {
        super("PERMISSION_DENIED", message, Map.of());
    }
}
