package io.laurel.platform.error;

import java.util.Map;

/** {@code UNAUTHENTICATED}: no valid token came with the call. */
public final class UnauthenticatedException extends LaurelException {

    public UnauthenticatedException(String message) {
        super("UNAUTHENTICATED", message, Map.of());
    }
}
