package io.laurel.tier.store;

import static io.laurel.tier.store.CustomerTierRepository.utc;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Set;

/** The tag set each customer carries (R-TIER-5), newest occurred_at wins. */
@ApplicationScoped
public class CustomerTagsRepository {

    /** Stores the tag set unless a newer one (later occurred_at) is held; true when it was stored. */
    public Uni<Boolean> save(SqlClient tx, String storeId, String customerId, Set<String> tags, Instant occurredAt,
                                 String activityId, Instant now) {
        return tx.preparedQuery("""
                        INSERT INTO customer_tags (store_id, customer_id, tags, occurred_at, activity_id, update_time)
                        VALUES ($1, $2, $3, $4, $5, $6)
                        ON CONFLICT (store_id, customer_id) DO UPDATE SET tags = EXCLUDED.tags,
                            occurred_at = EXCLUDED.occurred_at, activity_id = EXCLUDED.activity_id,
                            update_time = EXCLUDED.update_time
                        WHERE customer_tags.occurred_at <= EXCLUDED.occurred_at""")
                .execute(Tuple.from(new Object[] {storeId, customerId, tags.toArray(String[]::new), utc(occurredAt),
                        activityId, utc(now)}))
                .map(rows -> rows.rowCount() == 1);
    }
}
