package io.laurel.platform.time;

import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;

/**
 * The clock every service reads time from. Tests replace it with {@link FixedClockProducer}'s
 * {@link MutableClock} to drive expiry and tier windows without sleeping.
 */
public class ClockProducer {

    @Produces
    @Singleton
    @DefaultBean
    public Clock clock() {
        return Clock.systemUTC();
    }
}
