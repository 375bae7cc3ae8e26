package io.laurel.platform.outbox;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.pubsub.PgSubscriber;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * Delivers outbox messages at least once. Each pass claims up to {@code batchSize} due messages
 * with {@code FOR UPDATE SKIP LOCKED}, so any number of replicas can run relays on one table without
 * delivering a message twice in the ordinary case; delivers them concurrently; marks successes
 * delivered and pushes failures back with exponential backoff. The claim is held for the pass, so
 * a relay that dies mid-pass releases its rows with its connection and another relay takes them.
 *
 * <p>Passes are triggered by a Postgres {@code NOTIFY} from {@link Outbox#enqueue} (prompt, across
 * replicas), by a full batch (keep draining), and by a safety-net poll.
 */
public final class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);

    private final Pool pool;
    private final OutboxTransport transport;
    private final Clock clock;
    private final OutboxSettings settings;
    private final AtomicBoolean draining = new AtomicBoolean();
    private final AtomicBoolean wakeAgain = new AtomicBoolean();
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private volatile boolean stopped = true;
    private Vertx vertx;
    private long pollTimer = -1;
    private PgSubscriber subscriber;

    public OutboxRelay(Pool pool, OutboxTransport transport, Clock clock, OutboxSettings settings) {
        this.pool = pool;
        this.transport = transport;
        this.clock = clock;
        this.settings = settings;
    }

    /**
     * Starts draining: now, on every NOTIFY received through {@code subscriber} (may be null; it
     * should reconnect by itself, as {@code PgSubscribers}' do), and every poll interval.
     */
    public synchronized Uni<Void> start(Vertx vertx, PgSubscriber subscriber) {
        this.vertx = vertx;
        this.stopped = false;
        this.pollTimer = vertx.setPeriodic(settings.pollInterval().toMillis(), id -> wake());
        if (subscriber == null) {
            wake();
            return Uni.createFrom().voidItem();
        }
        this.subscriber = subscriber;
        subscriber.channel(Outbox.CHANNEL).handler(payload -> wake());
        return subscriber.connect().invoke(this::wake);
    }

    public synchronized Uni<Void> stop() {
        stopped = true;
        if (vertx != null && pollTimer >= 0) {
            vertx.cancelTimer(pollTimer);
        }
        return subscriber == null ? Uni.createFrom().voidItem() : subscriber.close();
    }

    /** Asks for a pass soon; coalesces with a pass already running. */
    public void wake() {
        if (stopped) {
            return;
        }
        if (!draining.compareAndSet(false, true)) {
            wakeAgain.set(true);
            return;
        }
        wakeAgain.set(false);
        drainOnce().subscribe().with(
                processed -> afterPass(processed >= settings.batchSize()),
                failure -> {
                    LOG.warnf("outbox pass failed, next poll retries: %s", failure.toString());
                    afterPass(false);
                });
    }

    private void afterPass(boolean moreWaiting) {
        draining.set(false);
        if (moreWaiting || wakeAgain.get()) {
            wake();
        }
    }

    /** Messages delivered since start (for metrics). */
    public long deliveredCount() {
        return delivered.get();
    }

    /** Failed delivery attempts since start (for metrics). */
    public long failedCount() {
        return failed.get();
    }

    /** One pass: claims a batch of due messages, delivers them, records the outcome. Returns the batch size. */
    public Uni<Integer> drainOnce() {
        OffsetDateTime now = clock.instant().atOffset(ZoneOffset.UTC);
        return pool.withTransaction(tx -> tx
                .preparedQuery("""
                        SELECT id, destination, method, payload, message_key, attempts, trace_context FROM laurel_outbox
                        WHERE delivered_at IS NULL AND available_at <= $1
                        ORDER BY id LIMIT $2 FOR UPDATE SKIP LOCKED""")
                .execute(Tuple.of(now, settings.batchSize()))
                .flatMap(rows -> {
                    List<Uni<Outcome>> deliveries = new ArrayList<>();
                    for (Row row : rows) {
                        deliveries.add(deliver(row));
                    }
                    if (deliveries.isEmpty()) {
                        return Uni.createFrom().item(0);
                    }
                    return Uni.join().all(deliveries).andCollectFailures()
                            .flatMap(outcomes -> record(tx, outcomes))
                            .replaceWith(deliveries.size());
                }));
    }

    private Uni<Outcome> deliver(Row row) {
        OutboxMessage message = new OutboxMessage(row.getString("destination"), row.getString("method"),
                row.getBuffer("payload").getBytes(), row.getString("message_key"));
        long id = row.getLong("id");
        int attempts = row.getInteger("attempts");
        String trace = row.getString("trace_context");
        // the call starts inside the queuing change's trace, so it joins it
        Uni<Void> call = Uni.createFrom().emitter(done -> OutboxTrace.runIn(trace, () -> {
            try {
                transport.deliver(message).subscribe().with(done::complete, done::fail);
            } catch (RuntimeException e) {
                done.fail(e);
            }
        }));
        return call
                .ifNoItem().after(settings.deliveryDeadline()).fail()
                .map(ignored -> new Outcome(id, attempts, null))
                .onFailure().recoverWithItem(failure -> new Outcome(id, attempts,
                        failure.toString().length() > 500 ? failure.toString().substring(0, 500) : failure.toString()));
    }

    private Uni<Void> record(SqlConnection tx, List<Outcome> outcomes) {
        OffsetDateTime now = clock.instant().atOffset(ZoneOffset.UTC);
        List<Long> deliveredIds = new ArrayList<>();
        List<Tuple> retries = new ArrayList<>();
        for (Outcome outcome : outcomes) {
            if (outcome.error() == null) {
                deliveredIds.add(outcome.id());
            } else {
                int attempts = outcome.attemptsBefore() + 1;
                retries.add(Tuple.of(outcome.id(), attempts, now.plus(settings.backoffAfter(attempts)), outcome.error()));
                LOG.debugf("outbox message %d failed (attempt %d): %s", outcome.id(), attempts, outcome.error());
            }
        }
        delivered.addAndGet(deliveredIds.size());
        failed.addAndGet(retries.size());
        Uni<Void> markDelivered = deliveredIds.isEmpty() ? Uni.createFrom().voidItem()
                : tx.preparedQuery("UPDATE laurel_outbox SET delivered_at = $2, attempts = attempts + 1 WHERE id = ANY($1)")
                        .execute(Tuple.of(deliveredIds.toArray(Long[]::new), now)).replaceWithVoid();
        Uni<Void> pushBack = retries.isEmpty() ? Uni.createFrom().voidItem()
                : tx.preparedQuery("UPDATE laurel_outbox SET attempts = $2, available_at = $3, last_error = $4 WHERE id = $1")
                        .executeBatch(retries).replaceWithVoid();
        return markDelivered.chain(() -> pushBack);
    }

    private record Outcome(long id, int attemptsBefore, String error) {
    }
}
