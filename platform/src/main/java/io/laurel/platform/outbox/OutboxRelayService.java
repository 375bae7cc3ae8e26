package io.laurel.platform.outbox;

import io.laurel.platform.config.LaurelConfig;
import io.laurel.platform.grpc.PeerChannels;
import io.laurel.platform.store.PgSubscribers;
import io.laurel.platform.store.Retention;
import io.laurel.platform.time.ClockMoved;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.ObservesAsync;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.jboss.logging.Logger;

/** Runs this replica's {@link OutboxRelay} for the life of the service and publishes its counters. */
@ApplicationScoped
public class OutboxRelayService {

    private static final Logger LOG = Logger.getLogger(OutboxRelayService.class);

    private final Vertx vertx;
    private final Pool pool;
    private final Clock clock;
    private final LaurelConfig.Outbox settings;
    private final PeerChannels peers;
    private final MeterRegistry meters;
    private final PgSubscribers subscribers;
    private final OutboxSignal signal;
    private final Backlog backlog = new Backlog();
    private OutboxRelay relay;
    private long cleanupTimer = -1;
    private long backlogTimer = -1;

    public OutboxRelayService(Vertx vertx, Pool pool, Clock clock, LaurelConfig.Outbox settings,
                              PeerChannels peers, MeterRegistry meters, PgSubscribers subscribers,
                              OutboxSignal signal) {
        this.vertx = vertx;
        this.pool = pool;
        this.clock = clock;
        this.settings = settings;
        this.peers = peers;
        this.meters = meters;
        this.subscribers = subscribers;
        this.signal = signal;
    }

    void onStart(@Observes StartupEvent event) {
        if (!settings.relayEnabled()) {
            LOG.info("outbox relay disabled on this replica (laurel.outbox.relay-enabled=false)");
            return;
        }
        relay = new OutboxRelay(pool,
                new GrpcOutboxTransport(peers::channel, settings.deliveryDeadline()),
                clock,
                OutboxSettings.from(settings));
        FunctionCounter.builder("laurel.outbox.delivered", relay, OutboxRelay::deliveredCount)
                .description("outbox messages delivered by this replica").register(meters);
        FunctionCounter.builder("laurel.outbox.failed.attempts", relay, OutboxRelay::failedCount)
                .description("failed outbox delivery attempts by this replica (retried or parked)").register(meters);
        FunctionCounter.builder("laurel.outbox.parked", relay, OutboxRelay::parkedCount)
                .description("outbox messages this replica parked (refused for good; see OutboxService)").register(meters);
        Gauge.builder("laurel.outbox.delivery.lag", relay, r -> r.lastPassLagMillis() / 1000.0).baseUnit("seconds")
                .description("longest enqueue-to-delivery time among the last pass's deliveries").register(meters);
        Gauge.builder("laurel.outbox.pending.oldest.age", backlog, b -> b.oldestPendingSeconds).baseUnit("seconds")
                .description("age of the oldest message not yet delivered nor parked (0 when drained)").register(meters);
        Gauge.builder("laurel.outbox.parked.messages", backlog, b -> b.parkedMessages)
                .description("messages parked in this service's outbox now").register(meters);
        OutboxRelay started = relay;
        signal.onCommit(started::wake); // this replica's own commits, without the round trip through NOTIFY
        backlogTimer = vertx.setPeriodic(settings.pollInterval().toMillis(), id -> measureBacklog());
        relay.start(vertx, subscribers.create().orElse(null)).subscribe().with(
                ignored -> LOG.debug("outbox relay listening for notifications"),
                failure -> LOG.warnf("outbox relay could not LISTEN (polling only until it can): %s", failure));
        cleanupTimer = Retention.hourly(vertx, "delivered outbox messages", this::deleteOldDelivered);
    }

    /** The development clock jumped: messages whose backoff ended in the skipped time are due now. */
    void onClockMoved(@ObservesAsync ClockMoved moved) {
        if (relay != null) {
            relay.wake();
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        if (relay != null) {
            relay.stop().await().atMost(Duration.ofSeconds(5));
            vertx.cancelTimer(cleanupTimer);
            vertx.cancelTimer(backlogTimer);
        }
    }

    private void measureBacklog() {
        // both through partial indexes (laurel_outbox_parked, laurel_outbox_due): the delivered rows kept for a while
        // are never read; the first message on its way by id is the oldest
        pool.query("""
                        SELECT (SELECT count(*) FROM laurel_outbox WHERE parked_at IS NOT NULL) AS parked,
                               (SELECT created_at FROM laurel_outbox WHERE delivered_at IS NULL AND parked_at IS NULL
                                ORDER BY id LIMIT 1) AS oldest""")
                .execute()
                .subscribe().with(rows -> {
                    Row row = rows.iterator().next();
                    backlog.parkedMessages = row.getLong("parked");
                    OffsetDateTime oldest = row.getOffsetDateTime("oldest");
                    backlog.oldestPendingSeconds = oldest == null ? 0
                            : Math.max(0, Duration.between(oldest.toInstant(), clock.instant()).toMillis() / 1000.0);
                }, failure -> LOG.debugf("outbox backlog not measured: %s", failure));
    }

    /** What the outbox holds, as last measured. */
    private static final class Backlog {
        volatile long parkedMessages;
        volatile double oldestPendingSeconds;
    }

    private Uni<Integer> deleteOldDelivered() {
        return pool.preparedQuery("DELETE FROM laurel_outbox WHERE delivered_at < $1")
                .execute(Tuple.of(clock.instant().minus(settings.keepDelivered()).atOffset(ZoneOffset.UTC)))
                .map(rows -> rows.rowCount());
    }
}
