package io.laurel.tier.store;

import static io.laurel.tier.store.CustomerTierRepository.instant;
import static io.laurel.tier.store.CustomerTierRepository.utc;

import io.laurel.tier.domain.QualifyingActivity;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Every customer's qualifying activity (R-TIER-3), the input of the computed-tier replay. */
@ApplicationScoped
public class QualifyingActivityRepository {

    private static final String COLUMNS = "customer_id, activity_id, kind, occurred_at, order_id, amount";

    /** One customer's activity, for {@link #insertAndListAll}. */
    public record OfCustomer(String customerId, QualifyingActivity activity) {
    }

    /**
     * Keeps every activity of {@code all} (an activity id already held is left as it is) and returns all the
     * activity of their customers, the new included, by customer: one statement.
     */
    public Uni<Map<String, List<QualifyingActivity>>> insertAndListAll(SqlClient tx, String storeId,
                                                                        List<OfCustomer> all, Instant now) {
        int n = all.size();
        String[] customers = new String[n];
        String[] ids = new String[n];
        String[] kinds = new String[n];
        OffsetDateTime[] occurred = new OffsetDateTime[n];
        String[] orders = new String[n];
        Long[] amounts = new Long[n];
        for (int i = 0; i < n; i++) {
            QualifyingActivity a = all.get(i).activity();
            customers[i] = all.get(i).customerId();
            ids[i] = a.activityId();
            kinds[i] = a.kind().name();
            occurred[i] = utc(a.occurredAt());
            orders[i] = a.orderId();
            amounts[i] = a.amount();
        }
        // the outer SELECT cannot see the CTE's rows, so they come back through RETURNING
        return tx.preparedQuery("WITH ins AS ("
                        + """
                        INSERT INTO qualifying_activity (store_id, activity_id, customer_id, kind, occurred_at, order_id,
                                                         amount, create_time)
                        SELECT $1, a, c, k, o, r, m, $8
                        FROM UNNEST($2::text[], $3::text[], $4::text[], $5::timestamptz[], $6::text[], $7::bigint[])
                             AS t(a, c, k, o, r, m)
                        ON CONFLICT (store_id, activity_id) DO NOTHING
                        """
                        + " RETURNING " + COLUMNS + ") SELECT " + COLUMNS + " FROM ins UNION ALL SELECT " + COLUMNS
                        + " FROM qualifying_activity WHERE store_id = $1 AND customer_id = ANY($3)")
                .execute(Tuple.from(new Object[] {storeId, ids, customers, kinds, occurred, orders, amounts, utc(now)}))
                .map(QualifyingActivityRepository::byCustomer);
    }

    /** The activity of each of {@code customerIds}, in one round trip. */
    public Uni<Map<String, List<QualifyingActivity>>> forCustomers(SqlClient client, String storeId,
                                                                   List<String> customerIds) {
        return client.preparedQuery("SELECT " + COLUMNS + " FROM qualifying_activity"
                        + " WHERE store_id = $1 AND customer_id = ANY($2)")
                .execute(Tuple.of(storeId, customerIds.toArray(String[]::new)))
                .map(QualifyingActivityRepository::byCustomer);
    }

    /** Up to {@code limit} customers of the store with activity, by id, after {@code afterCustomerId}. */
    public Uni<List<String>> customersAfter(SqlClient client, String storeId, String afterCustomerId, int limit) {
        return client.preparedQuery("""
                        SELECT DISTINCT customer_id FROM qualifying_activity
                        WHERE store_id = $1 AND customer_id > $2 ORDER BY customer_id LIMIT $3""")
                .execute(Tuple.of(storeId, afterCustomerId, limit))
                .map(rows -> {
                    List<String> ids = new ArrayList<>();
                    rows.forEach(r -> ids.add(r.getString(0)));
                    return ids;
                });
    }

    private static Map<String, List<QualifyingActivity>> byCustomer(RowSet<Row> rows) {
        Map<String, List<QualifyingActivity>> found = new HashMap<>();
        for (Row r : rows) {
            found.computeIfAbsent(r.getString("customer_id"), c -> new ArrayList<>()).add(fromRow(r));
        }
        return found;
    }

    private static QualifyingActivity fromRow(Row r) {
        return new QualifyingActivity(r.getString("activity_id"), QualifyingActivity.Kind.valueOf(r.getString("kind")),
                instant(r, "occurred_at"), r.getString("order_id"), r.getLong("amount"));
    }
}
