package io.laurel.platform.time;

import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The clock every service reads time from: the system clock, or — only when
 * {@code laurel.dev-clock.file} is set, as {@code ./laurel up} and the e2e suite do and production
 * never does — the suite-wide {@link DevClock}. Tests replace it with {@link FixedClockProducer}'s
 * {@link MutableClock} to drive expiry and tier windows without sleeping.
 */
public class ClockProducer {

    /** The one setting that turns the development clock on: the path of its offset file. */
    public static final String DEV_CLOCK_FILE = "laurel.dev-clock.file";

    @Produces
    @Singleton
    @DefaultBean
    public Clock clock(@ConfigProperty(name = DEV_CLOCK_FILE) Optional<String> devClockFile, Event<ClockMoved> moved) {
        return devClockFile.filter(path -> !path.isBlank())
                .<Clock>map(path -> DevClock.following(Path.of(path), offset -> moved.fireAsync(new ClockMoved(offset))))
                .orElseGet(Clock::systemUTC);
    }

    void close(@Disposes Clock clock) {
        if (clock instanceof DevClock dev) {
            dev.close();
        }
    }
}
