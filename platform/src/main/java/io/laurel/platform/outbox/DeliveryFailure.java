package io.laurel.platform.outbox;

import io.grpc.Status;

/**
 * What a failed delivery means for the message: try again later, give up at once (park), or give
 * up once the failure has outlasted the configured attempts. The last kind covers answers that are
 * permanent for a well-formed message yet heal on their own in a running suite — a receiver whose
 * configuration has not arrived from program-service yet says FAILED_PRECONDITION
 * (STORE_NOT_CONFIGURED) for a moment.
 */
public enum DeliveryFailure {
    /** Retry with backoff, for ever (the relay's lag metric shows a peer that stays down). */
    TRANSIENT,
    /** Park now: the same request will be refused again. */
    PERMANENT,
    /** Retry with backoff, then park after {@code laurel.outbox.park-after-attempts}. */
    PERMANENT_UNLESS_HEALED;

    public static DeliveryFailure of(Throwable failure) {
        if (failure instanceof RejectedByReceiverException) {
            return PERMANENT;
        }
        Status status = Status.fromThrowable(failure);
        return switch (status.getCode()) {
            case INVALID_ARGUMENT, UNIMPLEMENTED, OUT_OF_RANGE -> PERMANENT;
            case FAILED_PRECONDITION, NOT_FOUND, PERMISSION_DENIED, UNAUTHENTICATED, ALREADY_EXISTS -> PERMANENT_UNLESS_HEALED;
            // UNAVAILABLE, DEADLINE_EXCEEDED, RESOURCE_EXHAUSTED, ABORTED, CANCELLED, INTERNAL, DATA_LOSS, and
            // UNKNOWN (which is also what a local error such as a timeout maps to)
            default -> TRANSIENT;
        };
    }
}
