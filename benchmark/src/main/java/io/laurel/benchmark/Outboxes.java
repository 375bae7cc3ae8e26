package io.laurel.benchmark;

import io.laurel.devstack.PostgresServer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * The four services' outboxes, read straight from their databases: whether anything is still on its way, and what
 * was delivered since an instant and how late. A scenario's consequences travel through them after its calls have
 * answered, so a run waits for them before the next scenario measures — or one scenario's backlog would be billed to
 * the next.
 */
public final class Outboxes {

    static final List<String> AREAS = List.of("program", "progress", "reward", "tier");

    /** What the outboxes delivered and parked since an instant, and the relays' lag (enqueue → delivery). */
    public record Drained(long delivered, long parked, double lagP99Ms, double lagMaxMs) {
    }

    private Outboxes() {
    }

    /**
     * Waits until no outbox holds a message on its way — all four at one moment, since a delivery into one service
     * may queue messages in another (parked ones are counted, not waited for) — then reads what was delivered.
     */
    public static Drained awaitDrained(PostgresServer postgres, Instant since, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<Connection> dbs = new ArrayList<>();
        try {
            for (String area : AREAS) {
                dbs.add(postgres.connect("laurel_" + area));
            }
            while (true) {
                String busy = null;
                for (int i = 0; i < dbs.size() && busy == null; i++) {
                    // polled: through the relay's own partial index, so waiting costs the services' Postgres nothing
                    try (PreparedStatement onItsWay = dbs.get(i).prepareStatement("""
                            SELECT EXISTS (SELECT 1 FROM laurel_outbox WHERE delivered_at IS NULL AND parked_at IS NULL)""");
                         ResultSet rows = onItsWay.executeQuery()) {
                        rows.next();
                        if (rows.getBoolean(1)) {
                            busy = AREAS.get(i);
                        }
                    }
                }
                if (busy == null) {
                    break;
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(busy + "-service's outbox did not drain within " + timeout);
                }
                Thread.sleep(100);
            }
            long delivered = 0;
            long parked = 0;
            double p99 = 0;
            double max = 0;
            for (Connection db : dbs) {
                try (PreparedStatement summary = db.prepareStatement("""
                        SELECT count(*) FILTER (WHERE delivered_at IS NOT NULL),
                               count(*) FILTER (WHERE parked_at IS NOT NULL),
                               coalesce(percentile_cont(0.99) WITHIN GROUP (ORDER BY extract(epoch FROM delivered_at - created_at)), 0),
                               coalesce(max(extract(epoch FROM delivered_at - created_at)), 0)
                        FROM laurel_outbox WHERE created_at >= ?""")) {
                    summary.setObject(1, since.atOffset(ZoneOffset.UTC));
                    try (ResultSet rows = summary.executeQuery()) {
                        rows.next();
                        delivered += rows.getLong(1);
                        parked += rows.getLong(2);
                        p99 = Math.max(p99, rows.getDouble(3) * 1000);
                        max = Math.max(max, rows.getDouble(4) * 1000);
                    }
                }
            }
            return new Drained(delivered, parked, p99, max);
        } finally {
            for (Connection db : dbs) {
                db.close();
            }
        }
    }
}
