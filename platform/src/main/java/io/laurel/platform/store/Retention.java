package io.laurel.platform.store;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import java.time.Duration;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/** Hourly deletion of what a retention period no longer keeps (request ids, delivered messages, feed changes). */
public final class Retention {

    private static final Logger LOG = Logger.getLogger(Retention.class);
    private static final Duration EVERY = Duration.ofHours(1);

    private Retention() {
    }

    /**
     * Runs {@code purge} every hour and logs how many {@code what} it deleted; a failed purge is
     * logged and the next hour tries again. Returns the timer id, for {@code vertx.cancelTimer}.
     */
    public static long hourly(Vertx vertx, String what, Supplier<Uni<Integer>> purge) {
        return vertx.setPeriodic(EVERY.toMillis(), id -> purge.get().subscribe().with(
                deleted -> LOG.debugf("deleted %d %s", deleted, what),
                failure -> LOG.warnf("deleting old %s failed: %s", what, failure)));
    }
}
