package io.laurel.platform.outbox;

import io.laurel.platform.config.LaurelConfig;
import java.time.Duration;

/**
 * How the relay works: {@code batchSize} messages per transaction, a safety-net poll every
 * {@code pollInterval} (LISTEN/NOTIFY is the prompt path), and exponential backoff between
 * {@code initialBackoff} and {@code maxBackoff} for failed deliveries. Nothing is ever dropped: a
 * message whose peer stays down is retried every {@code maxBackoff} until it gets through.
 */
public record OutboxSettings(int batchSize, Duration pollInterval, Duration initialBackoff, Duration maxBackoff,
                             Duration deliveryDeadline) {

    /** The relay's settings as configured under {@code laurel.outbox}. */
    public static OutboxSettings from(LaurelConfig.Outbox config) {
        return new OutboxSettings(config.batchSize(), config.pollInterval(), config.initialBackoff(),
                config.maxBackoff(), config.deliveryDeadline());
    }

    /** Delay before the next try after {@code attempts} failed ones (1 → initial backoff). */
    public Duration backoffAfter(int attempts) {
        int doublings = Math.min(Math.max(attempts - 1, 0), 30);
        long millis = initialBackoff.toMillis() << doublings;
        return millis <= 0 || millis > maxBackoff.toMillis() ? maxBackoff : Duration.ofMillis(millis);
    }
}
