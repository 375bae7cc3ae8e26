package io.laurel.progress.app;

import io.laurel.platform.store.PgSubscribers;
import io.laurel.progress.domain.StoreCatalog;
import io.laurel.progress.store.ConfigStore;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.pgclient.pubsub.PgSubscriber;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Each store's configuration, held in memory so neither ingestion nor the view reads it per call.
 * Every replica drops a store's entry when any replica commits a configuration change for it
 * (Postgres NOTIFY on {@link ConfigStore#CHANNEL}, delivered at commit). Notifications sent while
 * the LISTEN connection was down are lost, so every (re)subscription drops the whole cache, and an
 * entry older than {@code laurel.progress.catalog.ttl} (by the injected clock) is reloaded anyway.
 */
@ApplicationScoped
public class CatalogCache {

    private static final Logger LOG = Logger.getLogger(CatalogCache.class);

    private final Pool pool;
    private final ConfigStore configs;
    private final PgSubscribers subscribers;
    private final Clock clock;
    private final Duration ttl;
    private final ConcurrentHashMap<String, Entry> catalogs = new ConcurrentHashMap<>();

    private record Entry(Uni<StoreCatalog> catalog, Instant loadedAt) {
    }

    public CatalogCache(Pool pool, ConfigStore configs, PgSubscribers subscribers, Clock clock,
                        @ConfigProperty(name = "laurel.progress.catalog.ttl", defaultValue = "PT5M") Duration ttl) {
        this.pool = pool;
        this.configs = configs;
        this.subscribers = subscribers;
        this.clock = clock;
        this.ttl = ttl;
    }

    void listen(@Observes StartupEvent event) {
        subscribers.create().ifPresent(this::listen);
    }

    private void listen(PgSubscriber subscriber) {
        subscriber.channel(ConfigStore.CHANNEL).handler(catalogs::remove)
                // every (re)LISTEN: what changed while we were not listening was never notified
                .subscribeHandler(catalogs::clear);
        subscriber.connect().subscribe().with(
                connected -> catalogs.clear(),
                failure -> LOG.warnf("cannot LISTEN for configuration changes: %s", failure.toString()));
    }

    public Uni<StoreCatalog> get(String storeId) {
        Instant now = clock.instant();
        return catalogs.compute(storeId, (id, entry) -> entry != null && now.isBefore(entry.loadedAt().plus(ttl))
                ? entry
                : new Entry(configs.load(pool, id)
                        .onFailure().invoke(f -> catalogs.remove(id))
                        .memoize().indefinitely(), now)).catalog();
    }

    /** Drops the store's catalog (after a change committed in this process). */
    public void forget(String storeId) {
        catalogs.remove(storeId);
    }

}
