package io.laurel.program.store;

import io.laurel.platform.store.SessionTransactionSql;
import io.laurel.program.domain.StoreSettingsVersion;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Store settings versions, through the current Hibernate Reactive session; every version is kept
 * and readable. Every query names the store (R-STORE-1).
 */
@ApplicationScoped
public class StoreSettingsRepository implements PanacheRepositoryBase<StoreSettingsRow, StoreSettingsRow.Key> {

    private static final String LATEST = "from StoreSettingsRow where storeId = :store order by version desc";
    private static final String VERSION = "from StoreSettingsRow where storeId = :store and version = :version";

    /**
     * The latest version, with the store's settings locked for the rest of the transaction; null
     * when the store has none. The lock is a transaction-level advisory lock on the store (it exists
     * before the first version does), taken before the read, so a second writer waits and then reads
     * what the first committed: its expected_version check sees the true current version.
     */
    public Uni<StoreSettingsVersion> latestForUpdate(String storeId) {
        return Panache.getSession()
                .chain(session -> SessionTransactionSql.of(session)
                        .query("SELECT 1 FROM pg_advisory_xact_lock(hashtextextended('store_settings:' || $1, 0))",
                                storeId))
                .chain(() -> findVersion(storeId, 0));
    }

    /** Version {@code version} (0 = latest); null when there is no such version. */
    public Uni<StoreSettingsVersion> findVersion(String storeId, long version) {
        return Panache.getSession().chain(session -> findVersion(session, storeId, version));
    }

    /** As {@link #findVersion(String, long)}, through {@code q} (a read's stateless session). */
    public Uni<StoreSettingsVersion> findVersion(Mutiny.QueryProducer q, String storeId, long version) {
        return (version == 0
                ? q.createSelectionQuery(LATEST, StoreSettingsRow.class).setParameter("store", storeId).setMaxResults(1)
                : q.createSelectionQuery(VERSION, StoreSettingsRow.class).setParameter("store", storeId)
                        .setParameter("version", version))
                .getSingleResultOrNull()
                .map(found -> found == null ? null : found.toDomain());
    }

    /** Adds a new version (under the lock of {@link #latestForUpdate}). */
    public Uni<Void> insert(StoreSettingsVersion settings) {
        return persist(StoreSettingsRow.of(settings)).replaceWithVoid();
    }
}
