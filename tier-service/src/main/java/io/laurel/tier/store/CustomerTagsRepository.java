package io.laurel.tier.store;

import static io.laurel.tier.store.CustomerTierRepository.instant;
import static io.laurel.tier.store.CustomerTierRepository.utc;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/** The tag set each customer carries (R-TIER-5), newest occurred_at wins. */
@ApplicationScoped
public class CustomerTagsRepository {

    /** A customer's tag set and when it was set. */
    public record TagSet(List<String> tags, Instant occurredAt) {
    }

    /** The held tag set; null when none was reported. */
    public Uni<TagSet> find(SqlClient client, String storeId, String customerId) {
        return client.preparedQuery("SELECT tags, occurred_at FROM customer_tags WHERE store_id = $1 AND customer_id = $2")
                .execute(Tuple.of(storeId, customerId))
                .map(rows -> {
                    if (rows.size() == 0) {
                        return null;
                    }
                    Row r = rows.iterator().next();
                    return new TagSet(List.of(r.getArrayOfStrings("tags")), instant(r, "occurred_at"));
                });
    }

    public Uni<Void> save(SqlClient tx, String storeId, String customerId, Set<String> tags, Instant occurredAt,
                          String activityId, Instant now) {
        return tx.preparedQuery("""
                        INSERT INTO customer_tags (store_id, customer_id, tags, occurred_at, activity_id, update_time)
                        VALUES ($1, $2, $3, $4, $5, $6)
                        ON CONFLICT (store_id, customer_id) DO UPDATE SET tags = EXCLUDED.tags,
                            occurred_at = EXCLUDED.occurred_at, activity_id = EXCLUDED.activity_id,
                            update_time = EXCLUDED.update_time""")
                .execute(Tuple.from(new Object[] {storeId, customerId, tags.toArray(String[]::new), utc(occurredAt),
                        activityId, utc(now)}))
                .replaceWithVoid();
    }
}
