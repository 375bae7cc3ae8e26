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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

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

    /** Appends {@code changes} in order (their seq follows that order). */
    public Uni<Void> append(SqlClient tx, List<TierChange> changes) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (TierChange c : changes) {
            chain = chain.chain(() -> tx.preparedQuery("INSERT INTO tier_change (" + COLUMNS + ") VALUES "
                            + "($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)")
                    .execute(Tuple.from(new Object[] {c.changeId(), c.storeId(), c.customerId(), c.tierProgramId(),
                            c.fromTierId(), c.toTierId(), c.cause().name(), c.overridden(), utc(c.effectiveTime()),
                            utc(c.createTime()), c.qualifyingValue(), c.triggerActivityId(), c.orderId(),
                            c.entryRewardedTierIds().toArray(String[]::new), c.actor().kind().name(), c.actor().id(),
                            c.actor().displayName(), c.reason()}))
                    .replaceWithVoid());
        }
        return chain;
    }

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
