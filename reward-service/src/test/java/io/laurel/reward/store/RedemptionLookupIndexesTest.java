package io.laurel.reward.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.laurel.devstack.LaurelTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A reservation's two lookups go through their own indexes, and the expiry job's deadline index cannot serve them.
 * Every index of {@code redemption} is limited to RESERVED rows and keeps a closed redemption's entries until vacuum,
 * so a lookup served from an index that only matches that predicate walks every open and recently closed reservation
 * of the table (measured under load: 10,521 buffers in 6.5 ms instead of 3 in 0.06 ms). Plans are read with
 * 5,000 open reservations seeded and analysed and sequential scans priced out, inside a transaction rolled back.
 */
@QuarkusTest
@WithTestResource(value = LaurelTestResource.class,
        initArgs = {@ResourceArg(name = LaurelTestResource.DATABASE, value = "laurel_reward"),
                    @ResourceArg(name = LaurelTestResource.REDIS, value = "false")})
class RedemptionLookupIndexesTest {

    // 5,000 open reservations of 500 customers in one store, analysed, so the planner costs each index on real sizes
    private static final String SEED = """
            INSERT INTO redemption (redemption_id, store_id, customer_id, checkout_id, points, point_value_minor_milli,
                                    currency_code, points_discount_minor, store_credit_minor, state, create_time,
                                    expire_time)
            SELECT gen_random_uuid(), 's-1', 'c-' || (g % 500), 'cart-' || g, 10, 1000, 'EUR', 10, 0, 'RESERVED', now(),
                   now() + interval '15 minutes'
            FROM generate_series(1, 5000) AS g""";

    private static final String WITHOUT_LOOKUP_INDEXES = "DROP INDEX redemption_one_open_per_checkout, redemption_by_customer";

    @Inject
    Pool pool;

    @Test
    void aCheckoutsOpenRedemptionIsFoundThroughTheCheckoutIndex() {
        assertThat(plan(null, RedemptionStore.OPEN_FOR_CHECKOUT, "s-1", "cart-1"))
                .containsPattern("(using|on) redemption_one_open_per_checkout").contains("checkout_id = 'cart-1'")
                .contains("store_id = 's-1'").doesNotContain("Filter");
    }

    @Test
    void aCustomersOpenRedemptionsAreFoundThroughTheCustomerIndex() {
        assertThat(plan(null, RedemptionStore.OPEN_OF_CUSTOMER, "s-1", "c-1"))
                .containsPattern("(using|on) redemption_by_customer").contains("customer_id = 'c-1'")
                .contains("store_id = 's-1'").doesNotContain("Filter");
    }

    @Test
    void theDeadlineIndexServesNeitherLookup() {
        assertThat(plan(WITHOUT_LOOKUP_INDEXES, RedemptionStore.OPEN_FOR_CHECKOUT, "s-1", "cart-1"))
                .doesNotContain("redemption_due");
        assertThat(plan(WITHOUT_LOOKUP_INDEXES, RedemptionStore.OPEN_OF_CUSTOMER, "s-1", "c-1"))
                .doesNotContain("redemption_due");
    }

    /** The plan of {@code sql} over the seeded rows, sequential scans priced out, after {@code change} (null: none). */
    private String plan(String change, String sql, Object... args) {
        return pool.withConnection(c -> c.begin().flatMap(tx -> c.query(SEED).execute()
                        .chain(() -> c.query("ANALYZE redemption").execute())
                        .chain(() -> c.query("SET LOCAL enable_seqscan = off").execute())
                        .chain(() -> change == null ? Uni.createFrom().voidItem()
                                : c.query(change).execute().replaceWithVoid())
                        .chain(() -> c.preparedQuery("EXPLAIN " + sql).execute(Tuple.from(args)))
                        .map(rows -> {
                            List<String> lines = new ArrayList<>();
                            rows.forEach(row -> lines.add(row.getString(0)));
                            return String.join("\n", lines);
                        })
                        .eventually(tx::rollback)))
                .await().atMost(Duration.ofSeconds(30));
    }
}
