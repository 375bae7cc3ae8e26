package io.laurel.platform.configfeed;

import io.grpc.Status;
import io.laurel.platform.error.StatusDetails;
import io.laurel.proto.program.v1.ConfigChange;
import io.laurel.proto.program.v1.ListCurrentConfigRequest;
import io.laurel.proto.program.v1.ListCurrentConfigResponse;
import io.laurel.proto.program.v1.MutinyConfigChangeServiceGrpc.MutinyConfigChangeServiceStub;
import io.laurel.proto.program.v1.WatchConfigChangesRequest;
import io.laurel.proto.program.v1.WatchConfigChangesResponse;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * Follows program-service's configuration feed for one service: resumes from the cursor stored in
 * the service's own database, applies each change through the service's {@link ConfigChangeHandler}
 * in one transaction with the cursor advance, and reconnects with backoff whenever the stream ends.
 * Several replicas may run it at once: the cursor row is locked per change and a change at or
 * below the cursor is skipped, so each is applied once. If the cursor is older than the feed keeps
 * ({@code CURSOR_EXPIRED}), it resynchronises from {@code ListCurrentConfig} first.
 */
public final class ConfigFeedSubscriber {

    private static final Logger LOG = Logger.getLogger(ConfigFeedSubscriber.class);
    private static final String FEED = "program";

    private final Pool pool;
    private final MutinyConfigChangeServiceStub feed;
    private final ConfigChangeHandler handler;
    private final Clock clock;
    private final Duration minBackoff;
    private final Duration maxBackoff;
    private final AtomicLong applied = new AtomicLong();
    private volatile boolean stopped = true;
    private volatile Cancellable stream;
    private Duration backoff;
    private Vertx vertx;

    public ConfigFeedSubscriber(Pool pool, MutinyConfigChangeServiceStub feed, ConfigChangeHandler handler,
                                Clock clock, Duration minBackoff, Duration maxBackoff) {
        this.pool = pool;
        this.feed = feed;
        this.handler = handler;
        this.clock = clock;
        this.minBackoff = minBackoff;
        this.maxBackoff = maxBackoff;
        this.backoff = minBackoff;
    }

    public synchronized void start(Vertx vertx) {
        this.vertx = vertx;
        this.stopped = false;
        connect();
    }

    public synchronized void stop() {
        stopped = true;
        Cancellable current = stream;
        if (current != null) {
            current.cancel();
        }
    }

    /** Changes applied by this subscriber since start (for metrics and tests). */
    public long appliedCount() {
        return applied.get();
    }

    /** The stored cursor: the highest sequence applied. */
    public Uni<Long> cursor() {
        return pool.preparedQuery("SELECT last_sequence FROM laurel_config_cursor WHERE feed = $1")
                .execute(Tuple.of(FEED))
                .map(rows -> rows.size() == 0 ? 0L : rows.iterator().next().getLong(0));
    }

    private void connect() {
        if (stopped) {
            return;
        }
        stream = cursor()
                .onItem().transformToMulti(after -> feed.watchConfigChanges(
                        WatchConfigChangesRequest.newBuilder().setAfterSequence(after).build()))
                .onItem().transformToUniAndConcatenate(this::handle)
                .subscribe().with(
                        ignored -> backoff = minBackoff,
                        this::disconnected,
                        () -> disconnected(null));
    }

    private Uni<Void> handle(WatchConfigChangesResponse message) {
        if (message.hasChange()) {
            return apply(message.getChange());
        }
        if (message.getHeartbeat().getCaughtUp()) {
            // everything up to latest_sequence that concerns us has been delivered
            return pool.withTransaction(tx -> advance(tx, message.getHeartbeat().getLatestSequence()));
        }
        return Uni.createFrom().voidItem();
    }

    /** Applies one change unless the cursor is already past it, and advances the cursor, atomically. */
    Uni<Void> apply(ConfigChange change) {
        return pool.withTransaction(tx -> lockCursor(tx).flatMap(current -> {
            if (change.getSequence() <= current) {
                return Uni.createFrom().voidItem();
            }
            return handler.apply(tx, change)
                    .chain(() -> advance(tx, change.getSequence()))
                    .invoke(() -> applied.incrementAndGet());
        }));
    }

    private void disconnected(Throwable failure) {
        if (stopped) {
            return;
        }
        if (failure != null && Status.fromThrowable(failure).getCode() == Status.Code.FAILED_PRECONDITION
                && StatusDetails.errorInfo(failure).map(info -> info.getReason().equals("CURSOR_EXPIRED")).orElse(false)) {
            LOG.warn("configuration cursor expired: resynchronising from the current configuration");
            resync("", -1).subscribe().with(ignored -> connect(), this::disconnected);
            return;
        }
        Duration wait = backoff;
        backoff = backoff.multipliedBy(2).compareTo(maxBackoff) > 0 ? maxBackoff : backoff.multipliedBy(2);
        if (failure != null) {
            LOG.debugf("configuration feed disconnected (%s); reconnecting in %s", failure, wait);
        }
        vertx.setTimer(wait.toMillis(), id -> connect());
    }

    /** Applies every current resource page by page, then moves the cursor up to the snapshot's sequence. */
    Uni<Void> resync(String pageToken, long snapshotSequence) {
        return feed.listCurrentConfig(ListCurrentConfigRequest.newBuilder().setPageSize(100).setPageToken(pageToken).build())
                .flatMap(page -> pool.withTransaction(tx -> applyAll(tx, page)).replaceWith(page))
                .flatMap(page -> {
                    long snapshot = snapshotSequence < 0 ? page.getSnapshotSequence() : snapshotSequence;
                    if (!page.getNextPageToken().isEmpty()) {
                        return resync(page.getNextPageToken(), snapshot);
                    }
                    return pool.withTransaction(tx -> advance(tx, snapshot));
                });
    }

    private Uni<Void> applyAll(SqlConnection tx, ListCurrentConfigResponse page) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (ConfigChange item : page.getItemsList()) {
            chain = chain.chain(() -> handler.apply(tx, item));
        }
        return chain;
    }

    /** Creates the cursor row if needed and locks it for the transaction; returns the stored sequence. */
    private Uni<Long> lockCursor(SqlConnection tx) {
        // the no-op update takes the row lock, so concurrent replicas queue here
        return tx.preparedQuery("""
                        INSERT INTO laurel_config_cursor (feed, last_sequence, update_time) VALUES ($1, 0, $2)
                        ON CONFLICT (feed) DO UPDATE SET feed = EXCLUDED.feed RETURNING last_sequence""")
                .execute(Tuple.of(FEED, clock.instant().atOffset(ZoneOffset.UTC)))
                .map(rows -> rows.iterator().next().getLong(0));
    }

    private Uni<Void> advance(SqlConnection tx, long sequence) {
        return tx.preparedQuery("""
                        INSERT INTO laurel_config_cursor (feed, last_sequence, update_time) VALUES ($1, $2, $3)
                        ON CONFLICT (feed) DO UPDATE SET last_sequence = EXCLUDED.last_sequence,
                            update_time = EXCLUDED.update_time
                        WHERE laurel_config_cursor.last_sequence < EXCLUDED.last_sequence""")
                .execute(Tuple.of(FEED, sequence, clock.instant().atOffset(ZoneOffset.UTC)))
                .replaceWithVoid();
    }
}
