package io.laurel.benchmark.scenario;

import io.laurel.benchmark.BenchContext;
import io.laurel.benchmark.Figure;
import io.laurel.benchmark.Scenario;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * tier-service's period-end job over 100,000 customers whose calendar year has ended (a third
 * downgraded, the rest renewed), as its own timer runs it (every 10 s): customers settled per
 * second, judged against the raw single-row-update TPS. Timed from the first batch seen committed
 * (the customers then still due are the ones counted) to the moment none is due, by cheap polls.
 */
public final class TierPeriodEnd implements Scenario {

    private static final int CUSTOMERS = 100_000;

    @Override
    public String name() {
        return "tier-period-end";
    }

    @Override
    public String description() {
        return "period-end job over " + CUSTOMERS + " customers, vs raw update TPS (aim ≥ 1×, customers/s)";
    }

    @Override
    public List<Figure> run(BenchContext context) throws Exception {
        String store = "bench-tier-end-" + UUID.randomUUID().toString().substring(0, 8);
        int customers = context.scaled(CUSTOMERS);
        try (Connection db = context.postgres().connect(TierSetupSql.DATABASE)) {
            seed(db, store, customers);
            // the job runs on its own timer, every 10 s
            Poll.until("tier-service's period-end job to start", Duration.ofSeconds(60), Duration.ofMillis(20),
                    () -> anyChange(db, store));
            long start = System.nanoTime();
            long atStart = due(db, store); // what is left once the first batch is seen committed
            while (anyDue(db, store)) { // a probe walks the index the job walks (ms each): a few per second
                Thread.sleep(100);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            return List.of(
                    Figure.atLeast("period-end customers/s", atStart / seconds, "/s", "raw update TPS",
                            context.rawUpdateTps(), 1.0),
                    Figure.info("period-end downgrades recorded", history(db, store), "", "customers", customers));
        }
    }

    /** Customers in gold or silver whose 2025 period ended: values spread so a third fall back. */
    private static void seed(Connection db, String store, int customers) throws SQLException {
        TierSetupSql.activeProgram(db, store);
        try (PreparedStatement seed = db.prepareStatement("""
                INSERT INTO customer_tier (store_id, customer_id, tier_program_id, computed_tier_id, computed_source,
                                           computed_since, qualifying_value, period_start_time, period_end_time,
                                           held_until, tier_since, update_time)
                SELECT ?, 'c-' || g, ?, CASE WHEN g % 2 = 0 THEN 'gold' ELSE 'silver' END, 'COMPUTED',
                       now() - interval '400 days', (g * 7919) % 750000,
                       now() - interval '400 days', now() - interval '1 minute', now() - interval '1 minute',
                       now() - interval '400 days', now()
                FROM generate_series(1, ?) AS g""")) {
            seed.setString(1, store);
            seed.setString(2, TierSetupSql.programId(store));
            seed.setInt(3, customers);
            seed.executeUpdate();
        }
    }

    private static long due(Connection db, String store) throws SQLException {
        try (PreparedStatement q = db.prepareStatement(
                "SELECT count(*) FROM customer_tier WHERE store_id = ? AND period_end_time <= now()")) {
            q.setString(1, store);
            try (ResultSet r = q.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        }
    }

    private static boolean anyDue(Connection db, String store) throws SQLException {
        return exists(db, "SELECT 1 FROM customer_tier WHERE store_id = ? AND period_end_time <= now() LIMIT 1", store);
    }

    private static boolean anyChange(Connection db, String store) throws SQLException {
        return exists(db, "SELECT 1 FROM tier_change WHERE store_id = ? LIMIT 1", store);
    }

    private static boolean exists(Connection db, String sql, String store) throws SQLException {
        try (PreparedStatement q = db.prepareStatement(sql)) {
            q.setString(1, store);
            try (ResultSet r = q.executeQuery()) {
                return r.next();
            }
        }
    }

    private static long history(Connection db, String store) throws SQLException {
        try (PreparedStatement q = db.prepareStatement("SELECT count(*) FROM tier_change WHERE store_id = ?")) {
            q.setString(1, store);
            try (ResultSet r = q.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        }
    }
}
