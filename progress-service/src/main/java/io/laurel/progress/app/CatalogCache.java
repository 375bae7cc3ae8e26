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
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Each store's configuration, held in memory so neither ingestion nor the view reads it per call.
 * Every replica drops a store's entry when any replica commits a configuration change for it
 * (Postgres NOTIFY on {@link ConfigStore#CHANNEL}, delivered at commit).
 */
@ApplicationScoped
public class CatalogCache {

    private static final Logger LOG = Logger.getLogger(CatalogCache.class);

    private final Pool pool;
    private final ConfigStore configs;
    private final PgSubscribers subscribers;
    private final ConcurrentHashMap<String, Uni<StoreCatalog>> catalogs = new ConcurrentHashMap<>();

    public CatalogCache(Pool pool, ConfigStore configs, PgSubscribers subscribers) {
        this.pool = pool;
        this.configs = configs;
        this.subscribers = subscribers;
    }

    void listen(@Observes StartupEvent event) {
        subscribers.create().ifPresent(this::listen);
    }

    private void listen(PgSubscriber subscriber) {
        subscriber.channel(ConfigStore.CHANNEL).handler(catalogs::remove);
        subscriber.connect().subscribe().with(
                connected -> catalogs.clear(),
                failure -> LOG.warnf("cannot LISTEN for configuration changes: %s", failure.toString()));
    }

    public Uni<StoreCatalog> get(String storeId) {
        return catalogs.computeIfAbsent(storeId, id -> configs.load(pool, id)
                .onFailure().invoke(f -> catalogs.remove(id))
                .memoize().indefinitely());
    }

    /** Drops the store's catalog (after a change committed in this process). */
    public void forget(String storeId) {
        catalogs.remove(storeId);
    }

}
