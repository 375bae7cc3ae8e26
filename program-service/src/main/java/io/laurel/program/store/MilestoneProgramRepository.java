package io.laurel.program.store;

import com.google.protobuf.InvalidProtocolBufferException;
import io.laurel.platform.grpc.ProtoTime;
import io.laurel.proto.program.v1.MilestoneProgram;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Milestone programs in Postgres: a head row per program (current version, status) and every
 * version whole. Every query is scoped by {@code store_id} (R-STORE-1).
 */
@ApplicationScoped
public class MilestoneProgramRepository {

    private static final String LATEST = """
            SELECT v.payload FROM milestone_program h
            JOIN milestone_program_version v
              ON v.store_id = h.store_id AND v.program_id = h.program_id AND v.version = h.current_version
            WHERE h.store_id = $1""";

    /**
     * The latest version, its head row locked for the rest of the transaction; null when there is
     * none. The lock is taken first, on its own: a writer that waited for it then reads the version
     * the previous writer committed (a locking join would re-check only the head row and lose it).
     */
    public Uni<MilestoneProgram> latestForUpdate(SqlClient tx, String storeId, String id) {
        return tx.preparedQuery("SELECT current_version FROM milestone_program WHERE store_id = $1 AND program_id = $2 FOR UPDATE")
                .execute(Tuple.of(storeId, id))
                .chain(head -> head.size() == 0 ? Uni.createFrom().nullItem()
                        : find(tx, storeId, id, head.iterator().next().getLong(0)));
    }

    /** Version {@code version} (0 = latest); null when the store has no such program or version. */
    public Uni<MilestoneProgram> find(SqlClient client, String storeId, String programId, long version) {
        if (version == 0) {
            return client.preparedQuery(LATEST + " AND h.program_id = $2")
                    .execute(Tuple.of(storeId, programId))
                    .map(MilestoneProgramRepository::firstOrNull);
        }
        return client.preparedQuery("SELECT payload FROM milestone_program_version"
                        + " WHERE store_id = $1 AND program_id = $2 AND version = $3")
                .execute(Tuple.of(storeId, programId, version))
                .map(MilestoneProgramRepository::firstOrNull);
    }

    /**
     * Stores a new version: version 1 creates the head row, later versions move it. The caller holds
     * the head row's lock (from {@link #latestForUpdate}) for any version after the first.
     */
    public Uni<Void> insert(SqlClient tx, MilestoneProgram p) {
        Uni<RowSet<Row>> head = p.getVersion() == 1
                ? tx.preparedQuery("INSERT INTO milestone_program (store_id, program_id, current_version, status, metric,"
                        + " create_time) VALUES ($1, $2, $3, $4, $5, $6)")
                        .execute(Tuple.from(new Object[] {p.getStoreId(), p.getProgramId(), p.getVersion(),
                                status(p), metric(p), utc(ProtoTime.toInstant(p.getCreateTime()))}))
                : tx.preparedQuery("UPDATE milestone_program SET current_version = $3, status = $4, metric = $5"
                        + " WHERE store_id = $1 AND program_id = $2")
                        .execute(Tuple.of(p.getStoreId(), p.getProgramId(), p.getVersion(), status(p), metric(p)));
        return head.chain(() -> tx.preparedQuery("INSERT INTO milestone_program_version (store_id, program_id, version,"
                                + " status, metric, update_time, payload) VALUES ($1, $2, $3, $4, $5, $6, $7)")
                        .execute(Tuple.from(new Object[] {p.getStoreId(), p.getProgramId(), p.getVersion(), status(p),
                                metric(p), utc(ProtoTime.toInstant(p.getUpdateTime())),
                                io.vertx.core.buffer.Buffer.buffer(p.toByteArray())})))
                .replaceWithVoid();
    }

    /**
     * Up to {@code limit} latest versions of the store's programs created after the keyset position
     * ({@code afterCreateTime}, {@code afterId}) — null for the first page — oldest first, filtered
     * by status and metric names (empty = any).
     */
    public Uni<List<MilestoneProgram>> list(SqlClient client, String storeId, List<String> statuses,
                                            List<String> metrics, Instant afterCreateTime, String afterId, int limit) {
        Tuple args = Tuple.of(storeId);
        StringBuilder sql = new StringBuilder(LATEST);
        if (!statuses.isEmpty()) {
            args.addArrayOfString(statuses.toArray(String[]::new));
            sql.append(" AND h.status = ANY($").append(args.size()).append(")");
        }
        if (!metrics.isEmpty()) {
            args.addArrayOfString(metrics.toArray(String[]::new));
            sql.append(" AND h.metric = ANY($").append(args.size()).append(")");
        }
        if (afterCreateTime != null) {
            args.addOffsetDateTime(utc(afterCreateTime)).addString(afterId);
            sql.append(" AND (h.create_time, h.program_id) > ($").append(args.size() - 1)
                    .append(", $").append(args.size()).append(")");
        }
        args.addInteger(limit);
        sql.append(" ORDER BY h.create_time, h.program_id LIMIT $").append(args.size());
        return client.preparedQuery(sql.toString()).execute(args).map(MilestoneProgramRepository::all);
    }

    /** Up to {@code limit} versions of one program below {@code beforeVersion} (0 = from the latest), newest first. */
    public Uni<List<MilestoneProgram>> versions(SqlClient client, String storeId, String programId,
                                                long beforeVersion, int limit) {
        return client.preparedQuery("SELECT payload FROM milestone_program_version"
                        + " WHERE store_id = $1 AND program_id = $2 AND ($3::bigint = 0 OR version < $3::bigint)"
                        + " ORDER BY version DESC LIMIT $4")
                .execute(Tuple.of(storeId, programId, beforeVersion, limit))
                .map(MilestoneProgramRepository::all);
    }

    private static String status(MilestoneProgram p) {
        return p.getStatus().name().substring("MILESTONE_PROGRAM_STATUS_".length());
    }

    private static String metric(MilestoneProgram p) {
        return p.getMetric().name().substring("MILESTONE_METRIC_".length());
    }

    private static java.time.OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private static MilestoneProgram firstOrNull(RowSet<Row> rows) {
        return rows.size() == 0 ? null : parse(rows.iterator().next());
    }

    private static List<MilestoneProgram> all(RowSet<Row> rows) {
        List<MilestoneProgram> programs = new ArrayList<>(rows.size());
        rows.forEach(row -> programs.add(parse(row)));
        return programs;
    }

    private static MilestoneProgram parse(Row row) {
        try {
            return MilestoneProgram.parseFrom(row.getBuffer("payload").getBytes());
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("unreadable milestone_program_version payload", e);
        }
    }
}
