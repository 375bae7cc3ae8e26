package io.laurel.platform.outbox;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.pubsub.PgSubscriber;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * Delivers outbox messages at least once. Each pass claims up to {@code batchSize} due messages
 * with {@code FOR UPDATE SKIP LOCKED}, so any number of replicas can run relays on one table without
 * delivering a message twice in the ordinary case; delivers them concurrently (several per call
 * where the receiving RPC takes a batch); marks successes delivered, pushes transient failures back
 * with exponential backoff and parks permanent ones ({@link DeliveryFailure}) for an operator. A
 * message with an ordering key goes only after every earlier message of its key and destination is
 * delivered or parked: a pass claims a key's due messages together and sends them one after another
 * (in rounds across keys), so a backlog of one customer's messages drains in one pass, not one
 * message per pass. The claim is held for the pass, so
 * a relay that dies mid-pass releases its rows with its connection and another relay takes them.
 *
 * <p>Passes are triggered by a Postgres {@code NOTIFY} from {@link Outbox#enqueue} (prompt, across
 * replicas), by a full batch (keep draining), and by a safety-net poll.
 */
public final class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);

    // Due and not parked, in id order, skipping what another replica holds; a message of an ordering key is left
    // out when an earlier one of its key waits for a retry (it cannot go before it). held_by: the first earlier
    // message of the key still on its way that this pass did not claim (another replica holds it): the claimed one
    // must wait for it, and is left alone this pass. Every earlier message of a key is otherwise claimed with it, so
    // a pass delivers a key's messages one after another (see deliver) instead of one per pass.
    private static final String CLAIM = """
            WITH claimed AS (
                SELECT o.id, o.destination, o.method, o.payload, o.message_key, o.ordering_key, o.attempts,
                       o.created_at, o.trace_context
                FROM laurel_outbox o
                WHERE o.delivered_at IS NULL AND o.parked_at IS NULL AND o.available_at <= $1
                  AND (o.ordering_key IS NULL OR NOT EXISTS (
                        SELECT 1 FROM laurel_outbox e
                        WHERE e.destination = o.destination AND e.ordering_key = o.ordering_key AND e.id < o.id
                          AND e.delivered_at IS NULL AND e.parked_at IS NULL AND e.available_at > $1))
                ORDER BY o.id LIMIT $2 FOR UPDATE OF o SKIP LOCKED)
            SELECT c.*, CASE WHEN c.ordering_key IS NULL THEN NULL ELSE (
                       SELECT min(e.id) FROM laurel_outbox e
                       WHERE e.destination = c.destination AND e.ordering_key = c.ordering_key AND e.id < c.id
                         AND e.delivered_at IS NULL AND e.parked_at IS NULL
                         AND e.id NOT IN (SELECT id FROM claimed)) END AS held_by
            FROM claimed c ORDER BY c.id""";

    /** Outcome markers of {@link #deliver}: no stack traces, compared by identity. */
    private static final Throwable DELIVERED = new Marker("delivered");
    private static final Throwable NOT_TRIED = new Marker("not tried: an earlier message of its key was not delivered");

    private final Pool pool;
    private final OutboxTransport transport;
    private final Clock clock;
    private final OutboxSettings settings;
    private final AtomicBoolean draining = new AtomicBoolean();
    private final AtomicBoolean wakeAgain = new AtomicBoolean();
    // a pass that settled an ordered message may have released its successor: look again at once
    private final AtomicBoolean releasedOrdered = new AtomicBoolean();
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong parked = new AtomicLong();
    private final AtomicLong lastPassLag = new AtomicLong();
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
        if (moreWaiting || wakeAgain.get() || releasedOrdered.getAndSet(false)) {
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

    /** Messages parked since start (for metrics). */
    public long parkedCount() {
        return parked.get();
    }

    /** The longest time from enqueue to delivery among the last pass's deliveries, in milliseconds (for metrics). */
    public long lastPassLagMillis() {
        return lastPassLag.get();
    }

    /**
     * One pass: claims a batch of due messages, delivers them, records the outcome. Returns how many were claimed and
     * free to go (a message waiting for an earlier one of its key that another replica holds is not counted).
     */
    public Uni<Integer> drainOnce() {
        OffsetDateTime now = clock.instant().atOffset(ZoneOffset.UTC);
        return pool.withTransaction(tx -> tx
                .preparedQuery(CLAIM)
                .execute(Tuple.of(now, settings.batchSize()))
                .flatMap(rows -> {
                    List<Claimed> claimed = new ArrayList<>();
                    for (Row row : rows) {
                        if (row.getLong("held_by") != null) {
                            continue; // its key's earlier message is another replica's: its turn comes after
                        }
                        claimed.add(new Claimed(row.getLong("id"), row.getInteger("attempts"),
                                row.getOffsetDateTime("created_at").toInstant(),
                                new OutboxMessage(row.getString("destination"), row.getString("method"),
                                        row.getBuffer("payload").getBytes(), row.getString("message_key"),
                                        row.getString("ordering_key")), row.getString("trace_context")));
                    }
                    if (claimed.isEmpty()) {
                        return Uni.createFrom().item(0);
                    }
                    if (claimed.stream().anyMatch(c -> c.message().orderingKey() != null)) {
                        releasedOrdered.set(true);
                    }
                    return deliver(claimed)
                            .flatMap(outcomes -> record(tx, claimed, outcomes))
                            .replaceWith(claimed.size());
                }));
    }

    /**
     * Delivers the claimed messages in rounds: round n holds the n-th message of every ordering key (and, in the
     * first, every message without one), all sent at once, several per call where the receiver takes a batch. A key's
     * next message goes only once its previous one was delivered; after a failure the rest of the key waits for a
     * later pass. Returns one outcome per claimed message, in order: {@link #DELIVERED}, the failure, or
     * {@link #NOT_TRIED}.
     */
    private Uni<List<Throwable>> deliver(List<Claimed> claimed) {
        List<List<Integer>> rounds = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < claimed.size(); i++) {
            OutboxMessage message = claimed.get(i).message();
            int round = message.orderingKey() == null ? 0 : seen.merge(orderOf(message), 1, Integer::sum) - 1;
            while (rounds.size() <= round) {
                rounds.add(new ArrayList<>());
            }
            rounds.get(round).add(i);
        }
        Throwable[] outcomes = new Throwable[claimed.size()];
        Arrays.fill(outcomes, NOT_TRIED);
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (List<Integer> round : rounds) {
            chain = chain.chain(() -> deliverRound(claimed, round, outcomes));
        }
        return chain.map(ignored -> Arrays.asList(outcomes));
    }

    private Uni<Void> deliverRound(List<Claimed> claimed, List<Integer> round, Throwable[] outcomes) {
        Set<String> stopped = new HashSet<>();
        for (int i = 0; i < outcomes.length; i++) {
            OutboxMessage m = claimed.get(i).message();
            if (m.orderingKey() != null && outcomes[i] != DELIVERED && outcomes[i] != NOT_TRIED) {
                stopped.add(orderOf(m));
            }
        }
        List<Integer> going = new ArrayList<>();
        for (int i : round) {
            OutboxMessage m = claimed.get(i).message();
            if (m.orderingKey() == null || !stopped.contains(orderOf(m))) {
                going.add(i);
            }
        }
        if (going.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        // the delivery starts inside the trace of the change that queued the (first) message, so it joins it
        String trace = going.stream().map(i -> claimed.get(i).trace()).filter(java.util.Objects::nonNull).findFirst()
                .orElse(null);
        List<OutboxMessage> messages = going.stream().map(i -> claimed.get(i).message()).toList();
        Uni<List<Throwable>> calls = Uni.createFrom().emitter(done -> OutboxTrace.runIn(trace, () -> {
            try {
                transport.deliverAll(messages).subscribe().with(done::complete, done::fail);
            } catch (RuntimeException e) {
                done.fail(e);
            }
        }));
        return calls
                .ifNoItem().after(settings.deliveryDeadline().plusSeconds(1)).fail()
                .onFailure().recoverWithItem(failure -> Collections.<Throwable>nCopies(messages.size(), failure))
                .invoke(failures -> {
                    for (int k = 0; k < going.size(); k++) {
                        outcomes[going.get(k)] = failures.get(k) == null ? DELIVERED : failures.get(k);
                    }
                })
                .replaceWithVoid();
    }

    private Uni<Void> record(SqlConnection tx, List<Claimed> claimed, List<Throwable> failures) {
        OffsetDateTime now = clock.instant().atOffset(ZoneOffset.UTC);
        List<Long> deliveredIds = new ArrayList<>();
        List<Tuple> retries = new ArrayList<>();
        List<Tuple> parks = new ArrayList<>();
        long maxLag = 0;
        for (int i = 0; i < claimed.size(); i++) {
            Claimed c = claimed.get(i);
            Throwable failure = failures.get(i);
            if (failure == NOT_TRIED) {
                continue; // an earlier message of its key failed this pass: it stays as it was
            }
            if (failure == DELIVERED) {
                deliveredIds.add(c.id());
                maxLag = Math.max(maxLag, Duration.between(c.createdAt(), now.toInstant()).toMillis());
                continue;
            }
            int attempts = c.attemptsBefore() + 1;
            String error = describe(failure);
            DeliveryFailure kind = DeliveryFailure.of(failure);
            if (kind == DeliveryFailure.PERMANENT
                    || (kind == DeliveryFailure.PERMANENT_UNLESS_HEALED && attempts >= settings.parkAfterAttempts())) {
                parks.add(Tuple.of(c.id(), attempts, now, error));
                LOG.warnf("outbox message %d to %s %s parked after %d attempt(s): %s", c.id(), c.message().destination(),
                        c.message().method(), attempts, error);
            } else {
                retries.add(Tuple.of(c.id(), attempts, now.plus(settings.backoffAfter(attempts)), error));
                LOG.debugf("outbox message %d failed (attempt %d): %s", c.id(), attempts, error);
            }
        }
        delivered.addAndGet(deliveredIds.size());
        failed.addAndGet(retries.size() + parks.size());
        parked.addAndGet(parks.size());
        if (!deliveredIds.isEmpty()) {
            lastPassLag.set(maxLag);
        }
        Uni<Void> markDelivered = deliveredIds.isEmpty() ? Uni.createFrom().voidItem()
                : tx.preparedQuery("UPDATE laurel_outbox SET delivered_at = $2, attempts = attempts + 1 WHERE id = ANY($1)")
                        .execute(Tuple.of(deliveredIds.toArray(Long[]::new), now)).replaceWithVoid();
        Uni<Void> pushBack = retries.isEmpty() ? Uni.createFrom().voidItem()
                : tx.preparedQuery("UPDATE laurel_outbox SET attempts = $2, available_at = $3, last_error = $4 WHERE id = $1")
                        .executeBatch(retries).replaceWithVoid();
        Uni<Void> park = parks.isEmpty() ? Uni.createFrom().voidItem()
                : tx.preparedQuery("UPDATE laurel_outbox SET attempts = $2, parked_at = $3, last_error = $4 WHERE id = $1")
                        .executeBatch(parks).replaceWithVoid();
        return markDelivered.chain(() -> pushBack).chain(() -> park);
    }

    private static String describe(Throwable failure) {
        String text = failure.toString();
        return text.length() > 500 ? text.substring(0, 500) : text;
    }

    /** The sequence a message of an ordering key belongs to: its key at its destination. */
    private static String orderOf(OutboxMessage m) {
        return m.destination() + "\u0000" + m.orderingKey();
    }

    private static final class Marker extends Throwable {
        Marker(String what) {
            super(what, null, false, false);
        }
    }

    /** @param trace the trace context of the change that queued it (null when tracing is off) */
    private record Claimed(long id, int attemptsBefore, Instant createdAt, OutboxMessage message, String trace) {
    }
}
