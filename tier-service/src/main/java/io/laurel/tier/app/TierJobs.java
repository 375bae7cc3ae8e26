package io.laurel.tier.app;

import io.laurel.platform.time.TimeDrivenJobs;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Runs tier-service's background work on every replica, every {@code laurel.tier.jobs.interval} (10 s)
 * and at once when the development clock jumps (platform {@link TimeDrivenJobs}): the period-end job
 * and open program-change passes. Both are safe to run on several replicas at once (SKIP LOCKED); a
 * run never overlaps the previous one on the same replica. Tests switch the timers off
 * ({@code laurel.tier.jobs.enabled=false}) and call the jobs with the clock moved.
 */
@ApplicationScoped
public class TierJobs {

    private static final Logger LOG = Logger.getLogger(TierJobs.class);

    private final TimeDrivenJobs jobs;
    private final PeriodEndJob periodEnds;
    private final ProgramChangePass passes;
    private final boolean enabled;
    private final Duration interval;

    public TierJobs(TimeDrivenJobs jobs, PeriodEndJob periodEnds, ProgramChangePass passes,
                    @ConfigProperty(name = "laurel.tier.jobs.enabled", defaultValue = "true") boolean enabled,
                    @ConfigProperty(name = "laurel.tier.jobs.interval", defaultValue = "PT10S") Duration interval) {
        this.jobs = jobs;
        this.periodEnds = periodEnds;
        this.passes = passes;
        this.enabled = enabled;
        this.interval = interval;
    }

    void onStart(@Observes StartupEvent event) {
        if (enabled) {
            jobs.every("tier period ends and program-change passes", interval, () -> periodEnds.runOnce()
                    .chain(settled -> passes.runOnce().map(passed -> settled + passed))
                    .invoke(n -> LOG.debugf("tier jobs settled %d customers", n)));
        }
    }
}
