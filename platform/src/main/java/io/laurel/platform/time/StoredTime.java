package io.laurel.platform.time;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Instants as Postgres keeps them ({@code timestamptz} has microseconds), so that what a call
 * answers equals what a later read returns.
 */
public final class StoredTime {

    private StoredTime() {
    }

    public static Instant now(Clock clock) {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    /**
     * A request's instant at the precision it will be stored with, so it compares with stored instants as it will
     * once stored (an order sent at T + 500 ns is not after a change stored at T).
     */
    public static Instant of(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MICROS);
    }
}
