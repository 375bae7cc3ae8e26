package io.laurel.program.store;

import com.google.protobuf.InvalidProtocolBufferException;
import io.laurel.platform.grpc.ProtoTime;
import io.laurel.proto.program.v1.TierProgram;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Tier programs in Postgres: a head row per program (current version, status) and every version
 * whole. Every query is scoped by {@code store_id} (R-STORE-1).
 */
@ApplicationScoped
public class TierProgramRepository {

    private static final String LATEST = """
            SELECT v.payload FROM tier_program h
            JOIN tier_program_version v
              ON v.store_id = h.store_id AND v.tier_program_id = h.tier_program_id AND v.version = h.current_version
            WHERE h.store_id = $1""";

    /**
     * The latest version, its head row locked for the rest of the transaction; null when there is
     * none. The lock is taken first, on its own: a writer that waited for it then reads the version
     * the previous writer committed (a locking join would re-check only the head row and lose it).
     */
    public Uni<TierProgram> latestForUpdate(SqlClient tx, String storeId, String id) {
        return tx.preparedQuery("SELECT current_version FROM tier_program WHERE store_id = $1 AND tier_program_id = $2 FOR UPDATE")
                .execute(Tuple.of(storeId, id))
                .chain(head -> head.size() == 0 ? Uni.createFrom().nullItem()
                        : find(tx, storeId, id, head.iterator().next().getLong(0)));
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
        if (version == 0) {
            return client.preparedQuery(LATEST + " AND h.tier_program_id = $2")
                    .execute(Tuple.of(storeId, tierProgramId))
                    .map(TierProgramRepository::firstOrNull);
        }
        return client.preparedQuery("SELECT payload FROM tier_program_version"
                        + " WHERE store_id = $1 AND tier_program_id = $2 AND version = $3")
                .execute(Tuple.of(storeId, tierProgramId, version))
                .map(TierProgramRepository::firstOrNull);
    }

    /** The latest version of the store's program that is not archived (R-TIER-1: at most one); null when none. */
    public Uni<TierProgram> live(SqlClient client, String storeId) {
        return client.preparedQuery(LATEST + " AND h.status <> 'ARCHIVED'")
                .execute(Tuple.of(storeId))
                .map(TierProgramRepository::firstOrNull);
    }

    /**
     * Stores a new version: version 1 creates the head row (failing with a unique violation when the
     * store already has a live program), later versions move it under the caller's row lock.
     */
    public Uni<Void> insert(SqlClient tx, TierProgram p) {
        Uni<RowSet<Row>> head = p.getVersion() == 1
                ? tx.preparedQuery("INSERT INTO tier_program (store_id, tier_program_id, current_version, status,"
                        + " create_time) VALUES ($1, $2, $3, $4, $5)")
                        .execute(Tuple.of(p.getStoreId(), p.getTierProgramId(), p.getVersion(), status(p),
                                utc(ProtoTime.toInstant(p.getCreateTime()))))
                : tx.preparedQuery("UPDATE tier_program SET current_version = $3, status = $4"
                        + " WHERE store_id = $1 AND tier_program_id = $2")
                        .execute(Tuple.of(p.getStoreId(), p.getTierProgramId(), p.getVersion(), status(p)));
        return head.chain(() -> tx.preparedQuery("INSERT INTO tier_program_version (store_id, tier_program_id,"
                                + " version, status, update_time, payload) VALUES ($1, $2, $3, $4, $5, $6)")
                        .execute(Tuple.of(p.getStoreId(), p.getTierProgramId(), p.getVersion(), status(p),
                                utc(ProtoTime.toInstant(p.getUpdateTime())), io.vertx.core.buffer.Buffer.buffer(p.toByteArray()))))
                .replaceWithVoid();
    }

    /**
     * Up to {@code limit} latest versions of the store's programs created before the keyset position
     * (null for the first page), newest first, filtered by status names (empty = any).
     */
    public Uni<List<TierProgram>> list(SqlClient client, String storeId, List<String> statuses,
                                       Instant beforeCreateTime, String beforeId, int limit) {
        Tuple args = Tuple.of(storeId);
        StringBuilder sql = new StringBuilder(LATEST);
        if (!statuses.isEmpty()) {
            args.addArrayOfString(statuses.toArray(String[]::new));
            sql.append(" AND h.status = ANY($").append(args.size()).append(")");
        }
        if (beforeCreateTime != null) {
            args.addOffsetDateTime(utc(beforeCreateTime)).addString(beforeId);
            sql.append(" AND (h.create_time, h.tier_program_id) < ($").append(args.size() - 1)
                    .append(", $").append(args.size()).append(")");
        }
        args.addInteger(limit);
        sql.append(" ORDER BY h.create_time DESC, h.tier_program_id DESC LIMIT $").append(args.size());
        return client.preparedQuery(sql.toString()).execute(args).map(TierProgramRepository::all);
    }

    /** Up to {@code limit} versions below {@code beforeVersion} (0 = from the latest), newest first. */
    public Uni<List<TierProgram>> versions(SqlClient client, String storeId, String tierProgramId,
                                           long beforeVersion, int limit) {
        return client.preparedQuery("SELECT payload FROM tier_program_version"
                        + " WHERE store_id = $1 AND tier_program_id = $2 AND ($3::bigint = 0 OR version < $3::bigint)"
                        + " ORDER BY version DESC LIMIT $4")
                .execute(Tuple.of(storeId, tierProgramId, beforeVersion, limit))
                .map(TierProgramRepository::all);
    }

    private static String status(TierProgram p) {
        return p.getStatus().name().substring("TIER_PROGRAM_STATUS_".length());
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private static TierProgram firstOrNull(RowSet<Row> rows) {
        return rows.size() == 0 ? null : parse(rows.iterator().next());
    }

    private static List<TierProgram> all(RowSet<Row> rows) {
        List<TierProgram> programs = new ArrayList<>(rows.size());
        rows.forEach(row -> programs.add(parse(row)));
        return programs;
    }

    private static TierProgram parse(Row row) {
        try {
            return TierProgram.parseFrom(row.getBuffer("payload").getBytes());
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("unreadable tier_program_version payload", e);
        }
    }
}
