package io.laurel.reward.store;

import io.laurel.platform.common.Actor;
import io.laurel.reward.domain.LedgerEntry;
import io.laurel.reward.domain.LedgerIntegrity;
import io.laurel.reward.domain.LotAllocation;
import io.laurel.reward.domain.ManualAdjustment;
import io.laurel.reward.domain.PointsBalance;
import io.laurel.reward.domain.PointsLot;
import io.laurel.reward.domain.RewardCause;
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
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The points ledger in Postgres: accounts, append-only entries with their allocations, lots. */
@ApplicationScoped
public class LedgerRepository {

    /** A customer's account row as the integrity check reads it. */
    public record AccountRow(String customerId, long balance, long debt) {
    }

    /** Position in consumption order: expires_at (null = never), earned_at, lot_id. */
    public record LotKey(Instant expiresAt, Instant earnedAt, String lotId) {
    }

    private static final String LOT_COLUMNS = """
            l.lot_id, l.customer_id, l.entry_id, l.earned_at, l.expires_at, l.original_points, l.remaining_points,
            l.held_points, l.expiry_entry_id IS NOT NULL AS expiry_booked""";
    private static final String LOT_ORDER = "COALESCE(l.expires_at, 'infinity'::timestamptz), l.earned_at, l.lot_id";
    private static final String ENTRY_COLUMNS = """
            entry_id, store_id, customer_id, sequence, kind, points_delta, balance_after, effective_time, create_time,
            lot_id, expires_at, order_id, reason, actor_kind, actor_id, actor_display_name""";
    private static final String ENTRY_READ_COLUMNS = ENTRY_COLUMNS + """
            , reversal_id, redemption_id, cause_kind, cause_program_id, cause_program_version, cause_milestone_target,
            cause_spell_start_time, cause_tier_id, cause_trigger_event_id, cause_order_id""";

    /** Creates the customer's account if needed and locks it for the rest of the transaction. */
    public Uni<ManualAdjustment.Account> lockAccount(SqlClient tx, String storeId, String customerId, Instant now) {
        // the no-op update locks an existing row, so one statement creates, locks and reads the account
        return tx.preparedQuery("""
                        INSERT INTO points_account (store_id, customer_id, create_time, update_time)
                        VALUES ($1, $2, $3, $3)
                        ON CONFLICT (store_id, customer_id) DO UPDATE SET update_time = points_account.update_time
                        RETURNING last_sequence, balance""")
                .execute(Tuple.of(storeId, customerId, utc(now)))
                .map(rows -> {
                    Row r = rows.iterator().next();
                    return new ManualAdjustment.Account(r.getLong("last_sequence"), r.getLong("balance"));
                });
    }

    public Uni<Void> saveAccount(SqlClient tx, String storeId, String customerId, ManualAdjustment.Account account,
                                 Instant now) {
        return tx.preparedQuery("""
                        UPDATE points_account SET last_sequence = $3, balance = $4, update_time = $5
                        WHERE store_id = $1 AND customer_id = $2""")
                .execute(Tuple.of(storeId, customerId, account.lastSequence(), account.balance(), utc(now)))
                .replaceWithVoid();
    }

    /** Points owed by reversals not yet repaid; 0 for a customer never seen. */
    public Uni<Long> debt(SqlClient client, String storeId, String customerId) {
        return client.preparedQuery("SELECT debt_points FROM points_account WHERE store_id = $1 AND customer_id = $2")
                .execute(Tuple.of(storeId, customerId))
                .map(rows -> rows.size() == 0 ? 0L : rows.iterator().next().getLong(0));
    }

    /**
     * Each customer's lots with a remainder (expired but unbooked ones included), soonest-expiring first, in one
     * statement.
     */
    public Uni<Map<String, List<PointsLot>>> lotsWithRemainder(SqlClient client, String storeId,
                                                                 List<String> customerIds) {
        return client.preparedQuery("SELECT " + LOT_COLUMNS + " FROM points_lot l"
                        + " WHERE l.store_id = $1 AND l.customer_id = ANY($2) AND l.remaining_points > 0"
                        + " ORDER BY l.customer_id, " + LOT_ORDER)
                .execute(Tuple.of(storeId, customerIds.toArray(String[]::new)))
                .map(rows -> {
                    Map<String, List<PointsLot>> byCustomer = new HashMap<>();
                    lots(rows).forEach(lot -> byCustomer.computeIfAbsent(lot.customerId(), c -> new ArrayList<>()).add(lot));
                    return byCustomer;
                });
    }

