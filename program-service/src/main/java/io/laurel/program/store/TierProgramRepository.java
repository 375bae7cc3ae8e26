package io.laurel.program.store;

import io.laurel.proto.program.v1.TierProgram;
import io.laurel.proto.program.v1.TierProgramStatus;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;

/**
 * Tier programs in Postgres: a head row per program (current version, status) and every version
 * whole. Every query is scoped by {@code store_id} (R-STORE-1).
 */
@ApplicationScoped
public class TierProgramRepository {

    private static final VersionedProgramTables<TierProgram> TABLES = new VersionedProgramTables<>(
            "tier_program", "tier_program_id", List.of("status"), TierProgram.parser());
    private static final String LIVE = TABLES.latest() + " AND h.status <> 'ARCHIVED'";

    /**
     * The latest version, its head row locked for the rest of the transaction; null when there is
     * none (see {@link VersionedProgramTables#latestForUpdate}).
     */
    public Uni<TierProgram> latestForUpdate(SqlClient tx, String storeId, String id) {
        return TABLES.latestForUpdate(tx, storeId, id);
    }

    /**
     * The latest version of the store's program that is not archived, its head row held FOR SHARE
     * for the rest of the transaction, so a tier change (which takes it FOR UPDATE) waits until the
     * caller commits what it checked against these tiers; null when none. As in
     * {@link #latestForUpdate}, the lock comes first and the version is read after it.
     */
    public Uni<TierProgram> liveForShare(SqlClient tx, String storeId) {
        return tx.preparedQuery("SELECT tier_program_id, current_version FROM tier_program"
                        + " WHERE store_id = $1 AND status <> 'ARCHIVED' FOR SHARE")
                .execute(Tuple.of(storeId))
                .chain(head -> {
                    if (head.size() == 0) {
                        return Uni.createFrom().nullItem();
                    }
                    Row row = head.iterator().next();
                    return find(tx, storeId, row.getString("tier_program_id"), row.getLong("current_version"));
                });
    }

    /** Version {@code version} (0 = latest); null when the store has no such program or version. */
    public Uni<TierProgram> find(SqlClient client, String storeId, String tierProgramId, long version) {
        return TABLES.find(client, storeId, tierProgramId, version);
    }

    /** The latest version of the store's program that is not archived (R-TIER-1: at most one); null when none. */
    public Uni<TierProgram> live(SqlClient client, String storeId) {
        return client.preparedQuery(LIVE)
                .execute(Tuple.of(storeId))
                .map(TABLES::firstOrNull);
    }

    /**
     * Stores a new version: version 1 creates the head row (failing with a unique violation when the
     * store already has a live program), later versions move it under the caller's row lock.
     */
    public Uni<Void> insert(SqlClient tx, TierProgram p) {
        return TABLES.insert(tx, p.getStoreId(), p.getTierProgramId(), p.getVersion(), List.of(stored(p.getStatus())),
                p.getCreateTime(), p.getUpdateTime(), p);
    }

    /**
     * Up to {@code limit} latest versions of the store's programs created before the keyset position
     * (null for the first page), newest first, filtered by statuses (empty = any).
     */
    public Uni<List<TierProgram>> list(SqlClient client, String storeId, List<TierProgramStatus> statuses,
                                       Instant beforeCreateTime, String beforeId, int limit) {
        return TABLES.page(storeId)
                .anyOf("status", statuses.stream().map(TierProgramRepository::stored).sorted().distinct().toList())
                .newestFirst(client, beforeCreateTime, beforeId, limit);
    }

    /** Up to {@code limit} versions below {@code beforeVersion} (0 = from the latest), newest first. */
    public Uni<List<TierProgram>> versions(SqlClient client, String storeId, String tierProgramId,
                                           long beforeVersion, int limit) {
        return TABLES.versions(client, storeId, tierProgramId, beforeVersion, limit);
    }

    /** The name a status is stored under: the proto name without its prefix (ACTIVE). */
    private static String stored(TierProgramStatus status) {
        return status.name().substring("TIER_PROGRAM_STATUS_".length());
    }
}
