package io.laurel.program.feed;

import io.laurel.platform.store.Retention;
import io.laurel.program.store.ConfigChangeRepository;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Keeps the change feed to its promised retention (at least 30 days, {@code
 * laurel.program.feed.retention}): hourly, changes older than that are deleted, except each
 * resource's latest, which ListCurrentConfig serves. A subscriber whose cursor falls behind the
 * purge gets CURSOR_EXPIRED and resyncs.
 */
@ApplicationScoped
public class ConfigChangeRetention {

    private final Pool pool;
    private final ConfigChangeRepository changes;
    private final Vertx vertx;
    private final Clock clock;
    private final Duration retention;
    private long timer = -1;

    public ConfigChangeRetention(Pool pool, ConfigChangeRepository changes, Vertx vertx, Clock clock,
                                 @ConfigProperty(name = "laurel.program.feed.retention", defaultValue = "P30D")
                                 Duration retention) {
        this.pool = pool;
        this.changes = changes;
        this.vertx = vertx;
        this.clock = clock;
        this.retention = retention;
    }

    void onStart(@Observes StartupEvent event) {
        timer = Retention.hourly(vertx, "configuration changes", this::purge);
    }

    void onStop(@Observes ShutdownEvent event) {
        vertx.cancelTimer(timer);
    }

    /** Deletes what retention no longer keeps; returns how many changes went. */
    public Uni<Integer> purge() {
        return pool.withTransaction(tx -> changes.purge(tx, clock.instant().minus(retention)));
    }
}
