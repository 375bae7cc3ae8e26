package io.laurel.tier.store;

import static io.laurel.tier.store.CustomerTierRepository.instant;
import static io.laurel.tier.store.CustomerTierRepository.utc;

import io.laurel.platform.common.Actor;
import io.laurel.tier.domain.TierChange;
import io.laurel.tier.domain.TierChangeCause;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The append-only tier history (R-TIER-6). */
@ApplicationScoped
public class TierChangeRepository {

    private static final String COLUMNS = """
            change_id, store_id, customer_id, tier_program_id, from_tier_id, to_tier_id, cause, overridden,
            effective_time, create_time, qualifying_value, trigger_activity_id, order_id, entry_rewarded_tier_ids,
            actor_kind, actor_id, actor_display_name, reason""";

    /** A history entry with its recording position, the keyset of history pages. */
    public record Recorded(TierChange change, long seq) {
    }

    /** Appends {@code changes} in order (their seq follows that order), in one statement. */
    public Uni<Void> append(SqlClient tx, List<TierChange> changes) {
        if (changes.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        int n = changes.size();
        Object[][] columns = new Object[18][];
        columns[0] = new String[n];
        columns[1] = new String[n];
        columns[2] = new String[n];
        columns[3] = new String[n];
        columns[4] = new String[n];
        columns[5] = new String[n];
        columns[6] = new String[n];
        columns[7] = new Boolean[n];
        columns[8] = new OffsetDateTime[n];
        columns[9] = new OffsetDateTime[n];
        columns[10] = new Long[n];
        columns[11] = new String[n];
        columns[12] = new String[n];
        columns[13] = new String[n];
        columns[14] = new String[n];
        columns[15] = new String[n];
        columns[16] = new String[n];
        columns[17] = new String[n];
        for (int i = 0; i < n; i++) {
            TierChange c = changes.get(i);
            Object[] row = {c.changeId(), c.storeId(), c.customerId(), c.tierProgramId(), c.fromTierId(),
                    c.toTierId(), c.cause().name(), c.overridden(), utc(c.effectiveTime()), utc(c.createTime()),
                    c.qualifyingValue(), c.triggerActivityId(), c.orderId(),
                    String.join(UNIT_SEPARATOR, c.entryRewardedTierIds()), c.actor().kind().name(), c.actor().id(),
                    c.actor().displayName(), c.reason()};
            for (int col = 0; col < row.length; col++) {
                columns[col][i] = row[col];
            }
        }
        return tx.preparedQuery(APPEND).execute(Tuple.from(columns)).replaceWithVoid();
    }

    private static final String UNIT_SEPARATOR = "\u001f";

    // WITH ORDINALITY keeps the given order for seq; tier id lists travel joined (arrays of arrays cannot unnest)
    private static final String APPEND = "INSERT INTO tier_change (" + COLUMNS + ") "
            + """
            SELECT change_id, store_id, customer_id, tier_program_id, from_tier_id, to_tier_id, cause, overridden,
                   effective_time, create_time, qualifying_value, trigger_activity_id, order_id,
                   COALESCE(string_to_array(NULLIF(rewarded, ''), chr(31)), '{}'), actor_kind, actor_id,
                   actor_display_name, reason
            FROM UNNEST($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
                        $8::boolean[], $9::timestamptz[], $10::timestamptz[], $11::bigint[], $12::text[], $13::text[],
                        $14::text[], $15::text[], $16::text[], $17::text[], $18::text[])
                 WITH ORDINALITY AS c(change_id, store_id, customer_id, tier_program_id, from_tier_id, to_tier_id,
                                      cause, overridden, effective_time, create_time, qualifying_value,
                                      trigger_activity_id, order_id, rewarded, actor_kind, actor_id,
                                      actor_display_name, reason, position)
            ORDER BY position""";

    /**
     * A customer's changes, newest effective time first (recording order breaks ties), strictly after
     * the position ({@code afterEffective}, {@code afterSeq}) when given; at most {@code limit}.
     */
    public Uni<List<Recorded>> page(SqlClient client, String storeId, String customerId, Instant afterEffective,
                                    long afterSeq, int limit) {
        String keyset = afterEffective == null ? "" : " AND (effective_time, seq) < ($4, $5)";
        Tuple args = afterEffective == null ? Tuple.of(storeId, customerId, limit)
                : Tuple.of(storeId, customerId, limit, utc(afterEffective), afterSeq);
        return client.preparedQuery("SELECT seq, " + COLUMNS + " FROM tier_change"
                        + " WHERE store_id = $1 AND customer_id = $2" + keyset
                        + " ORDER BY effective_time DESC, seq DESC LIMIT $3")
                .execute(args)
                .map(rows -> {
                    List<Recorded> found = new ArrayList<>();
                    rows.forEach(r -> found.add(new Recorded(fromRow(r), r.getLong("seq"))));
                    return found;
                });
    }

    private static final String ANNOUNCED = "WHERE store_id = $1 AND customer_id = $2 AND NOT overridden"
            + " AND from_tier_id IS DISTINCT FROM to_tier_id";

    /**
     * The changes of a customer's effective tier (what was announced downstream) effective at or
     * after {@code from}, with the latest one before it: oldest first, recording order breaking ties.
     */
    public Uni<List<TierChange>> announcedAround(SqlClient client, String storeId, String customerId, Instant from) {
        return client.preparedQuery("(SELECT seq, " + COLUMNS + " FROM tier_change " + ANNOUNCED
                        + " AND effective_time < $3 ORDER BY effective_time DESC, seq DESC LIMIT 1)"
                        + " UNION ALL (SELECT seq, " + COLUMNS + " FROM tier_change " + ANNOUNCED
                        + " AND effective_time >= $3) ORDER BY effective_time, seq")
                .execute(Tuple.of(storeId, customerId, utc(from)))
                .map(rows -> {
                    List<TierChange> found = new ArrayList<>();
                    rows.forEach(r -> found.add(fromRow(r)));
                    return found;
                });
    }

    /**
     * {@link #announcedAround} for many customers of one store, each from its own instant, in one
     * round trip: each customer's list in the same order.
     */
    public Uni<Map<String, List<TierChange>>> announcedAroundAll(SqlClient client, String storeId,
                                                                 Map<String, Instant> fromByCustomer) {
        String[] customers = fromByCustomer.keySet().toArray(String[]::new);
        OffsetDateTime[] from = Arrays.stream(customers).map(c -> utc(fromByCustomer.get(c)))
                .toArray(OffsetDateTime[]::new);
        String announced = "WHERE store_id = $1 AND customer_id = k.customer_id AND NOT overridden"
                + " AND from_tier_id IS DISTINCT FROM to_tier_id";
        return client.preparedQuery("SELECT x.* FROM UNNEST($2::text[], $3::timestamptz[]) AS k(customer_id, from_time)"
                        + " CROSS JOIN LATERAL ((SELECT seq, " + COLUMNS + " FROM tier_change " + announced
                        + " AND effective_time < k.from_time ORDER BY effective_time DESC, seq DESC LIMIT 1)"
                        + " UNION ALL (SELECT seq, " + COLUMNS + " FROM tier_change " + announced
                        + " AND effective_time >= k.from_time)) AS x ORDER BY x.customer_id, x.effective_time, x.seq")
                .execute(Tuple.of(storeId, customers, from))
                .map(rows -> {
                    Map<String, List<TierChange>> found = new HashMap<>();
                    fromByCustomer.keySet().forEach(c -> found.put(c, new ArrayList<>()));
                    rows.forEach(r -> found.get(r.getString("customer_id")).add(fromRow(r)));
                    return found;
                });
    }

    private static TierChange fromRow(Row r) {
        String[] rewarded = r.getArrayOfStrings("entry_rewarded_tier_ids");
        return new TierChange(r.getString("change_id"), r.getString("store_id"), r.getString("customer_id"),
                r.getString("tier_program_id"), r.getString("from_tier_id"), r.getString("to_tier_id"),
                TierChangeCause.valueOf(r.getString("cause")), r.getBoolean("overridden"),
                instant(r, "effective_time"), instant(r, "create_time"), r.getLong("qualifying_value"),
                r.getString("trigger_activity_id"), r.getString("order_id"),
                rewarded == null ? List.of() : Arrays.asList(rewarded),
                new Actor(Actor.Kind.valueOf(r.getString("actor_kind")), r.getString("actor_id"),
                        r.getString("actor_display_name")),
                r.getString("reason"));
    }
}
