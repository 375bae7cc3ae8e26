package io.laurel.platform.outbox;

import io.laurel.platform.config.LaurelConfig;
import io.laurel.platform.grpc.PeerChannels;
import io.laurel.platform.store.PgSubscribers;
import io.laurel.platform.store.Retention;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Duration;
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
    private OutboxRelay relay;
    private long cleanupTimer = -1;

    public OutboxRelayService(Vertx vertx, Pool pool, Clock clock, LaurelConfig.Outbox settings,
                              PeerChannels peers, MeterRegistry meters, PgSubscribers subscribers) {
        this.vertx = vertx;
        this.pool = pool;
        this.clock = clock;
        this.settings = settings;
        this.peers = peers;
        this.meters = meters;
        this.subscribers = subscribers;
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
                .description("failed outbox delivery attempts by this replica (each is retried)").register(meters);
        relay.start(vertx, subscribers.create().orElse(null)).subscribe().with(
                ignored -> LOG.debug("outbox relay listening for notifications"),
                failure -> LOG.warnf("outbox relay could not LISTEN (polling only until it can): %s", failure));
        cleanupTimer = Retention.hourly(vertx, "delivered outbox messages", this::deleteOldDelivered);
    }

    void onStop(@Observes ShutdownEvent event) {
        if (relay != null) {
            relay.stop().await().atMost(Duration.ofSeconds(5));
            vertx.cancelTimer(cleanupTimer);
        }
    }

    private Uni<Integer> deleteOldDelivered() {
        return pool.preparedQuery("DELETE FROM laurel_outbox WHERE delivered_at < $1")
                .execute(Tuple.of(clock.instant().minus(settings.keepDelivered()).atOffset(ZoneOffset.UTC)))
                .map(rows -> rows.rowCount());
    }
}
