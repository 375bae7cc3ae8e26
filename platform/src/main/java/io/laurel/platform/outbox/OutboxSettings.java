package io.laurel.platform.outbox;

import java.time.Duration;

/**
 * How the relay works: {@code batchSize} messages per transaction, a safety-net poll every
 * {@code pollInterval} (LISTEN/NOTIFY is the prompt path), and exponential backoff between
 * {@code initialBackoff} and {@code maxBackoff} for failed deliveries. Nothing is ever dropped: a
 * message whose peer stays down is retried every {@code maxBackoff} until it gets through.
 */
public record OutboxSettings(int batchSize, Duration pollInterval, Duration initialBackoff, Duration maxBackoff,
                             Duration deliveryDeadline) {

    public static OutboxSettings defaults() {
        return new OutboxSettings(100, Duration.ofSeconds(5), Duration.ofMillis(500), Duration.ofMinutes(5),
                Duration.ofSeconds(10));
    }

    /** Delay before the next try after {@code attempts} failed ones (1 → initial backoff). */
    public Duration backoffAfter(int attempts) {
        int doublings = Math.min(Math.max(attempts - 1, 0), 30);
        long millis = initialBackoff.toMillis() << doublings;
        return millis <= 0 || millis > maxBackoff.toMillis() ? maxBackoff : Duration.ofMillis(millis);
    }
}
