package io.laurel.platform.outbox;

import io.laurel.platform.config.LaurelConfig;
import java.time.Duration;

/**
 * How the relay works: {@code batchSize} messages per transaction, a safety-net poll every
 * {@code pollInterval} (LISTEN/NOTIFY is the prompt path), and exponential backoff between
 * {@code initialBackoff} and {@code maxBackoff} for failed deliveries. Nothing is ever dropped: a
 * message whose peer stays down is retried every {@code maxBackoff} until it gets through; one the
 * peer refuses for good is parked ({@link DeliveryFailure}), at once or after
 * {@code parkAfterAttempts} attempts for refusals that may heal.
 */
public record OutboxSettings(int batchSize, Duration pollInterval, Duration initialBackoff, Duration maxBackoff,
                             Duration deliveryDeadline, int parkAfterAttempts) {

    /** Attempts a refusal that may heal (e.g. FAILED_PRECONDITION) gets before the message is parked. */
    public static final int DEFAULT_PARK_AFTER_ATTEMPTS = 8;

    public OutboxSettings(int batchSize, Duration pollInterval, Duration initialBackoff, Duration maxBackoff,
                          Duration deliveryDeadline) {
        this(batchSize, pollInterval, initialBackoff, maxBackoff, deliveryDeadline, DEFAULT_PARK_AFTER_ATTEMPTS);
    }

    /** The relay's settings as configured under {@code laurel.outbox}. */
    public static OutboxSettings from(LaurelConfig.Outbox config) {
        return new OutboxSettings(config.batchSize(), config.pollInterval(), config.initialBackoff(),
                config.maxBackoff(), config.deliveryDeadline(), config.parkAfterAttempts());
    }

    /** Delay before the next try after {@code attempts} failed ones (1 → initial backoff). */
    public Duration backoffAfter(int attempts) {
        int doublings = Math.min(Math.max(attempts - 1, 0), 30);
        long millis = initialBackoff.toMillis() << doublings;
        return millis <= 0 || millis > maxBackoff.toMillis() ? maxBackoff : Duration.ofMillis(millis);
    }
}
