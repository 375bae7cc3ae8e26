package io.laurel.platform.error;

import java.util.Map;

/**
 * A failure the domain names on purpose. Each subtype maps to one canonical gRPC code; {@code reason}
 * is the UPPER_SNAKE {@code ErrorInfo.reason} a client can switch on, and {@code metadata} travels in
 * {@code ErrorInfo.metadata}. The message is shown to callers, so it never carries internals.
 */
public abstract sealed class LaurelException extends RuntimeException
        permits InvalidArgumentException, NotFoundException, AlreadyExistsException,
        FailedPreconditionException, ConflictException, UnauthenticatedException,
        PermissionDeniedException, UnavailableException {

    private final String reason;
    private final Map<String, String> metadata;

    protected LaurelException(String reason, String message, Map<String, String> metadata) {
        super(message, null, false, false);
        this.reason = reason;
        this.metadata = Map.copyOf(metadata);
    }

    public String reason() {
        return reason;
    }

    public Map<String, String> metadata() {
        return metadata;
    }
}
