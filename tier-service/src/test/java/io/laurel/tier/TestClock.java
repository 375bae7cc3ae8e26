package io.laurel.tier;

import io.laurel.platform.time.MutableClock;
import jakarta.annotation.Priority;
import jakarta.enterprise.inject.Alternative;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Instant;

/** The clock of every @QuarkusTest of this module: it stands still until a test moves it. */
public class TestClock {

    /** Where the clock starts. */
    public static final Instant START = Instant.parse("2026-03-01T10:00:00Z");

    @Produces
    @Singleton
    @Alternative
    @Priority(1)
    MutableClock clock() {
        return new MutableClock(START);
    }
}
