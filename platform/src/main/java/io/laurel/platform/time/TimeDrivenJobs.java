package io.laurel.platform.time;

import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.ObservesAsync;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Background jobs whose work depends on the time (points expiry, reservation timeouts, inactivity,
 * tier period ends): each runs every {@code every} of real time and, when the development clock
 * jumps ({@link ClockMoved}), within a second (once every service has seen the move) — so a suite whose clock was moved a month ahead sees what a
 * month of real time would have done. A job reads "now" from the injected clock; a pass that is
 * still running is not started twice.
 */
@ApplicationScoped
public class TimeDrivenJobs {

    private static final Logger LOG = Logger.getLogger(TimeDrivenJobs.class);

    static final Duration PEERS_SEE_THE_MOVE = DevClock.POLL.multipliedBy(10);

    private final Vertx vertx;
    private final List<Job> jobs = new CopyOnWriteArrayList<>();

    public TimeDrivenJobs(Vertx vertx) {
        this.vertx = vertx;
    }

    /** Runs {@code pass} every {@code every} and whenever the clock jumps ahead. */
    public void every(String name, Duration every, Supplier<Uni<?>> pass) {
        Job job = new Job(name, pass);
        job.timer = vertx.setPeriodic(every.toMillis(), id -> job.run());
        jobs.add(job);
    }

    /** Runs every job now (what a clock move does). */
    public void runAll() {
        jobs.forEach(Job::run);
    }

    void onClockMoved(@ObservesAsync ClockMoved moved) {
        LOG.debugf("clock moved to real time + %s: running %d time-driven job(s) shortly", moved.offset(), jobs.size());
        // every service reads the clock file on its own (every DevClock.POLL): wait until the others have
        // seen the move too, or what a job sends them would be in their future (and refused)
        vertx.setTimer(PEERS_SEE_THE_MOVE.toMillis(), id -> runAll());
    }

    void onStop(@Observes ShutdownEvent event) {
        jobs.forEach(job -> vertx.cancelTimer(job.timer));
    }

    private static final class Job {
        final String name;
        final Supplier<Uni<?>> pass;
        final AtomicBoolean running = new AtomicBoolean();
        long timer;

        Job(String name, Supplier<Uni<?>> pass) {
            this.name = name;
            this.pass = pass;
        }

        void run() {
            if (!running.compareAndSet(false, true)) {
                return;
            }
            Uni<?> uni;
            try {
                uni = pass.get();
            } catch (RuntimeException e) {
                uni = Uni.createFrom().failure(e);
            }
            uni.subscribe().with(
                    done -> running.set(false),
                    failure -> {
                        running.set(false);
                        LOG.warnf("time-driven job %s failed, its next run retries: %s", name, failure);
                    });
        }
    }
}
