package io.laurel.benchmark;

import io.laurel.devstack.PostgresServer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

/**
 * The four services' outboxes, read straight from their databases: whether anything is still on its way, and what
 * was delivered since an instant and how late. A scenario's consequences travel through them after its calls have
 * answered, so a run waits for them before the next scenario measures — or one scenario's backlog would be billed to
 * the next.
 */
public final class Outboxes {

    private static final List<String> AREAS = List.of("program", "progress", "reward", "tier");

    /** What the outboxes delivered and parked since an instant, and the relays' lag (enqueue → delivery). */
    public record Drained(long delivered, long parked, double lagP99Ms, double lagMaxMs) {
    }

    private Outboxes() {
    }

    /** Waits until no outbox holds a message on its way (parked ones are counted, not waited for). */
    public static Drained awaitDrained(PostgresServer postgres, Instant since, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        long delivered = 0;
        long parked = 0;
        double p99 = 0;
        double max = 0;
        for (String area : AREAS) {
            try (Connection db = postgres.connect("laurel_" + area);
                 PreparedStatement query = db.prepareStatement("""
                         SELECT count(*) FILTER (WHERE delivered_at IS NULL AND parked_at IS NULL),
                                count(*) FILTER (WHERE delivered_at IS NOT NULL AND created_at >= ?),
                                count(*) FILTER (WHERE parked_at IS NOT NULL AND created_at >= ?),
                                coalesce(percentile_cont(0.99) WITHIN GROUP (ORDER BY extract(epoch FROM delivered_at - created_at))
                                    FILTER (WHERE created_at >= ?), 0),
                                coalesce(max(extract(epoch FROM delivered_at - created_at)) FILTER (WHERE created_at >= ?), 0)
                         FROM laurel_outbox""")) {
                for (int i = 1; i <= 4; i++) {
                    query.setObject(i, since.atOffset(ZoneOffset.UTC));
                }
                while (true) {
                    try (ResultSet rows = query.executeQuery()) {
                        rows.next();
                        if (rows.getLong(1) == 0) {
                            delivered += rows.getLong(2);
                            parked += rows.getLong(3);
                            p99 = Math.max(p99, rows.getDouble(4) * 1000);
                            max = Math.max(max, rows.getDouble(5) * 1000);
                            break;
                        }
                    }
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException(area + "-service's outbox did not drain within " + timeout);
                    }
                    Thread.sleep(50);
                }
            }
        }
        return new Drained(delivered, parked, p99, max);
    }
}
