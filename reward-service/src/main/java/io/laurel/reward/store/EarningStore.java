package io.laurel.reward.store;

import static io.laurel.reward.store.PostingStore.utc;
import static io.laurel.reward.store.RewardStore.instant;

import io.laurel.reward.domain.BaseEarning;
import io.laurel.reward.domain.OrderEarning;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Base earning per order, refunds and cancellations received, and customers' tier changes (R-LEDGER-5). */
@ApplicationScoped
public class EarningStore {

    /** A refund or cancellation as received. */
    public record Reversal(String orderId, String reversalId, String customerId, long refundedMinor, String currency,
                           boolean cancellation, Instant occurredAt, boolean applied) {
    }

    private static final String ORDER_COLUMNS = """
            order_id, customer_id, amount_minor, currency_code, occurred_at, rate_milli, multiplier_bps, points_earned,
            refunded_minor, points_reversed, cancelled, lot_id, expires_at""";

    public Uni<OrderEarning> order(SqlClient client, String storeId, String orderId) {
        return client.preparedQuery("SELECT " + ORDER_COLUMNS + " FROM order_earning WHERE store_id = $1 AND order_id = $2")
                .execute(Tuple.of(storeId, orderId))
                .map(rows -> rows.size() == 0 ? null : order(rows.iterator().next()));
    }

    /** The recorded orders among {@code orderIds}, by order id, in one statement. */
    public Uni<Map<String, OrderEarning>> orders(SqlClient client, String storeId, List<String> orderIds) {
        return client.preparedQuery("SELECT " + ORDER_COLUMNS + " FROM order_earning WHERE store_id = $1 AND order_id = ANY($2)")
                .execute(Tuple.of(storeId, orderIds.toArray(String[]::new)))
                .map(rows -> {
                    Map<String, OrderEarning> found = new HashMap<>();
                    rows.forEach(r -> found.put(r.getString("order_id"), order(r)));
                    return found;
                });
    }

    /** The customer's orders that occurred after {@code after}. */
    public Uni<List<OrderEarning>> ordersAfter(SqlClient client, String storeId, String customerId, Instant after) {
        return client.preparedQuery("SELECT " + ORDER_COLUMNS + " FROM order_earning"
                        + " WHERE store_id = $1 AND customer_id = $2 AND occurred_at > $3 ORDER BY occurred_at, order_id")
                .execute(Tuple.of(storeId, customerId, utc(after)))
                .map(rows -> {
                    List<OrderEarning> found = new ArrayList<>();
                    rows.forEach(r -> found.add(order(r)));
                    return found;
                });
    }

