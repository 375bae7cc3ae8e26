package io.laurel.program.store;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageLite;
import com.google.protobuf.Parser;
import com.google.protobuf.Timestamp;
import io.laurel.platform.grpc.ProtoTime;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * How a kind of versioned program is kept: a head row per program in {@code <head>} (current version, the summary
 * columns lists filter on, create time) and every version whole in {@code <head>_version} (the same summary
 * columns, update time, payload). Every query is scoped by {@code store_id} (R-STORE-1).
 */
final class VersionedProgramTables<P extends MessageLite> {

    private final String idColumn;
    private final Parser<P> parser;
    private final String versionTable;
    private final String latest;
    private final String findLatest;
    private final String lockHead;
    private final String findVersion;
    private final String listVersions;
    private final String insertHead;
    private final String moveHead;
    private final String insertVersion;

    /**
     * @param head          the head table; the versions are in {@code head + "_version"}
     * @param idColumn      the program's id column in both tables
     * @param summary       the columns both tables keep beside the payload, in the order {@link #insert} takes them
     */
    VersionedProgramTables(String head, String idColumn, List<String> summary, Parser<P> parser) {
        this.idColumn = idColumn;
        this.parser = parser;
        this.versionTable = head + "_version";
        String columns = String.join(", ", summary);
        int n = summary.size();
        this.latest = """
                SELECT v.payload FROM %1$s h
                JOIN %2$s v
                  ON v.store_id = h.store_id AND v.%3$s = h.%3$s AND v.version = h.current_version
                WHERE h.store_id = $1""".formatted(head, versionTable, idColumn);
        this.findLatest = latest + " AND h." + idColumn + " = $2";
        this.lockHead = "SELECT current_version FROM " + head
                + " WHERE store_id = $1 AND " + idColumn + " = $2 FOR UPDATE";
        this.findVersion = "SELECT payload FROM " + versionTable
                + " WHERE store_id = $1 AND " + idColumn + " = $2 AND version = $3";
        this.listVersions = "SELECT payload FROM " + versionTable
                + " WHERE store_id = $1 AND " + idColumn + " = $2 AND ($3::bigint = 0 OR version < $3::bigint)"
                + " ORDER BY version DESC LIMIT $4";
        this.insertHead = "INSERT INTO " + head + " (store_id, " + idColumn + ", current_version, " + columns
                + ", create_time) VALUES (" + parameters(n + 4) + ")";
        this.moveHead = "UPDATE " + head + " SET current_version = $3, " + IntStream.range(0, n)
                        .mapToObj(i -> summary.get(i) + " = $" + (i + 4)).collect(Collectors.joining(", "))
                + " WHERE store_id = $1 AND " + idColumn + " = $2";
        this.insertVersion = "INSERT INTO " + versionTable + " (store_id, " + idColumn + ", version, " + columns
                + ", update_time, payload) VALUES (" + parameters(n + 5) + ")";
    }

    /** The latest version of each of the store's programs; callers append {@code AND h.…} conditions. */
    String latest() {
        return latest;
    }

    /**
     * The latest version, its head row locked for the rest of the transaction; null when there is
     * none. The lock is taken first, on its own: a writer that waited for it then reads the version
     * the previous writer committed (a locking join would re-check only the head row and lose it).
     */
    Uni<P> latestForUpdate(SqlClient tx, String storeId, String id) {
        return tx.preparedQuery(lockHead)
                .execute(Tuple.of(storeId, id))
                .chain(head -> head.size() == 0 ? Uni.createFrom().nullItem()
                        : find(tx, storeId, id, head.iterator().next().getLong(0)));
    }

    /** Version {@code version} (0 = latest); null when the store has no such program or version. */
    Uni<P> find(SqlClient client, String storeId, String id, long version) {
        if (version == 0) {
            return client.preparedQuery(findLatest)
                    .execute(Tuple.of(storeId, id))
                    .map(this::firstOrNull);
        }
        return client.preparedQuery(findVersion)
                .execute(Tuple.of(storeId, id, version))
                .map(this::firstOrNull);
    }

