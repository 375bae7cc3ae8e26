package io.laurel.tier.store;

import io.laurel.platform.common.Actor;
import io.laurel.tier.domain.CustomerTierState;
import io.laurel.tier.domain.ManualAssignment;
import io.laurel.tier.domain.TierSource;
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
import java.util.Set;

/** Customers' tier state in Postgres, one row per (store, customer). */
@ApplicationScoped
public class CustomerTierRepository {

    private static final String COLUMNS = """
            store_id, customer_id, tier_program_id, computed_tier_id, computed_source, computed_since,
            qualifying_value, period_start_time, period_end_time, held_until, tier_since, manual_tier_id,
            manual_reason, manual_actor_kind, manual_actor_id, manual_actor_display_name, manual_start_time,
            manual_end_time""";

    /** The effective tier at $3: the manual assignment while in force, else the computed tier. */
    private static final String EFFECTIVE_TIER = """
            CASE WHEN manual_tier_id IS NOT NULL AND (manual_end_time IS NULL OR manual_end_time > $3)
                 THEN manual_tier_id ELSE computed_tier_id END""";
    private static final String EFFECTIVE_SOURCE = """
            CASE WHEN manual_tier_id IS NOT NULL AND (manual_end_time IS NULL OR manual_end_time > $3)
                 THEN 'MANUAL' ELSE computed_source END""";

    /**
     * The customer's state, with the customer serialized for the rest of the transaction (also
     * when no row exists yet, so two first writes for one customer cannot both start from nothing);
     * null when there is none.
     */
    public Uni<CustomerTierState> lock(SqlClient tx, String storeId, String customerId) {
        // the lock and the read go out pipelined: Postgres runs the read once the lock is held, one round trip
        return Uni.combine().all().unis(
                        tx.preparedQuery("SELECT pg_advisory_xact_lock(hashtextextended($1 || chr(31) || $2, 0))")
                                .execute(Tuple.of(storeId, customerId)),
                        tx.preparedQuery("SELECT " + COLUMNS + " FROM customer_tier"
                                        + " WHERE store_id = $1 AND customer_id = $2 FOR UPDATE")
                                .execute(Tuple.of(storeId, customerId)))
                .asTuple()
                .map(both -> firstOrNull(both.getItem2()));
    }

    /**
     * Up to {@code limit} customers of active programs whose window period has ended by
     * {@code now}, locked for this transaction; rows another transaction holds are skipped, so
     * several replicas share the work.
     */
    public Uni<List<CustomerTierState>> lockDuePeriods(SqlClient tx, Instant now, int limit) {
        return lockDue(tx, "period_end_time", now, limit);
    }

    /** The same for customers whose manual assignment has reached its end time. */
    public Uni<List<CustomerTierState>> lockDueManualEnds(SqlClient tx, Instant now, int limit) {
        return lockDue(tx, "manual_end_time", now, limit);
    }

    // one column per statement, so each walks its own partial index (an OR would build a bitmap of every due row)
    private Uni<List<CustomerTierState>> lockDue(SqlClient tx, String endColumn, Instant now, int limit) {
        return tx.preparedQuery("SELECT " + COLUMNS + " FROM customer_tier c WHERE c." + endColumn + " <= $1"
                        + """
                          AND EXISTS (SELECT 1 FROM tier_program p WHERE p.store_id = c.store_id
                                      AND p.tier_program_id = c.tier_program_id AND p.status = 'ACTIVE')
                        LIMIT $2 FOR UPDATE OF c SKIP LOCKED""")
                .execute(Tuple.of(utc(now), limit))
                .map(CustomerTierRepository::all);
    }

    /** The held states of {@code customerIds} (those that have one), each customer locked as by {@link #lock}. */
    public Uni<List<CustomerTierState>> lockAll(SqlClient tx, String storeId, List<String> customerIds) {
        // the same per-customer locks as lock(), taken in id order so two batches cannot deadlock; the lock and
        // the read go out pipelined (Postgres runs the read once every lock is held): one round trip
        Tuple args = Tuple.of(storeId, customerIds.toArray(String[]::new));
        return Uni.combine().all().unis(
                        tx.preparedQuery("""
                                SELECT count(pg_advisory_xact_lock(hashtextextended($1 || chr(31) || c, 0)))
                                FROM (SELECT c FROM UNNEST($2::text[]) AS c ORDER BY c) AS ordered""").execute(args),
                        tx.preparedQuery("SELECT " + COLUMNS + " FROM customer_tier"
                                + " WHERE store_id = $1 AND customer_id = ANY($2) ORDER BY customer_id FOR UPDATE")
                                .execute(args))
                .asTuple()
                .map(both -> all(both.getItem2()));
    }

