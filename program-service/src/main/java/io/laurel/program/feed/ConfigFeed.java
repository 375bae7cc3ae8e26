package io.laurel.program.feed;

import io.laurel.platform.error.FailedPreconditionException;
import io.laurel.platform.error.UnavailableException;
import io.laurel.platform.grpc.ProtoTime;
import io.laurel.platform.store.PgSubscribers;
import io.laurel.program.store.ConfigChangeRepository;
import io.laurel.proto.program.v1.ConfigChange;
import io.laurel.proto.program.v1.ConfigFeedHeartbeat;
import io.laurel.proto.program.v1.WatchConfigChangesResponse;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.BackPressureStrategy;
import io.smallrye.mutiny.subscription.MultiEmitter;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.pubsub.PgSubscriber;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Serves the configuration change feed: each watch replays the stored changes after its cursor,
 * says when it has caught up, then follows new commits. A commit's {@code NOTIFY} wakes every watch
 * of this replica at once; a heartbeat timer also wakes them, so a lost notification (a dropped
 * LISTEN connection) delays a change by at most one heartbeat interval.
 */
@ApplicationScoped
public class ConfigFeed {

    private static final Logger LOG = Logger.getLogger(ConfigFeed.class);
    private static final int PAGE = 500;

    private final Pool pool;
    private final ConfigChangeRepository changes;
    private final PgSubscribers subscribers;
    private final Vertx vertx;
    private final Clock clock;
    private final Duration heartbeatInterval;
    private final Set<Watch> watches = ConcurrentHashMap.newKeySet();
    private PgSubscriber subscriber;
    private long heartbeatTimer = -1;

    public ConfigFeed(Pool pool, ConfigChangeRepository changes, PgSubscribers subscribers, Vertx vertx, Clock clock,
                      @ConfigProperty(name = "laurel.program.feed.heartbeat-interval", defaultValue = "30s")
                      Duration heartbeatInterval) {
        this.pool = pool;
        this.changes = changes;
        this.subscribers = subscribers;
        this.vertx = vertx;
        this.clock = clock;
        this.heartbeatInterval = heartbeatInterval;
    }

    void onStart(@Observes StartupEvent event) {
        subscriber = subscribers.create().orElse(null);
        if (subscriber != null) {
            subscriber.channel(ConfigChangeRepository.CHANNEL)
                    .handler(payload -> watches.forEach(Watch::wake))
                    .subscribeHandler(() -> watches.forEach(Watch::wake)); // (re)connected: catch up on anything missed
            subscriber.connect().subscribe().with(
                    ignored -> LOG.debug("configuration feed listening for commits"),
                    failure -> LOG.warnf("configuration feed could not LISTEN (heartbeat polling only): %s", failure));
        }
        heartbeatTimer = vertx.setPeriodic(heartbeatInterval.toMillis(), id -> watches.forEach(Watch::heartbeat));
    }

    void onStop(@Observes ShutdownEvent event) {
        vertx.cancelTimer(heartbeatTimer);
        watches.forEach(watch -> watch.emitter.fail(
                new UnavailableException("SHUTTING_DOWN", "program-service is stopping; reconnect with the last applied sequence")));
        if (subscriber != null) {
            subscriber.close().await().atMost(Duration.ofSeconds(5));
        }
    }

    /**
     * The stream for one subscriber: changes with sequence > {@code after} of the given stores (all
     * when empty), a caught-up heartbeat, then live changes and heartbeats until cancelled.
     */
    public Multi<WatchConfigChangesResponse> watch(long after, List<String> storeIds) {
        return changes.purgedThrough(pool).onItem().transformToMulti(purged -> {
            // 0 = from the oldest retained: complete, since retention keeps every resource's latest
            if (after > 0 && after < purged) {
                throw new FailedPreconditionException("CURSOR_EXPIRED",
                        "changes up to sequence " + purged + " are no longer kept; resync with ListCurrentConfig",
                        Map.of("oldest_sequence", Long.toString(purged + 1)));
            }
            return Multi.createFrom().<WatchConfigChangesResponse>emitter(emitter -> {
                Watch watch = new Watch(after, List.copyOf(storeIds), emitter);
                watches.add(watch);
                emitter.onTermination(() -> watches.remove(watch));
                emitter.onRequest(demand -> watch.wake()); // a slow subscriber is read for as it asks
                watch.wake();
            }, BackPressureStrategy.ERROR);
        });
    }

    /** Number of open watches on this replica (for tests and metrics). */
    public int openWatches() {
        return watches.size();
    }

    /** One open stream and its cursor. Passes over the table never overlap: wakes during one queue one more. */
    private final class Watch {

        private final List<String> storeIds;
        private final MultiEmitter<? super WatchConfigChangesResponse> emitter;
        private final AtomicInteger wakes = new AtomicInteger();
        private volatile long cursor;
        private volatile boolean caughtUp;
        private volatile boolean heartbeatDue;
        private volatile boolean sentSinceHeartbeat;

        Watch(long after, List<String> storeIds, MultiEmitter<? super WatchConfigChangesResponse> emitter) {
            this.cursor = after;
            this.storeIds = storeIds;
            this.emitter = emitter;
        }

        void wake() {
            if (wakes.getAndIncrement() == 0) {
                pass();
            }
        }

        void heartbeat() {
            heartbeatDue = !sentSinceHeartbeat;
            sentSinceHeartbeat = false;
            wake();
        }

        private void pass() {
            int seen = wakes.get();
            changes.latestSequence(pool)
                    .flatMap(latest -> drain().map(complete -> complete ? latest : -1L))
                    .subscribe().with(latest -> {
                        if (latest >= 0) { // drained: every change up to latest that matches was sent
                            cursor = Math.max(cursor, latest);
                            if ((!caughtUp || heartbeatDue) && emitter.requested() > 0) {
                                caughtUp = true;
                                heartbeatDue = false;
                                emitter.emit(WatchConfigChangesResponse.newBuilder().setHeartbeat(
                                        ConfigFeedHeartbeat.newBuilder().setTime(ProtoTime.toProto(clock.instant()))
                                                .setLatestSequence(latest).setCaughtUp(true)).build());
                            }
                        }
                        if (wakes.addAndGet(-seen) > 0 && !emitter.isCancelled()) {
                            pass();
                        }
                    }, failure -> {
                        LOG.warnf("configuration feed read failed: %s", failure);
                        emitter.fail(new UnavailableException("FEED_READ_FAILED",
                                "the configuration feed could not be read; reconnect with the last applied sequence"));
                    });
        }

        /**
         * Sends the changes after the cursor, page by page, as far as the subscriber has asked
         * (a page never exceeds its demand); the rest waits for its next request.
         */
        private Uni<Boolean> drain() {
            long demand = emitter.requested();
            if (emitter.isCancelled() || demand <= 0) {
                return Uni.createFrom().item(false);
            }
            int limit = (int) Math.min(PAGE, demand);
            return changes.after(pool, cursor, storeIds, limit).flatMap(page -> {
                for (ConfigChange change : page) {
                    emitter.emit(WatchConfigChangesResponse.newBuilder().setChange(change).build());
                    cursor = change.getSequence();
                    sentSinceHeartbeat = true;
                }
                return page.size() == limit ? drain() : Uni.createFrom().item(true);
            });
        }
    }
}