    /** Lots that had a remainder at {@code asOf}: those with one now, and those debited after it. */
    public Uni<List<PointsLot>> lotsForBalance(SqlClient client, String storeId, String customerId, Instant asOf) {
        return client.preparedQuery("SELECT " + LOT_COLUMNS + " FROM points_lot l"
                        + " WHERE l.store_id = $1 AND l.customer_id = $2 AND (l.remaining_points > 0 OR l.lot_id IN ("
                        + "   SELECT a.lot_id FROM ledger_allocation a WHERE a.store_id = $1 AND a.customer_id = $2"
                        + "   AND a.effective_time > $3)) ORDER BY " + LOT_ORDER)
                .execute(Tuple.of(storeId, customerId, utc(asOf)))
                .map(LedgerRepository::lots);
    }

    /** Allocations of debits that took effect after {@code asOf}. */
    public Uni<List<PointsBalance.DatedAllocation>> allocationsAfter(SqlClient client, String storeId,
                                                                     String customerId, Instant asOf) {
        return client.preparedQuery("""
                        SELECT lot_id, points, effective_time FROM ledger_allocation
                        WHERE store_id = $1 AND customer_id = $2 AND effective_time > $3""")
                .execute(Tuple.of(storeId, customerId, utc(asOf)))
                .map(rows -> {
                    List<PointsBalance.DatedAllocation> found = new ArrayList<>();
                    for (Row r : rows) {
                        found.add(new PointsBalance.DatedAllocation(id(r.getUUID("lot_id")), r.getLong("points"),
                                r.getOffsetDateTime("effective_time").toInstant()));
                    }
                    return found;
                });
    }

    /**
     * Appends an entry with its allocations and takes the allocated points off their lots (an
     * EXPIRED entry also marks its lot's expiry as booked).
     */
    public Uni<Void> append(SqlClient tx, LedgerEntry e) {
        Object[] values = {UUID.fromString(e.entryId()), e.storeId(), e.customerId(), e.sequence(), e.kind().name(),
                e.pointsDelta(), e.balanceAfter(), utc(e.effectiveTime()), utc(e.createTime()),
                e.lotId() == null ? null : UUID.fromString(e.lotId()), e.expiresAt() == null ? null : utc(e.expiresAt()),
                e.orderId(), e.reason(), e.actor().kind().name(), e.actor().id(), e.actor().displayName()};
        Uni<?> done = tx.preparedQuery("INSERT INTO ledger_entry (" + ENTRY_COLUMNS + ")"
                        + " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)")
                .execute(Tuple.from(values));
        List<LotAllocation> allocations = e.allocations();
        if (!allocations.isEmpty()) {
            List<Tuple> rows = new ArrayList<>();
            for (int i = 0; i < allocations.size(); i++) {
                LotAllocation a = allocations.get(i);
                rows.add(Tuple.from(new Object[] {UUID.fromString(e.entryId()), i, e.storeId(), e.customerId(),
                        a.lotId() == null ? null : UUID.fromString(a.lotId()), a.points(), utc(e.effectiveTime())}));
            }
            done = done.flatMap(ignored -> tx.preparedQuery("""
                            INSERT INTO ledger_allocation (entry_id, position, store_id, customer_id, lot_id, points, effective_time)
                            VALUES ($1, $2, $3, $4, $5, $6, $7)""")
                    .executeBatch(rows));
            List<Tuple> lotUpdates = allocations.stream().filter(a -> a.lotId() != null)
                    .map(a -> Tuple.of(UUID.fromString(a.lotId()), a.points(),
                            e.kind() == LedgerEntry.Kind.EXPIRED ? UUID.fromString(e.entryId()) : null))
                    .toList();
            if (!lotUpdates.isEmpty()) {
                done = done.flatMap(ignored -> tx.preparedQuery("""
                                UPDATE points_lot SET remaining_points = remaining_points - $2,
                                    expiry_entry_id = COALESCE($3, expiry_entry_id)
                                WHERE lot_id = $1""")
                        .executeBatch(lotUpdates));
            }
        }
        return done.replaceWithVoid();
    }

