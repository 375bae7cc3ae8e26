package io.laurel.platform.error;

import java.util.Map;

/**
 * {@code FAILED_PRECONDITION}: the request is well formed but the system is not in a state that
 * allows it (insufficient balance, archiving an archived program…). Retrying the same call will
 * fail the same way until that state changes.
 */
public final class FailedPreconditionException extends LaurelException {

    public FailedPreconditionException(String reason, String message) {
        this(reason, message, Map.of());
    }

    public FailedPreconditionException(String reason, String message, Map<String, String> metadata) {
        super(reason, message, metadata);
    }
}
