package io.laurel.reward.store;

import static io.laurel.reward.store.RewardStore.bytesOf;
import static io.laurel.reward.store.RewardStore.instant;

import io.laurel.platform.common.Actor;
import io.laurel.reward.domain.StoreCreditEntry;
import io.laurel.reward.mapping.RewardMapping;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Reads of the store-credit ledger (R-LEDGER-6); it is written through {@link PostingStore}. */
@ApplicationScoped
public class StoreCreditStore {

    /** A customer's store-credit balance and its held part; zeros for a customer never seen. */
    public record Balance(long balance, long held) {
    }

    /** The credit facts the integrity check needs, per customer. */
    public record CreditFacts(String entryId, long sequence, long delta, long balanceAfter) {
    }

    public Uni<Balance> balance(SqlClient client, String storeId, String customerId) {
        return client.preparedQuery("""
                        SELECT credit_balance_minor, credit_held_minor FROM points_account
                        WHERE store_id = $1 AND customer_id = $2""")
                .execute(Tuple.of(storeId, customerId))
                .map(rows -> rows.size() == 0 ? new Balance(0, 0)
                        : new Balance(rows.iterator().next().getLong(0), rows.iterator().next().getLong(1)));
    }

    /** Up to {@code limit} entries, newest first, below {@code beforeSequence} (null = newest), of these kinds (empty = all). */
    public Uni<List<StoreCreditEntry>> entries(SqlClient client, String storeId, String customerId, String[] kinds,
                                               Long beforeSequence, int limit) {
        return client.preparedQuery("""
                        SELECT entry_id, store_id, customer_id, sequence, kind, amount_delta_minor, balance_after_minor,
                            currency_code, effective_time, create_time, cause, redemption_id, order_id, reason, actor_kind,
                            actor_id, actor_display_name
                        FROM store_credit_entry
                        WHERE store_id = $1 AND customer_id = $2 AND ($3::text[] IS NULL OR kind = ANY($3))
                            AND ($4::bigint IS NULL OR sequence < $4)
                        ORDER BY sequence DESC LIMIT $5""")
                .execute(Tuple.from(new Object[] {storeId, customerId, kinds, beforeSequence, limit}))
                .map(rows -> {
                    List<StoreCreditEntry> found = new ArrayList<>();
                    for (Row r : rows) {
                        UUID redemption = r.getUUID("redemption_id");
                        found.add(new StoreCreditEntry(r.getUUID("entry_id").toString(), r.getString("store_id"),
                                r.getString("customer_id"), r.getLong("sequence"),
                                StoreCreditEntry.Kind.valueOf(r.getString("kind")), r.getLong("amount_delta_minor"),
                                r.getLong("balance_after_minor"), r.getString("currency_code"),
                                instant(r, "effective_time"), instant(r, "create_time"),
                                RewardMapping.causeFromBytes(bytesOf(r, "cause")),
                                redemption == null ? null : redemption.toString(), r.getString("order_id"),
                                r.getString("reason"), new Actor(Actor.Kind.valueOf(r.getString("actor_kind")),
                                        r.getString("actor_id"), r.getString("actor_display_name"))));
                    }
                    return found;
                });
    }

    /** Every store-credit entry of these customers, in sequence order. */
    public Uni<Map<String, List<CreditFacts>>> facts(SqlClient client, String storeId, List<String> customers) {
        return client.preparedQuery("""
                        SELECT customer_id, entry_id, sequence, amount_delta_minor, balance_after_minor
                        FROM store_credit_entry WHERE store_id = $1 AND customer_id = ANY($2)
                        ORDER BY customer_id, sequence""")
                .execute(Tuple.of(storeId, customers.toArray(new String[0])))
                .map(rows -> {
                    Map<String, List<CreditFacts>> found = new LinkedHashMap<>();
                    for (Row r : rows) {
                        found.computeIfAbsent(r.getString(0), k -> new ArrayList<>()).add(new CreditFacts(
                                r.getUUID(1).toString(), r.getLong(2), r.getLong(3), r.getLong(4)));
                    }
                    return found;
                });
    }

    /** Each account's store-credit balance and held part. */
    public Uni<Map<String, Balance>> accounts(SqlClient client, String storeId, List<String> customers) {
        return client.preparedQuery("""
                        SELECT customer_id, credit_balance_minor, credit_held_minor FROM points_account
                        WHERE store_id = $1 AND customer_id = ANY($2)""")
                .execute(Tuple.of(storeId, customers.toArray(new String[0])))
                .map(rows -> {
                    Map<String, Balance> found = new LinkedHashMap<>();
                    rows.forEach(r -> found.put(r.getString(0), new Balance(r.getLong(1), r.getLong(2))));
                    return found;
                });
    }

    /** Per customer and order: the order's earning summary net (P − reversed) and the sum of its entries. */
    public record OrderFacts(String customerId, String orderId, long summaryNet, long entriesNet) {
    }

    public Uni<List<OrderFacts>> orderFacts(SqlClient client, String storeId, List<String> customers) {
        return client.preparedQuery("""
                        SELECT o.customer_id, o.order_id, o.points_earned - o.points_reversed,
                            COALESCE((SELECT SUM(e.points_delta) FROM ledger_entry e
                                      WHERE e.store_id = o.store_id AND e.order_id = o.order_id AND e.cause_kind IS NULL
                                        AND e.kind IN ('EARNED', 'REVERSED', 'EARNING_CORRECTED')), 0)::bigint
                        FROM order_earning o WHERE o.store_id = $1 AND o.customer_id = ANY($2)""")
                .execute(Tuple.of(storeId, customers.toArray(new String[0])))
                .map(rows -> {
                    List<OrderFacts> found = new ArrayList<>();
                    rows.forEach(r -> found.add(new OrderFacts(r.getString(0), r.getString(1), r.getLong(2), r.getLong(3))));
                    return found;
                });
    }

    /** Vouchers of these customers whose stored state contradicts their fields (the DB checks make this rare). */
    public Uni<List<String[]>> inconsistentVouchers(SqlClient client, String storeId, List<String> customers) {
        return client.preparedQuery("""
                        SELECT customer_id, voucher_id::text FROM voucher
                        WHERE store_id = $1 AND customer_id = ANY($2) AND (
                            (state = 'REDEEMED' AND (order_id IS NULL OR redeem_time IS NULL))
                            OR (state = 'REVOKED' AND revoke_time IS NULL)
                            OR (state = 'EXPIRED' AND expires_at IS NULL)
                            OR (state <> 'REDEEMED' AND order_id IS NOT NULL))""")
                .execute(Tuple.of(storeId, customers.toArray(new String[0])))
                .map(rows -> {
                    List<String[]> found = new ArrayList<>();
                    rows.forEach(r -> found.add(new String[] {r.getString(0), r.getString(1)}));
                    return found;
                });
    }
}
