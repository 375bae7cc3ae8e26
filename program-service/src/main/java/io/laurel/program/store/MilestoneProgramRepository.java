package io.laurel.program.store;

import io.laurel.proto.common.v1.MilestoneMetric;
import io.laurel.proto.program.v1.MilestoneProgram;
import io.laurel.proto.program.v1.MilestoneProgramStatus;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;

/**
 * Milestone programs in Postgres: a head row per program (current version, status, metric) and every
 * version whole. Every query is scoped by {@code store_id} (R-STORE-1).
 */
@ApplicationScoped
public class MilestoneProgramRepository {

    private static final VersionedProgramTables<MilestoneProgram> TABLES = new VersionedProgramTables<>(
            "milestone_program", "program_id", List.of("status", "metric"), MilestoneProgram.parser());

    /**
     * The latest version, its head row locked for the rest of the transaction; null when there is
     * none (see {@link VersionedProgramTables#latestForUpdate}).
     */
    public Uni<MilestoneProgram> latestForUpdate(SqlClient tx, String storeId, String id) {
        return TABLES.latestForUpdate(tx, storeId, id);
    }

    /** Version {@code version} (0 = latest); null when the store has no such program or version. */
    public Uni<MilestoneProgram> find(SqlClient client, String storeId, String programId, long version) {
        return TABLES.find(client, storeId, programId, version);
    }

    /**
     * Stores a new version: version 1 creates the head row, later versions move it. The caller holds
     * the head row's lock (from {@link #latestForUpdate}) for any version after the first.
     */
    public Uni<Void> insert(SqlClient tx, MilestoneProgram p) {
        return TABLES.insert(tx, p.getStoreId(), p.getProgramId(), p.getVersion(),
                List.of(stored(p.getStatus()), stored(p.getMetric())), p.getCreateTime(), p.getUpdateTime(), p);
    }

    /**
     * Up to {@code limit} latest versions of the store's programs created after the keyset position
     * ({@code afterCreateTime}, {@code afterId}) — null for the first page — oldest first, filtered
     * by statuses and metrics (empty = any).
     */
    public Uni<List<MilestoneProgram>> list(SqlClient client, String storeId, List<MilestoneProgramStatus> statuses,
                                            List<MilestoneMetric> metrics, Instant afterCreateTime, String afterId,
                                            int limit) {
        return TABLES.page(storeId)
                .anyOf("status", statuses.stream().map(MilestoneProgramRepository::stored).sorted().distinct().toList())
                .anyOf("metric", metrics.stream().map(MilestoneProgramRepository::stored).sorted().distinct().toList())
                .oldestFirst(client, afterCreateTime, afterId, limit);
    }

    /** Up to {@code limit} versions of one program below {@code beforeVersion} (0 = from the latest), newest first. */
    public Uni<List<MilestoneProgram>> versions(SqlClient client, String storeId, String programId,
                                                long beforeVersion, int limit) {
        return TABLES.versions(client, storeId, programId, beforeVersion, limit);
    }

    /** The name a status is stored under: the proto name without its prefix (ACTIVE). */
    private static String stored(MilestoneProgramStatus status) {
        return status.name().substring("MILESTONE_PROGRAM_STATUS_".length());
    }

    /** The name a metric is stored under: the proto name without its prefix (ORDER_COUNT). */
    private static String stored(MilestoneMetric metric) {
        return metric.name().substring("MILESTONE_METRIC_".length());
    }
}
