package io.laurel.reward;

import io.laurel.platform.time.MutableClock;
import jakarta.annotation.Priority;
import jakarta.enterprise.inject.Alternative;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Instant;

/** The service's clock in tests: stands still until a test moves it, so expiry needs no sleeping. */
public class TestClock {

    /** Where the clock starts: 25 Oct 2026 10:00 in Paris, the day summer time ends there. */
    public static final Instant START = Instant.parse("2026-10-25T09:00:00Z");

    @Produces
    @Singleton
    @Alternative
    @Priority(1)
    MutableClock clock() {
        return new MutableClock(START);
    }
}