    public Uni<Void> insertLot(SqlClient tx, String storeId, PointsLot lot, String sourceKind, String sourceRef,
                               Instant now) {
        return tx.preparedQuery("""
                        INSERT INTO points_lot (lot_id, store_id, customer_id, entry_id, source_kind, source_ref, earned_at,
                            expires_at, original_points, remaining_points, held_points, create_time)
                        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)""")
                .execute(Tuple.from(new Object[] {UUID.fromString(lot.lotId()), storeId, lot.customerId(),
                        UUID.fromString(lot.entryId()), sourceKind, sourceRef, utc(lot.earnedAt()),
                        lot.expiresAt() == null ? null : utc(lot.expiresAt()), lot.originalPoints(),
                        lot.remainingPoints(), lot.heldPoints(), utc(now)}))
                .replaceWithVoid();
    }

    /**
     * Up to {@code limit} entries, newest first, with sequence below {@code beforeSequence} (null =
     * from the newest), of the given kinds (empty = all).
     */
    public Uni<List<LedgerEntry>> entriesPage(SqlClient client, String storeId, String customerId, List<String> kinds,
                                              Long beforeSequence, int limit) {
        List<Object> args = new ArrayList<>(List.of(storeId, customerId));
        StringBuilder where = new StringBuilder("store_id = $1 AND customer_id = $2");
        if (!kinds.isEmpty()) {
            args.add(kinds.toArray(new String[0]));
            where.append(" AND kind = ANY($").append(args.size()).append(")");
        }
        if (beforeSequence != null) {
            args.add(beforeSequence);
            where.append(" AND sequence < $").append(args.size());
        }
        args.add(limit);
        String sql = "SELECT " + ENTRY_READ_COLUMNS + " FROM ledger_entry WHERE " + where
                + " ORDER BY sequence DESC LIMIT $" + args.size();
        return client.preparedQuery(sql).execute(Tuple.from(args)).flatMap(rows -> {
            List<Row> entryRows = new ArrayList<>();
            rows.forEach(entryRows::add);
            if (entryRows.isEmpty()) {
                return Uni.createFrom().item(List.<LedgerEntry>of());
            }
            UUID[] ids = entryRows.stream().map(r -> r.getUUID("entry_id")).toArray(UUID[]::new);
            return client.preparedQuery("""
                            SELECT entry_id, lot_id, points FROM ledger_allocation
                            WHERE entry_id = ANY($1) ORDER BY entry_id, position""")
                    .execute(Tuple.of(ids))
                    .map(allocationRows -> {
                        Map<UUID, List<LotAllocation>> byEntry = new HashMap<>();
                        for (Row a : allocationRows) {
                            byEntry.computeIfAbsent(a.getUUID("entry_id"), k -> new ArrayList<>())
                                    .add(new LotAllocation(id(a.getUUID("lot_id")), a.getLong("points")));
                        }
                        return entryRows.stream()
                                .map(r -> entry(r, byEntry.getOrDefault(r.getUUID("entry_id"), List.of())))
                                .toList();
                    });
        });
    }

