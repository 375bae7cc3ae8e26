package io.laurel.tier.app;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Runs tier-service's background work on every replica, every {@code laurel.tier.jobs.interval} (10 s):
 * the period-end job and open program-change passes. Both are safe to run on several replicas at
 * once (SKIP LOCKED); a run never overlaps the previous one on the same replica. Tests switch the
 * timers off ({@code laurel.tier.jobs.enabled=false}) and call the jobs with the clock moved.
 */
@ApplicationScoped
public class TierJobs {

    private static final Logger LOG = Logger.getLogger(TierJobs.class);

    private final Vertx vertx;
    private final PeriodEndJob periodEnds;
    private final ProgramChangePass passes;
    private final boolean enabled;
    private final Duration interval;
    private final AtomicBoolean running = new AtomicBoolean();
    private long timer = -1;

    public TierJobs(Vertx vertx, PeriodEndJob periodEnds, ProgramChangePass passes,
                    @ConfigProperty(name = "laurel.tier.jobs.enabled", defaultValue = "true") boolean enabled,
                    @ConfigProperty(name = "laurel.tier.jobs.interval", defaultValue = "PT10S") Duration interval) {
        this.vertx = vertx;
        this.periodEnds = periodEnds;
        this.passes = passes;
        this.enabled = enabled;
        this.interval = interval;
    }

    void onStart(@Observes StartupEvent event) {
        if (enabled) {
            timer = vertx.setPeriodic(interval.toMillis(), id -> run(() -> periodEnds.runOnce()
                    .chain(settled -> passes.runOnce().map(passed -> settled + passed))));
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    private void run(Supplier<Uni<Integer>> work) {
        if (!running.compareAndSet(false, true)) {
            return;
        }
        work.get().onTermination().invoke(() -> running.set(false)).subscribe().with(
                n -> LOG.debugf("tier jobs settled %d customers", n),
                failure -> LOG.warnf("tier jobs failed, next run retries: %s", failure));
    }
}
