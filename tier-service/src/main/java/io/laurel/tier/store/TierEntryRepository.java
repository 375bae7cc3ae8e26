package io.laurel.tier.store;

import static io.laurel.tier.store.CustomerTierRepository.utc;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The tiers each customer has ever entered under a program: entry rewards are paid once (R-TIER-2). */
@ApplicationScoped
public class TierEntryRepository {

    /**
     * Records each customer's {@code tierIdsByCustomer} tiers as entered, in one statement; returns, for
     * each customer, those entered for the first time, in the order given.
     */
    public Uni<Map<String, List<String>>> enterAll(SqlClient tx, String storeId, String tierProgramId,
                                                   Map<String, List<String>> tierIdsByCustomer, Instant at) {
        List<String> customers = new ArrayList<>();
        List<String> tiers = new ArrayList<>();
        tierIdsByCustomer.forEach((customer, ids) -> ids.forEach(tier -> {
            customers.add(customer);
            tiers.add(tier);
        }));
        Map<String, List<String>> first = new HashMap<>();
        tierIdsByCustomer.keySet().forEach(c -> first.put(c, new ArrayList<>()));
        if (tiers.isEmpty()) {
            return Uni.createFrom().item(first);
        }
        return tx.preparedQuery("""
                        INSERT INTO tier_entry (store_id, tier_program_id, customer_id, tier_id, entered_at)
                        SELECT $1, $2, c, t, $5 FROM UNNEST($3::text[], $4::text[]) AS e(c, t)
                        ON CONFLICT DO NOTHING RETURNING customer_id, tier_id""")
                .execute(Tuple.of(storeId, tierProgramId, customers.toArray(String[]::new), tiers.toArray(String[]::new),
                        utc(at)))
                .map(rows -> {
                    Set<String> entered = new HashSet<>();
                    rows.forEach(r -> entered.add(r.getString(0) + '\u0000' + r.getString(1)));
                    tierIdsByCustomer.forEach((customer, ids) -> ids.stream()
                            .filter(tier -> entered.contains(customer + '\u0000' + tier))
                            .forEach(first.get(customer)::add)); // in the order entered
                    return first;
                });
    }
}
