package io.laurel.program.store;

import com.google.protobuf.InvalidProtocolBufferException;
import io.laurel.platform.grpc.ProtoTime;
import io.laurel.platform.store.TransactionSql;
import io.laurel.proto.program.v1.ConfigChange;
import io.laurel.proto.program.v1.ConfigKind;
import io.laurel.proto.program.v1.MilestoneProgramStatus;
import io.laurel.proto.program.v1.TierProgramStatus;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * The configuration change feed's table. Every write of a configuration version calls
 * {@link #append} in the same transaction; the feed reads it back in sequence order.
 */
@ApplicationScoped
public class ConfigChangeRepository {

    /** The channel a commit of a change notifies (NOTIFY is delivered on commit). */
    public static final String CHANNEL = "laurel_config_change";

    /** Serialises configuration writers from the append to commit, so sequences commit in order. */
    private static final long APPEND_LOCK = 0x6C617572656CL; // "laurel"

    /**
     * Records {@code change} (its {@code sequence} is ignored and assigned here) and returns the
     * sequence, in the caller's transaction, whichever client holds it; the commit notifies
     * {@link #CHANNEL}. Takes a transaction-level advisory lock first: a configuration writer that appends
     * waits for the previous one to commit, so sequence order is commit order.
     */
    public Uni<Long> append(TransactionSql tx, ConfigChange change) {
        ConfigChange payload = change.toBuilder().clearSequence().build();
        return tx.query("SELECT 1 FROM pg_advisory_xact_lock($1)", APPEND_LOCK)
                .chain(() -> tx.query("""
                                INSERT INTO config_change (store_id, kind, resource_id, version, archived, change_time, payload)
                                VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING sequence""",
                        change.getStoreId(), kindName(change.getKind()), change.getResourceId(), change.getVersion(),
                        archived(change), ProtoTime.toInstant(change.getChangeTime()).atOffset(ZoneOffset.UTC),
                        payload.toByteArray()))
                .map(rows -> ((Number) rows.get(0)[0]).longValue())
                .call(() -> tx.query("SELECT 1 FROM pg_notify($1, '')", CHANNEL));
    }

    /** Up to {@code limit} changes with sequence > {@code after}, oldest first; empty stores = all. */
    public Uni<List<ConfigChange>> after(SqlClient client, long after, List<String> storeIds, int limit) {
        String stores = storeIds.isEmpty() ? "" : " AND store_id = ANY($3)";
        Tuple args = storeIds.isEmpty() ? Tuple.of(after, limit) : Tuple.of(after, limit, storeIds.toArray(String[]::new));
        return client.preparedQuery("SELECT sequence, payload FROM config_change WHERE sequence > $1" + stores
                        + " ORDER BY sequence LIMIT $2")
                .execute(args)
                .map(ConfigChangeRepository::changes);
    }

    /** The highest sequence committed so far (0 when there is none). */
    public Uni<Long> latestSequence(SqlClient client) {
        return client.query("SELECT coalesce(max(sequence), 0) FROM config_change").execute()
                .map(rows -> rows.iterator().next().getLong(0));
    }

    /** Changes at or below this sequence may have been purged; a cursor below it has expired. */
    public Uni<Long> purgedThrough(SqlClient client) {
        return client.query("SELECT purged_through FROM config_change_horizon").execute()
                .map(rows -> rows.iterator().next().getLong(0));
    }

    /**
     * The latest change of every current resource whose (store, kind, resource) sorts after the
     * given key, ordered by store, kind, resource; archived programs are left out.
     */
    public Uni<List<ConfigChange>> current(SqlClient client, List<String> storeIds, ResourceKey after, int limit) {
        Tuple args = Tuple.of(after.storeId(), after.kind(), after.resourceId(), limit);
        String stores = "";
        if (!storeIds.isEmpty()) {
            args.addArrayOfString(storeIds.toArray(String[]::new));
            stores = " AND store_id = ANY($5)";
        }
        return client.preparedQuery("""
                        SELECT sequence, payload FROM (
                            SELECT DISTINCT ON (store_id, kind, resource_id) store_id, kind, resource_id, sequence,
                                   archived, payload
                            FROM config_change
                            WHERE (store_id, kind, resource_id) > ($1, $2, $3)""" + stores + """

                            ORDER BY store_id, kind, resource_id, sequence DESC) latest
                        WHERE NOT archived
                        ORDER BY store_id, kind, resource_id
                        LIMIT $4""")
                .execute(args)
                .map(ConfigChangeRepository::changes);
    }

    /**
     * Deletes changes older than {@code before}, keeping the latest change of every resource (the
     * current configuration), and moves the horizon past what was deleted. Returns rows deleted.
     */
    public Uni<Integer> purge(SqlConnection tx, Instant before) {
        return tx.preparedQuery("""
                        WITH doomed AS (
                            DELETE FROM config_change c
                            WHERE c.change_time < $1
                              AND EXISTS (SELECT 1 FROM config_change newer
                                          WHERE newer.store_id = c.store_id AND newer.kind = c.kind
                                            AND newer.resource_id = c.resource_id AND newer.sequence > c.sequence)
                            RETURNING sequence)
                        UPDATE config_change_horizon
                        SET purged_through = greatest(purged_through, (SELECT coalesce(max(sequence), 0) FROM doomed))
                        RETURNING (SELECT count(*) FROM doomed)""")
                .execute(Tuple.of(before.atOffset(ZoneOffset.UTC)))
                .map(rows -> rows.iterator().next().getInteger(0));
    }

    /** A position in ListCurrentConfig's order. */
    public record ResourceKey(String storeId, String kind, String resourceId) {

        public static final ResourceKey FIRST = new ResourceKey("", "", "");
    }

    /** The key ListCurrentConfig's order uses for a change. */
    public static ResourceKey keyOf(ConfigChange change) {
        return new ResourceKey(change.getStoreId(), kindName(change.getKind()), change.getResourceId());
    }

    private static String kindName(ConfigKind kind) {
        return kind.name().substring("CONFIG_KIND_".length());
    }

    private static boolean archived(ConfigChange change) {
        return switch (change.getSnapshotCase()) {
            case MILESTONE_PROGRAM -> change.getMilestoneProgram().getStatus()
                    == MilestoneProgramStatus.MILESTONE_PROGRAM_STATUS_ARCHIVED;
            case TIER_PROGRAM -> change.getTierProgram().getStatus() == TierProgramStatus.TIER_PROGRAM_STATUS_ARCHIVED;
            default -> false;
        };
    }

    private static List<ConfigChange> changes(RowSet<Row> rows) {
        List<ConfigChange> changes = new ArrayList<>(rows.size());
        for (Row row : rows) {
            try {
                changes.add(ConfigChange.parseFrom(row.getBuffer("payload").getBytes()).toBuilder()
                        .setSequence(row.getLong("sequence")).build());
            } catch (InvalidProtocolBufferException e) {
                throw new IllegalStateException("unreadable config_change " + row.getLong("sequence"), e);
            }
        }
        return changes;
    }
}