    /** The order's entry of this kind (and reversal id, if given) with its allocations; null when none. */
    public Uni<LedgerEntry> entryOf(SqlClient client, String storeId, String orderId, LedgerEntry.Kind kind,
                                    String reversalId) {
        return client.preparedQuery("SELECT " + ENTRY_READ_COLUMNS + " FROM ledger_entry"
                        + " WHERE store_id = $1 AND order_id = $2 AND kind = $3 AND ($4::text IS NULL OR reversal_id = $4)"
                        + " ORDER BY sequence LIMIT 1")
                .execute(Tuple.of(storeId, orderId, kind.name(), reversalId))
                .flatMap(rows -> {
                    if (rows.size() == 0) {
                        return Uni.createFrom().nullItem();
                    }
                    Row r = rows.iterator().next();
                    return client.preparedQuery("""
                                    SELECT lot_id, points FROM ledger_allocation WHERE store_id = $1 AND entry_id = $2
                                    ORDER BY position""")
                            .execute(Tuple.of(storeId, r.getUUID("entry_id")))
                            .map(allocations -> {
                                List<LotAllocation> taken = new ArrayList<>();
                                allocations.forEach(a -> taken.add(new LotAllocation(id(a.getUUID(0)), a.getLong(1))));
                                return entry(r, taken);
                            });
                });
    }

    /**
     * Up to {@code limit} lots in consumption order after {@code after} (null = from the first);
     * only OPEN ones at {@code now} unless {@code includeClosed}.
     */
    public Uni<List<PointsLot>> lotsPage(SqlClient client, String storeId, String customerId, boolean includeClosed,
                                         Instant now, LotKey after, int limit) {
        List<Object> args = new ArrayList<>(List.of(storeId, customerId));
        StringBuilder where = new StringBuilder("l.store_id = $1 AND l.customer_id = $2");
        if (!includeClosed) {
            args.add(utc(now));
            where.append(" AND l.remaining_points > 0 AND l.expiry_entry_id IS NULL")
                    .append(" AND (l.expires_at IS NULL OR l.expires_at > $").append(args.size()).append(")");
        }
        if (after != null) {
            args.add(after.expiresAt() == null ? "infinity" : after.expiresAt().toString());
            args.add(utc(after.earnedAt()));
            args.add(UUID.fromString(after.lotId()));
            int n = args.size();
            where.append(" AND (").append(LOT_ORDER).append(") > (($").append(n - 2).append("::text)::timestamptz, $")
                    .append(n - 1).append(", $").append(n).append(")");
        }
        args.add(limit);
        return client.preparedQuery("SELECT " + LOT_COLUMNS + " FROM points_lot l WHERE " + where
                        + " ORDER BY " + LOT_ORDER + " LIMIT $" + args.size())
                .execute(Tuple.from(args))
                .map(LedgerRepository::lots);
    }

    /** One customer's account, or a page of the store's accounts by customer id after {@code afterCustomer}. */
    public Uni<List<AccountRow>> accounts(SqlClient client, String storeId, String customerId, String afterCustomer,
                                          int limit) {
        var query = customerId != null
                ? client.preparedQuery("SELECT customer_id, balance, debt_points FROM points_account"
                        + " WHERE store_id = $1 AND customer_id = $2").execute(Tuple.of(storeId, customerId))
                : client.preparedQuery("SELECT customer_id, balance, debt_points FROM points_account"
                        + " WHERE store_id = $1 AND customer_id > $2 ORDER BY customer_id LIMIT $3")
                        .execute(Tuple.of(storeId, afterCustomer, limit));
        return query.map(rows -> {
            List<AccountRow> found = new ArrayList<>();
            rows.forEach(r -> found.add(new AccountRow(r.getString(0), r.getLong(1), r.getLong(2))));
            return found;
        });
    }

    /** The entries' facts of these customers, each list in sequence order. */
    public Uni<Map<String, List<LedgerIntegrity.EntryFacts>>> entryFacts(SqlClient client, String storeId,
                                                                          List<String> customers) {
        return client.preparedQuery("""
                        SELECT customer_id, entry_id, sequence, kind, points_delta, balance_after FROM ledger_entry
                        WHERE store_id = $1 AND customer_id = ANY($2) ORDER BY customer_id, sequence""")
                .execute(Tuple.of(storeId, customers.toArray(new String[0])))
                .map(rows -> {
                    Map<String, List<LedgerIntegrity.EntryFacts>> found = new LinkedHashMap<>();
                    for (Row r : rows) {
                        found.computeIfAbsent(r.getString("customer_id"), k -> new ArrayList<>())
                                .add(new LedgerIntegrity.EntryFacts(id(r.getUUID("entry_id")), r.getLong("sequence"),
                                        LedgerEntry.Kind.valueOf(r.getString("kind")), r.getLong("points_delta"),
                                        r.getLong("balance_after")));
                    }
                    return found;
                });
    }

