package io.laurel.tier.store;

import static io.laurel.tier.store.CustomerTierRepository.utc;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The tiers each customer has ever entered under a program: entry rewards are paid once (R-TIER-2). */
@ApplicationScoped
public class TierEntryRepository {

    /** Records {@code tierIds} as entered; returns those entered for the first time. */
    public Uni<List<String>> enter(SqlClient tx, String storeId, String tierProgramId, String customerId,
                                   List<String> tierIds, Instant at) {
        if (tierIds.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return tx.preparedQuery("""
                        INSERT INTO tier_entry (store_id, tier_program_id, customer_id, tier_id, entered_at)
                        SELECT $1, $2, $3, t, $5 FROM UNNEST($4::text[]) AS t
                        ON CONFLICT DO NOTHING RETURNING tier_id""")
                .execute(Tuple.of(storeId, tierProgramId, customerId, tierIds.toArray(String[]::new), utc(at)))
                .map(rows -> {
                    List<String> first = new ArrayList<>();
                    rows.forEach(r -> first.add(r.getString(0)));
                    return tierIds.stream().filter(first::contains).toList(); // in the order entered
                });
    }
}