    /** Up to {@code limit} customers with a state under {@code tierProgramId}, by id, after {@code afterCustomerId}. */
    public Uni<List<String>> customersAfter(SqlClient client, String storeId, String tierProgramId,
                                            String afterCustomerId, int limit) {
        return client.preparedQuery("""
                        SELECT customer_id FROM customer_tier
                        WHERE store_id = $1 AND tier_program_id = $2 AND customer_id > $3
                        ORDER BY customer_id LIMIT $4""")
                .execute(Tuple.of(storeId, tierProgramId, afterCustomerId, limit))
                .map(rows -> {
                    List<String> ids = new ArrayList<>();
                    rows.forEach(r -> ids.add(r.getString(0)));
                    return ids;
                });
    }

    /** Writes {@code states} in one statement. */
    public Uni<Void> saveAll(SqlClient tx, List<CustomerTierState> states, Instant now) {
        if (states.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        int n = states.size();
        Object[][] c = {new String[n], new String[n], new String[n], new String[n], new String[n],
                new OffsetDateTime[n], new Long[n], new OffsetDateTime[n], new OffsetDateTime[n], new OffsetDateTime[n],
                new OffsetDateTime[n], new String[n], new String[n], new String[n], new String[n], new String[n],
                new OffsetDateTime[n], new OffsetDateTime[n]};
        for (int i = 0; i < n; i++) {
            Object[] row = values(states.get(i));
            for (int col = 0; col < c.length; col++) {
                c[col][i] = row[col];
            }
        }
        Object[] args = new Object[c.length + 1];
        System.arraycopy(c, 0, args, 0, c.length);
        args[c.length] = utc(now);
        return tx.preparedQuery("INSERT INTO customer_tier (" + COLUMNS + ", update_time) SELECT *, $19::timestamptz"
                        + """
                         FROM UNNEST($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::timestamptz[],
                                     $7::bigint[], $8::timestamptz[], $9::timestamptz[], $10::timestamptz[],
                                     $11::timestamptz[], $12::text[], $13::text[], $14::text[], $15::text[],
                                     $16::text[], $17::timestamptz[], $18::timestamptz[])
                        """ + ON_CONFLICT)
                .execute(Tuple.from(args))
                .replaceWithVoid();
    }

    private static Object[] values(CustomerTierState s) {
        ManualAssignment m = s.manual();
        return new Object[] {s.storeId(), s.customerId(), s.tierProgramId(), s.computedTierId(),
                s.computedSource().name(), utc(s.computedSince()), s.qualifyingValue(),
                utc(s.periodStartTime()), utc(s.periodEndTime()), utc(s.heldUntil()), utc(s.tierSince()),
                m == null ? null : m.tierId(), m == null ? null : m.reason(),
                m == null ? null : m.actor().kind().name(), m == null ? null : m.actor().id(),
                m == null ? null : m.actor().displayName(), m == null ? null : utc(m.startTime()),
                m == null ? null : utc(m.endTime())};
    }

    private static List<CustomerTierState> all(RowSet<Row> rows) {
        List<CustomerTierState> found = new ArrayList<>();
        rows.forEach(r -> found.add(fromRow(r)));
        return found;
    }

    /** The customer's state as last written; null when there is none. */
    public Uni<CustomerTierState> find(SqlClient client, String storeId, String customerId) {
        return client.preparedQuery("SELECT " + COLUMNS + " FROM customer_tier WHERE store_id = $1 AND customer_id = $2")
                .execute(Tuple.of(storeId, customerId))
                .map(CustomerTierRepository::firstOrNull);
    }

    public Uni<Void> save(SqlClient tx, CustomerTierState s, Instant now) {
        Object[] values = values(s);
        Object[] args = new Object[values.length + 1];
        System.arraycopy(values, 0, args, 0, values.length);
        args[values.length] = utc(now);
        return tx.preparedQuery("INSERT INTO customer_tier (" + COLUMNS + ", update_time) VALUES "
                        + "($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19) "
                        + ON_CONFLICT)
                .execute(Tuple.from(args))
                .replaceWithVoid();
    }

    private static final String ON_CONFLICT = """
            ON CONFLICT (store_id, customer_id) DO UPDATE SET tier_program_id = EXCLUDED.tier_program_id,
                computed_tier_id = EXCLUDED.computed_tier_id, computed_source = EXCLUDED.computed_source,
                computed_since = EXCLUDED.computed_since, qualifying_value = EXCLUDED.qualifying_value,
                period_start_time = EXCLUDED.period_start_time, period_end_time = EXCLUDED.period_end_time,
                held_until = EXCLUDED.held_until, tier_since = EXCLUDED.tier_since,
                manual_tier_id = EXCLUDED.manual_tier_id, manual_reason = EXCLUDED.manual_reason,
                manual_actor_kind = EXCLUDED.manual_actor_kind, manual_actor_id = EXCLUDED.manual_actor_id,
                manual_actor_display_name = EXCLUDED.manual_actor_display_name,
                manual_start_time = EXCLUDED.manual_start_time, manual_end_time = EXCLUDED.manual_end_time,
                update_time = EXCLUDED.update_time""";

    /**
     * Customers of {@code tierProgramId} whose effective tier at {@code now} is set (and equals
     * {@code tierId} when given, and comes from one of {@code sources} when not empty), by
     * customer_id after {@code afterCustomerId}, at most {@code limit}.
     */
    public Uni<List<CustomerTierState>> members(SqlClient client, String storeId, String tierProgramId,
                                                Instant now, String afterCustomerId, String tierId,
                                                Set<TierSource> sources, int limit) {
        List<Object> args = new ArrayList<>(List.of(storeId, tierProgramId, utc(now), afterCustomerId, limit));
        StringBuilder filter = new StringBuilder(" WHERE effective_tier IS NOT NULL");
        if (tierId != null) {
            args.add(tierId);
            filter.append(" AND effective_tier = $").append(args.size());
        }
        if (!sources.isEmpty()) {
            args.add(sources.stream().map(Enum::name).sorted().toArray(String[]::new));
            filter.append(" AND effective_source = ANY($").append(args.size()).append(")");
        }
        String sql = "SELECT * FROM (SELECT " + COLUMNS + ", " + EFFECTIVE_TIER + " AS effective_tier, "
                + EFFECTIVE_SOURCE + " AS effective_source FROM customer_tier"
                + " WHERE store_id = $1 AND tier_program_id = $2 AND customer_id > $4) AS m"
                + filter + " ORDER BY customer_id LIMIT $5";
        return client.preparedQuery(sql).execute(Tuple.from(args.toArray()))
                .map(rows -> {
                    List<CustomerTierState> found = new ArrayList<>();
                    rows.forEach(r -> found.add(fromRow(r)));
                    return found;
                });
    }

    private static CustomerTierState firstOrNull(RowSet<Row> rows) {
        return rows.size() == 0 ? null : fromRow(rows.iterator().next());
    }

    private static CustomerTierState fromRow(Row r) {
        ManualAssignment manual = r.getString("manual_tier_id") == null ? null : new ManualAssignment(
                r.getString("manual_tier_id"), r.getString("manual_reason"),
                new Actor(Actor.Kind.valueOf(r.getString("manual_actor_kind")), r.getString("manual_actor_id"),
                        r.getString("manual_actor_display_name")),
                instant(r, "manual_start_time"), instant(r, "manual_end_time"));
        return new CustomerTierState(r.getString("store_id"), r.getString("customer_id"),
                r.getString("tier_program_id"), r.getString("computed_tier_id"),
                TierSource.valueOf(r.getString("computed_source")), instant(r, "computed_since"),
                r.getLong("qualifying_value"), instant(r, "period_start_time"), instant(r, "period_end_time"),
                instant(r, "held_until"), instant(r, "tier_since"), manual);
    }

    static Instant instant(Row r, String column) {
        OffsetDateTime t = r.getOffsetDateTime(column);
        return t == null ? null : t.toInstant();
    }

    static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