    /** Every lot of these customers. */
    public Uni<Map<String, List<PointsLot>>> lotsOf(SqlClient client, String storeId, List<String> customers) {
        return client.preparedQuery("SELECT " + LOT_COLUMNS + " FROM points_lot l"
                        + " WHERE l.store_id = $1 AND l.customer_id = ANY($2) ORDER BY " + LOT_ORDER)
                .execute(Tuple.of(storeId, customers.toArray(new String[0])))
                .map(rows -> {
                    Map<String, List<PointsLot>> found = new HashMap<>();
                    lots(rows).forEach(lot -> found.computeIfAbsent(lot.customerId(), k -> new ArrayList<>()).add(lot));
                    return found;
                });
    }

    /** Points the entries' allocations took from each lot of these customers. */
    public Uni<Map<String, Long>> allocatedByLot(SqlClient client, String storeId, List<String> customers) {
        return client.preparedQuery("""
                        SELECT lot_id, SUM(points)::bigint FROM ledger_allocation
                        WHERE store_id = $1 AND customer_id = ANY($2) AND lot_id IS NOT NULL GROUP BY lot_id""")
                .execute(Tuple.of(storeId, customers.toArray(new String[0])))
                .map(rows -> {
                    Map<String, Long> found = new HashMap<>();
                    rows.forEach(r -> found.put(id(r.getUUID(0)), r.getLong(1)));
                    return found;
                });
    }

    private static List<PointsLot> lots(RowSet<Row> rows) {
        List<PointsLot> found = new ArrayList<>();
        for (Row r : rows) {
            OffsetDateTime expires = r.getOffsetDateTime("expires_at");
            found.add(new PointsLot(id(r.getUUID("lot_id")), r.getString("customer_id"), id(r.getUUID("entry_id")),
                    r.getOffsetDateTime("earned_at").toInstant(), expires == null ? null : expires.toInstant(),
                    r.getLong("original_points"), r.getLong("remaining_points"), r.getLong("held_points"),
                    r.getBoolean("expiry_booked")));
        }
        return found;
    }

    private static LedgerEntry entry(Row r, List<LotAllocation> allocations) {
        OffsetDateTime expires = r.getOffsetDateTime("expires_at");
        return new LedgerEntry(id(r.getUUID("entry_id")), r.getString("store_id"), r.getString("customer_id"),
                r.getLong("sequence"), LedgerEntry.Kind.valueOf(r.getString("kind")), r.getLong("points_delta"),
                r.getLong("balance_after"), r.getOffsetDateTime("effective_time").toInstant(),
                r.getOffsetDateTime("create_time").toInstant(), id(r.getUUID("lot_id")),
                expires == null ? null : expires.toInstant(), allocations, r.getString("order_id"),
                r.getString("reason"),
                new Actor(Actor.Kind.valueOf(r.getString("actor_kind")), r.getString("actor_id"),
                        r.getString("actor_display_name")), cause(r), r.getString("reversal_id"),
                r.getString("redemption_id"));
    }

    private static RewardCause cause(Row r) {
        String kind = r.getString("cause_kind");
        if (kind == null) {
            return null;
        }
        OffsetDateTime spell = r.getOffsetDateTime("cause_spell_start_time");
        Long version = r.getLong("cause_program_version");
        Long target = r.getLong("cause_milestone_target");
        return new RewardCause(RewardCause.Kind.valueOf(kind), r.getString("cause_program_id"),
                version == null ? 0 : version, target == null ? 0 : target, spell == null ? null : spell.toInstant(),
                r.getString("cause_tier_id"), r.getString("cause_trigger_event_id"), r.getString("cause_order_id"));
    }

    private static String id(UUID uuid) {
        return uuid == null ? null : uuid.toString();
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
