package io.laurel.platform.error;

import java.util.Map;

/** {@code UNAVAILABLE}: a dependency is down; the same call may succeed later. */
public final class UnavailableException extends LaurelException {

    public UnavailableException(String reason, String message) {
        super(reason, message, Map.of());
    }
}