    /** Up to {@code limit} versions of one program below {@code beforeVersion} (0 = from the latest), newest first. */
    Uni<List<P>> versions(SqlClient client, String storeId, String id, long beforeVersion, int limit) {
        return client.preparedQuery(listVersions)
                .execute(Tuple.of(storeId, id, beforeVersion, limit))
                .map(this::all);
    }

    /**
     * Stores a new version: version 1 creates the head row, later versions move it (under the caller's lock
     * from {@link #latestForUpdate}). {@code summary} holds the values of the summary columns, in their order.
     */
    Uni<Void> insert(SqlClient tx, String storeId, String id, long version, List<Object> summary,
                     Timestamp createTime, Timestamp updateTime, P program) {
        List<Object> key = List.of(storeId, id, version);
        Uni<RowSet<Row>> head = version == 1
                ? tx.preparedQuery(insertHead).execute(row(key, summary, utc(ProtoTime.toInstant(createTime))))
                : tx.preparedQuery(moveHead).execute(row(key, summary));
        return head.chain(() -> tx.preparedQuery(insertVersion).execute(row(key, summary,
                        utc(ProtoTime.toInstant(updateTime)), Buffer.buffer(program.toByteArray()))))
                .replaceWithVoid();
    }

    /** The latest versions of the store's programs, narrowed and paged by what is chained on. */
    Page page(String storeId) {
        return new Page(storeId);
    }

    /** One list query over the latest versions, built as it is chained; use it once. */
    final class Page {
        private final Tuple args;
        private final StringBuilder sql = new StringBuilder(latest);

        private Page(String storeId) {
            args = Tuple.of(storeId);
        }

        /** Only programs whose head row's {@code column} is one of {@code values}; empty = any. */
        Page anyOf(String column, List<String> values) {
            if (!values.isEmpty()) {
                args.addArrayOfString(values.toArray(String[]::new));
                sql.append(" AND h.").append(column).append(" = ANY($").append(args.size()).append(")");
            }
            return this;
        }

        /** Up to {@code limit}, oldest created first, after the keyset position (null time: the first page). */
        Uni<List<P>> oldestFirst(SqlClient client, Instant afterCreateTime, String afterId, int limit) {
            return run(client, afterCreateTime, afterId, ">", "", limit);
        }

        /** Up to {@code limit}, newest created first, before the keyset position (null time: the first page). */
        Uni<List<P>> newestFirst(SqlClient client, Instant beforeCreateTime, String beforeId, int limit) {
            return run(client, beforeCreateTime, beforeId, "<", " DESC", limit);
        }

        private Uni<List<P>> run(SqlClient client, Instant createTime, String id, String comparison,
                                 String direction, int limit) {
            if (createTime != null) {
                args.addOffsetDateTime(utc(createTime)).addString(id);
                sql.append(" AND (h.create_time, h.").append(idColumn).append(") ").append(comparison)
                        .append(" ($").append(args.size() - 1).append(", $").append(args.size()).append(")");
            }
            args.addInteger(limit);
            sql.append(" ORDER BY h.create_time").append(direction).append(", h.").append(idColumn).append(direction)
                    .append(" LIMIT $").append(args.size());
            return client.preparedQuery(sql.toString()).execute(args).map(VersionedProgramTables.this::all);
        }
    }

    P firstOrNull(RowSet<Row> rows) {
        return rows.size() == 0 ? null : parse(rows.iterator().next());
    }

    private List<P> all(RowSet<Row> rows) {
        List<P> programs = new ArrayList<>(rows.size());
        rows.forEach(row -> programs.add(parse(row)));
        return programs;
    }

    private P parse(Row row) {
        try {
            return parser.parseFrom(row.getBuffer("payload").getBytes());
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("unreadable " + versionTable + " payload", e);
        }
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private static Tuple row(List<Object> key, List<Object> summary, Object... rest) {
        List<Object> values = new ArrayList<>(key);
        values.addAll(summary);
        values.addAll(List.of(rest));
        return Tuple.from(values);
    }

    private static String parameters(int count) {
        return IntStream.rangeClosed(1, count).mapToObj(i -> "$" + i).collect(Collectors.joining(", "));
    }
}
