package io.laurel.platform.outbox;

/**
 * The receiver answered OK but refused this message's item(s) (e.g. progress-service's
 * {@code IngestEvents} answered {@code REJECTED}): resending it unchanged fails again, so the relay
 * parks it.
 */
public final class RejectedByReceiverException extends RuntimeException {

    public RejectedByReceiverException(String message) {
        super(message, null, false, false);
    }
}
