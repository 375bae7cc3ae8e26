package io.laurel.reward.store;

import static io.laurel.reward.store.PostingStore.utc;
import static io.laurel.reward.store.RewardStore.instant;

import io.laurel.reward.domain.LotAllocation;
import io.laurel.reward.domain.Redemption;
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

/** Checkout redemptions and the lot portions each holds (R-LEDGER-4). */
@ApplicationScoped
public class RedemptionStore {

    /** A redemption due to time out: where to find its account. */
    public record Due(String storeId, String customerId, String redemptionId) {
    }

    private static final String COLUMNS = """
            redemption_id, store_id, customer_id, checkout_id, points, point_value_minor_milli, currency_code,
            points_discount_minor, store_credit_minor, state, create_time, expire_time, end_time, order_id""";

    // each served by its own index only (V3__redemption_lookup_indexes.sql)
    static final String OPEN_OF_CUSTOMER = "SELECT " + COLUMNS + " FROM redemption"
            + " WHERE store_id = $1 AND customer_id = $2 AND state = 'RESERVED'";
    static final String OPEN_FOR_CHECKOUT = "SELECT " + COLUMNS + " FROM redemption"
            + " WHERE store_id = $1 AND checkout_id = $2 AND state = 'RESERVED'";

    public Uni<Redemption> find(SqlClient client, String storeId, String redemptionId, boolean forUpdate) {
        return client.preparedQuery("SELECT " + COLUMNS + " FROM redemption WHERE store_id = $1 AND redemption_id = $2"
                        + (forUpdate ? " FOR UPDATE" : ""))
                .execute(Tuple.of(storeId, UUID.fromString(redemptionId)))
                .map(rows -> rows.size() == 0 ? null : redemption(rows.iterator().next()));
    }

    /** The customer's RESERVED redemptions: the one for {@code checkoutId} and those past their deadline. */
    public Uni<List<Redemption>> openOf(SqlClient tx, String storeId, String customerId) {
        return tx.preparedQuery(OPEN_OF_CUSTOMER)
                .execute(Tuple.of(storeId, customerId))
                .map(rows -> {
                    List<Redemption> found = new ArrayList<>();
                    rows.forEach(r -> found.add(redemption(r)));
                    return found;
                });
    }

    /** The RESERVED redemption of a checkout, any customer; null when none. */
    public Uni<Redemption> openForCheckout(SqlClient tx, String storeId, String checkoutId) {
        return tx.preparedQuery(OPEN_FOR_CHECKOUT)
                .execute(Tuple.of(storeId, checkoutId))
                .map(rows -> rows.size() == 0 ? null : redemption(rows.iterator().next()));
    }

    public Uni<Void> insert(SqlClient tx, Redemption r, List<LotAllocation> holds) {
        Uni<?> done = tx.preparedQuery("INSERT INTO redemption (" + COLUMNS + ")"
                        + " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)")
                .execute(Tuple.from(new Object[] {UUID.fromString(r.redemptionId()), r.storeId(), r.customerId(),
                        r.checkoutId(), r.points(), r.pointValueMinorMilli(), r.currencyCode(), r.pointsDiscountMinor(),
                        r.storeCreditMinor(), r.storedState().name(), utc(r.createTime()), utc(r.expireTime()), null,
                        null}));
        if (!holds.isEmpty()) {
            List<Tuple> rows = holds.stream().map(h -> Tuple.of(UUID.fromString(r.redemptionId()),
                    UUID.fromString(h.lotId()), r.storeId(), h.points())).toList();
            done = done.flatMap(x -> tx.preparedQuery("""
                            INSERT INTO redemption_hold (redemption_id, lot_id, store_id, points) VALUES ($1, $2, $3, $4)""")
                    .executeBatch(rows));
        }
        return done.replaceWithVoid();
    }

    public Uni<Void> end(SqlClient tx, Redemption r) {
        return tx.preparedQuery("""
                        UPDATE redemption SET state = $3, end_time = $4, order_id = $5
                        WHERE store_id = $1 AND redemption_id = $2""")
                .execute(Tuple.of(r.storeId(), UUID.fromString(r.redemptionId()), r.storedState().name(),
                        utc(r.endTime()), r.orderId()))
                .replaceWithVoid();
    }

    /** The lot portions a redemption holds. */
    public Uni<List<LotAllocation>> holds(SqlClient tx, String storeId, String redemptionId) {
        return tx.preparedQuery("SELECT lot_id, points FROM redemption_hold WHERE store_id = $1 AND redemption_id = $2"
                        + " ORDER BY lot_id")
                .execute(Tuple.of(storeId, UUID.fromString(redemptionId)))
                .map(rows -> {
                    List<LotAllocation> found = new ArrayList<>();
                    rows.forEach(r -> found.add(new LotAllocation(r.getUUID(0).toString(), r.getLong(1))));
                    return found;
                });
    }

    /** RESERVED redemptions past their deadline, oldest first. */
    public Uni<List<Due>> due(SqlClient client, Instant now, int limit) {
        return client.preparedQuery("""
                        SELECT store_id, customer_id, redemption_id FROM redemption
                        WHERE state = 'RESERVED' AND expire_time <= $1 ORDER BY expire_time LIMIT $2""")
                .execute(Tuple.of(utc(now), limit))
                .map(rows -> {
                    List<Due> found = new ArrayList<>();
                    rows.forEach(r -> found.add(new Due(r.getString(0), r.getString(1), r.getUUID(2).toString())));
                    return found;
                });
    }

    /** Points open reservations hold on each lot of these customers (the integrity check). */
    public Uni<Map<String, Long>> heldByLot(SqlClient client, String storeId, List<String> customers) {
        return client.preparedQuery("""
                        SELECT h.lot_id, SUM(h.points)::bigint FROM redemption_hold h
                        JOIN redemption r ON r.redemption_id = h.redemption_id
                        WHERE r.store_id = $1 AND r.customer_id = ANY($2) AND r.state = 'RESERVED' GROUP BY h.lot_id""")
                .execute(Tuple.of(storeId, customers.toArray(new String[0])))
                .map(rows -> {
                    Map<String, Long> found = new HashMap<>();
                    rows.forEach(r -> found.put(r.getUUID(0).toString(), r.getLong(1)));
                    return found;
                });
    }

    /** Store credit open reservations hold per customer (the integrity check). */
    public Uni<Map<String, Long>> heldCredit(SqlClient client, String storeId, List<String> customers) {
        return client.preparedQuery("""
                        SELECT customer_id, SUM(store_credit_minor)::bigint FROM redemption
                        WHERE store_id = $1 AND customer_id = ANY($2) AND state = 'RESERVED' GROUP BY customer_id""")
                .execute(Tuple.of(storeId, customers.toArray(new String[0])))
                .map(rows -> {
                    Map<String, Long> found = new HashMap<>();
                    rows.forEach(r -> found.put(r.getString(0), r.getLong(1)));
                    return found;
                });
    }

    private static Redemption redemption(Row r) {
        return new Redemption(r.getUUID("redemption_id").toString(), r.getString("store_id"), r.getString("customer_id"),
                r.getString("checkout_id"), r.getLong("points"), r.getLong("point_value_minor_milli"),
                r.getString("currency_code"), r.getLong("points_discount_minor"), r.getLong("store_credit_minor"),
                Redemption.State.valueOf(r.getString("state")), instant(r, "create_time"), instant(r, "expire_time"),
                instant(r, "end_time"), r.getString("order_id"));
    }
}