    /** Records {@code orders} (new ones), pipelined in one round trip. */
    public Uni<Void> insertOrders(SqlClient tx, String storeId, List<OrderEarning> orders, Instant now) {
        if (orders.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Tuple> rows = orders.stream().map(o -> Tuple.from(new Object[] {storeId, o.orderId(), o.customerId(),
                o.amountMinor(), o.currencyCode(), utc(o.occurredAt()), o.rateMilli(), o.multiplierBps(),
                o.pointsEarned(), o.refundedMinor(), o.pointsReversed(), o.cancelled(), PostingStore.uuid(o.lotId()),
                o.expiresAt() == null ? null : utc(o.expiresAt()), utc(now)})).toList();
        return tx.preparedQuery("INSERT INTO order_earning (store_id, " + ORDER_COLUMNS + ", create_time)"
                        + " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)")
                .executeBatch(rows)
                .replaceWithVoid();
    }

    public Uni<Void> updateOrder(SqlClient tx, String storeId, OrderEarning o) {
        return tx.preparedQuery("""
                        UPDATE order_earning SET multiplier_bps = $3, points_earned = $4, refunded_minor = $5,
                            points_reversed = $6, cancelled = $7
                        WHERE store_id = $1 AND order_id = $2""")
                .execute(Tuple.from(new Object[] {storeId, o.orderId(), o.multiplierBps(), o.pointsEarned(),
                        o.refundedMinor(), o.pointsReversed(), o.cancelled()}))
                .replaceWithVoid();
    }

    /** Records a reversal unless its id is known; returns the stored one when it was (null when inserted). */
    public Uni<Reversal> insertReversal(SqlClient tx, String storeId, Reversal r, Instant now) {
        return tx.preparedQuery("""
                        INSERT INTO order_reversal (store_id, order_id, reversal_id, customer_id, refunded_minor,
                            currency_code, cancellation, occurred_at, applied, create_time)
                        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT DO NOTHING""")
                .execute(Tuple.from(new Object[] {storeId, r.orderId(), r.reversalId(), r.customerId(), r.refundedMinor(),
                        r.currency(), r.cancellation(), utc(r.occurredAt()), r.applied(), utc(now)}))
                .flatMap(rows -> rows.rowCount() == 1 ? Uni.createFrom().nullItem()
                        : reversals(tx, storeId, r.orderId(), r.reversalId()).map(found -> found.get(0)));
    }

    /** The pending reversals of each of {@code orderIds} (those that have some), in one statement. */
    public Uni<Map<String, List<Reversal>>> pendingReversals(SqlClient tx, String storeId, List<String> orderIds) {
        return tx.preparedQuery("""
                        SELECT order_id, reversal_id, customer_id, refunded_minor, currency_code, cancellation, occurred_at,
                            applied FROM order_reversal
                        WHERE store_id = $1 AND order_id = ANY($2) AND NOT applied
                        ORDER BY order_id, occurred_at, reversal_id""")
                .execute(Tuple.of(storeId, orderIds.toArray(String[]::new)))
                .map(rows -> {
                    Map<String, List<Reversal>> found = new HashMap<>();
                    for (Row r : rows) {
                        found.computeIfAbsent(r.getString(0), k -> new ArrayList<>()).add(reversal(r));
                    }
                    return found;
                });
    }

    /** Marks the reversals of {@code orderIds} applied, in one statement. */
    public Uni<Void> markApplied(SqlClient tx, String storeId, List<String> orderIds) {
        if (orderIds.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return tx.preparedQuery("UPDATE order_reversal SET applied = true WHERE store_id = $1 AND order_id = ANY($2) AND NOT applied")
                .execute(Tuple.of(storeId, orderIds.toArray(String[]::new)))
                .replaceWithVoid();
    }

    public Uni<Void> markApplied(SqlClient tx, String storeId, String orderId) {
        return tx.preparedQuery("UPDATE order_reversal SET applied = true WHERE store_id = $1 AND order_id = $2 AND NOT applied")
                .execute(Tuple.of(storeId, orderId))
                .replaceWithVoid();
    }

    private Uni<List<Reversal>> reversals(SqlClient client, String storeId, String orderId, String reversalId) {
        return client.preparedQuery("""
                        SELECT order_id, reversal_id, customer_id, refunded_minor, currency_code, cancellation, occurred_at,
                            applied FROM order_reversal
                        WHERE store_id = $1 AND order_id = $2 AND ($3::text IS NULL OR reversal_id = $3)
                        ORDER BY occurred_at, reversal_id""")
                .execute(Tuple.of(storeId, orderId, reversalId))
                .map(rows -> {
                    List<Reversal> found = new ArrayList<>();
                    for (Row r : rows) {
                        found.add(reversal(r));
                    }
                    return found;
                });
    }

    /** Every tier change of the customer. */
    public Uni<List<BaseEarning.TierChange>> tierChanges(SqlClient client, String storeId, String customerId) {
        return client.preparedQuery("""
                        SELECT change_id, tier_id, multiplier_bps, effective_time FROM tier_change
                        WHERE store_id = $1 AND customer_id = $2""")
                .execute(Tuple.of(storeId, customerId))
                .map(rows -> {
                    List<BaseEarning.TierChange> found = new ArrayList<>();
                    rows.forEach(r -> found.add(new BaseEarning.TierChange(r.getString(0), r.getString(1),
                            r.getInteger(2), r.getOffsetDateTime(3).toInstant())));
                    return found;
                });
    }

    /** Every tier change of each of {@code customerIds} (those that have some), in one statement. */
    public Uni<Map<String, List<BaseEarning.TierChange>>> tierChanges(SqlClient client, String storeId,
                                                                      List<String> customerIds) {
        return client.preparedQuery("""
                        SELECT customer_id, change_id, tier_id, multiplier_bps, effective_time FROM tier_change
                        WHERE store_id = $1 AND customer_id = ANY($2)""")
                .execute(Tuple.of(storeId, customerIds.toArray(String[]::new)))
                .map(rows -> {
                    Map<String, List<BaseEarning.TierChange>> found = new HashMap<>();
                    rows.forEach(r -> found.computeIfAbsent(r.getString(0), k -> new ArrayList<>())
                            .add(new BaseEarning.TierChange(r.getString(1), r.getString(2), r.getInteger(3),
                                    r.getOffsetDateTime(4).toInstant())));
                    return found;
                });
    }

    /** A stored tier change: (tier program, tier, multiplier, effective time, customer, repriced orders). */
    public record StoredTierChange(String customerId, String tierProgramId, String tierId, int multiplierBps,
                                   Instant effectiveTime, int repricedOrders) {
    }

    public Uni<StoredTierChange> tierChange(SqlClient client, String storeId, String changeId) {
        return client.preparedQuery("""
                        SELECT customer_id, tier_program_id, tier_id, multiplier_bps, effective_time, repriced_orders
                        FROM tier_change WHERE store_id = $1 AND change_id = $2""")
                .execute(Tuple.of(storeId, changeId))
                .map(rows -> {
                    if (rows.size() == 0) {
                        return null;
                    }
                    Row r = rows.iterator().next();
                    return new StoredTierChange(r.getString(0), r.getString(1), r.getString(2), r.getInteger(3),
                            r.getOffsetDateTime(4).toInstant(), r.getInteger(5));
                });
    }

    public Uni<Void> insertTierChange(SqlClient tx, String storeId, String changeId, StoredTierChange c, Instant now) {
        return tx.preparedQuery("""
                        INSERT INTO tier_change (store_id, change_id, customer_id, tier_program_id, tier_id, multiplier_bps,
                            effective_time, repriced_orders, create_time)
                        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)""")
                .execute(Tuple.from(new Object[] {storeId, changeId, c.customerId(), c.tierProgramId(), c.tierId(),
                        c.multiplierBps(), utc(c.effectiveTime()), c.repricedOrders(), utc(now)}))
                .replaceWithVoid();
    }

    private static Reversal reversal(Row r) {
        return new Reversal(r.getString(0), r.getString(1), r.getString(2), r.getLong(3), r.getString(4),
                r.getBoolean(5), r.getOffsetDateTime(6).toInstant(), r.getBoolean(7));
    }

    private static OrderEarning order(Row r) {
        UUID lot = r.getUUID("lot_id");
        return new OrderEarning(r.getString("order_id"), r.getString("customer_id"), r.getLong("amount_minor"),
                r.getString("currency_code"), instant(r, "occurred_at"), r.getLong("rate_milli"),
                r.getInteger("multiplier_bps"), r.getLong("points_earned"), r.getLong("refunded_minor"),
                r.getLong("points_reversed"), r.getBoolean("cancelled"), lot == null ? null : lot.toString(),
                instant(r, "expires_at"));
    }
}
