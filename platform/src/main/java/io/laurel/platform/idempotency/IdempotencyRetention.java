package io.laurel.platform.idempotency;

import io.laurel.platform.config.LaurelConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Duration;
import org.jboss.logging.Logger;

/** Forgets request ids older than {@code laurel.idempotency.retention}, hourly. */
@ApplicationScoped
public class IdempotencyRetention {

    private static final Logger LOG = Logger.getLogger(IdempotencyRetention.class);

    private final Vertx vertx;
    private final Idempotency idempotency;
    private final Clock clock;
    private final LaurelConfig.Idempotency config;
    private long timer = -1;

    public IdempotencyRetention(Vertx vertx, Idempotency idempotency, Clock clock, LaurelConfig.Idempotency config) {
        this.vertx = vertx;
        this.idempotency = idempotency;
        this.clock = clock;
        this.config = config;
    }

    void onStart(@Observes StartupEvent event) {
        timer = vertx.setPeriodic(Duration.ofHours(1).toMillis(), id -> idempotency
                .purgeOlderThan(clock.instant().minus(config.retention()))
                .subscribe().with(count -> LOG.debugf("forgot %d request ids", count),
                        failure -> LOG.warnf("request id purge failed: %s", failure)));
    }

    void onStop(@Observes ShutdownEvent event) {
        vertx.cancelTimer(timer);
    }
}
