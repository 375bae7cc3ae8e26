package io.laurel.platform.idempotency;

import io.laurel.platform.config.LaurelConfig;
import io.laurel.platform.store.Retention;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;

/** Forgets request ids older than {@code laurel.idempotency.retention}, hourly. */
@ApplicationScoped
public class IdempotencyRetention {

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
        timer = Retention.hourly(vertx, "request ids",
                () -> idempotency.purgeOlderThan(clock.instant().minus(config.retention())));
    }

    void onStop(@Observes ShutdownEvent event) {
        vertx.cancelTimer(timer);
    }
}
