package io.laurel.platform.time;

import jakarta.enterprise.inject.Alternative;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Instant;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The clock of a service's {@code @QuarkusTest}s: a {@link MutableClock} that stands still at
 * {@code laurel.clock.start} until a test moves it, so expiry and tier windows are tested without
 * sleeping. Off unless a module selects it (build-time config, so only the test build has it):
 * {@code %test.quarkus.arc.selected-alternatives=io.laurel.platform.time.FixedClockProducer}.
 */
public class FixedClockProducer {

    /**
     * 25 Oct 2026 09:00 UTC (10:00 in Paris): the day summer time ends in Europe, so a test that
     * moves the clock by a day or to local midnight meets a 25-hour day.
     */
    public static final String DEFAULT_START = "2026-10-25T09:00:00Z";

    /** Where the clock starts unless {@code laurel.clock.start} says otherwise. */
    public static final Instant START = Instant.parse(DEFAULT_START);

    @Produces
    @Singleton
    @Alternative
    MutableClock clock(@ConfigProperty(name = "laurel.clock.start", defaultValue = DEFAULT_START) Instant start) {
        return new MutableClock(start);
    }
}
