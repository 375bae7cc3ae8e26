package io.laurel.platform.configfeed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.Any;
import com.google.rpc.Code;
import com.google.rpc.ErrorInfo;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.laurel.platform.PlatformDatabase;
import io.laurel.platform.time.MutableClock;
import io.laurel.proto.program.v1.ConfigChange;
import io.laurel.proto.program.v1.ConfigChangeServiceGrpc;
import io.laurel.proto.program.v1.ConfigFeedHeartbeat;
import io.laurel.proto.program.v1.ConfigKind;
import io.laurel.proto.program.v1.ListCurrentConfigRequest;
import io.laurel.proto.program.v1.ListCurrentConfigResponse;
import io.laurel.proto.program.v1.MutinyConfigChangeServiceGrpc;
import io.laurel.proto.program.v1.StoreSettings;
import io.laurel.proto.program.v1.WatchConfigChangesRequest;
import io.laurel.proto.program.v1.WatchConfigChangesResponse;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Configuration reaches other services without loss (SPEC "Events between services"): changes are
 * applied in order, once, with the cursor in the same transaction; a reconnecting subscriber
 * resumes after its cursor; an expired cursor resynchronises from the current configuration.
 */
class ConfigFeedSubscriberTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static PlatformDatabase db;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T12:00:00Z"));
    /** What the fake program-service has committed, in sequence order. */
    private final List<ConfigChange> committed = new CopyOnWriteArrayList<>();
    /** The after_sequence of every watch the subscriber opened. */
    private final List<Long> watchesFrom = new CopyOnWriteArrayList<>();
    private final AtomicReference<ServerCallStreamObserver<WatchConfigChangesResponse>> live = new AtomicReference<>();
    private final AtomicBoolean cursorExpired = new AtomicBoolean();
    private final String store = "store-" + UUID.randomUUID();
    private Server server;
    private ManagedChannel channel;
    private ConfigFeedSubscriber subscriber;

    @BeforeAll
    static void database() {
        db = PlatformDatabase.get();
        db.pool.query("CREATE TABLE IF NOT EXISTS feed_applied (store_id text, sequence bigint, time_zone text)")
                .execute().await().atMost(WAIT);
    }

    @BeforeEach
    void fakeProgramService() throws Exception {
        db.pool.query("DELETE FROM laurel_config_cursor").execute().await().atMost(WAIT);
        String name = "program-" + UUID.randomUUID();
        server = InProcessServerBuilder.forName(name).addService(new ConfigChangeServiceGrpc.ConfigChangeServiceImplBase() {
            @Override
            public void watchConfigChanges(WatchConfigChangesRequest request, StreamObserver<WatchConfigChangesResponse> out) {
                watchesFrom.add(request.getAfterSequence());
                if (cursorExpired.getAndSet(false)) {
                    out.onError(StatusProto.toStatusRuntimeException(com.google.rpc.Status.newBuilder()
                            .setCode(Code.FAILED_PRECONDITION_VALUE).setMessage("cursor expired")
                            .addDetails(Any.pack(ErrorInfo.newBuilder().setReason("CURSOR_EXPIRED").build())).build()));
                    return;
                }
                for (ConfigChange change : committed) {
                    if (change.getSequence() > request.getAfterSequence()) {
                        out.onNext(WatchConfigChangesResponse.newBuilder().setChange(change).build());
                    }
                }
                long latest = committed.isEmpty() ? 0 : committed.getLast().getSequence();
                out.onNext(WatchConfigChangesResponse.newBuilder().setHeartbeat(ConfigFeedHeartbeat.newBuilder()
                        .setCaughtUp(true).setLatestSequence(latest)).build());
                live.set((ServerCallStreamObserver<WatchConfigChangesResponse>) out);
            }

            @Override
            public void listCurrentConfig(ListCurrentConfigRequest request, StreamObserver<ListCurrentConfigResponse> out) {
                out.onNext(ListCurrentConfigResponse.newBuilder()
                        .addItems(settings(90, "Asia/Tokyo"))
                        .setSnapshotSequence(90)
                        .build());
                out.onCompleted();
            }
        }).build().start();
        channel = InProcessChannelBuilder.forName(name).build();
    }

    @AfterEach
    void stop() {
        if (subscriber != null) {
            subscriber.stop();
        }
        channel.shutdownNow();
        server.shutdownNow();
    }

    private ConfigChange settings(long sequence, String zone) {
        return ConfigChange.newBuilder()
                .setSequence(sequence)
                .setStoreId(store)
                .setKind(ConfigKind.CONFIG_KIND_STORE_SETTINGS)
                .setResourceId(store)
                .setVersion(sequence)
                .setStoreSettings(StoreSettings.newBuilder().setStoreId(store).setTimeZone(zone))
                .build();
    }

    /** The service side: records what it applied, in the subscriber's transaction. */
    private final ConfigChangeHandler recorder = (tx, change) -> tx
            .preparedQuery("INSERT INTO feed_applied (store_id, sequence, time_zone) VALUES ($1, $2, $3)")
            .execute(Tuple.of(change.getStoreId(), change.getSequence(), change.getStoreSettings().getTimeZone()))
            .replaceWithVoid();

    private ConfigFeedSubscriber subscriber(ConfigChangeHandler handler) {
        return new ConfigFeedSubscriber(db.pool, MutinyConfigChangeServiceGrpc.newMutinyStub(channel), handler, clock,
                Duration.ofMillis(50), Duration.ofMillis(200));
    }

    private List<Long> applied() {
        return db.pool.preparedQuery("SELECT sequence FROM feed_applied WHERE store_id = $1 ORDER BY sequence")
                .execute(Tuple.of(store)).await().atMost(WAIT)
                .stream().map(row -> row.getLong(0)).toList();
    }

    private long cursor() {
        return subscriber.cursor().await().atMost(WAIT);
    }

    @Test
    void appliesChangesInOrderAndThenLiveOnesAsTheyCommit() {
        committed.addAll(List.of(settings(1, "UTC"), settings(2, "Europe/Paris")));
        subscriber = subscriber(recorder);
        subscriber.start(db.vertx);

        await().atMost(WAIT).until(() -> applied().size() == 2);
        await().atMost(WAIT).until(() -> live.get() != null);
        ConfigChange next = settings(3, "Asia/Tokyo");
        committed.add(next);
        live.get().onNext(WatchConfigChangesResponse.newBuilder().setChange(next).build());

        await().atMost(WAIT).until(() -> applied().size() == 3);
        assertThat(applied()).containsExactly(1L, 2L, 3L);
        assertThat(cursor()).isEqualTo(3);
    }

    @Test
    void aReconnectingSubscriberResumesAfterItsCursorAndAppliesNothingTwice() {
        committed.addAll(List.of(settings(1, "UTC"), settings(2, "Europe/Paris")));
        subscriber = subscriber(recorder);
        subscriber.start(db.vertx);
        await().atMost(WAIT).until(() -> live.get() != null && applied().size() == 2);

        // the stream breaks (program-service restarts); meanwhile two more changes commit
        committed.addAll(List.of(settings(3, "Asia/Tokyo"), settings(4, "America/Lima")));
        live.getAndSet(null).onError(io.grpc.Status.UNAVAILABLE.asRuntimeException());

        await().atMost(WAIT).until(() -> applied().size() == 4);
        assertThat(watchesFrom).startsWith(0L, 2L);
        assertThat(applied()).containsExactly(1L, 2L, 3L, 4L);
    }

    @Test
    void aChangeDeliveredTwiceIsAppliedOnce() {
        committed.add(settings(1, "UTC"));
        subscriber = subscriber(recorder);
        subscriber.start(db.vertx);
        await().atMost(WAIT).until(() -> live.get() != null && applied().size() == 1);

        live.get().onNext(WatchConfigChangesResponse.newBuilder().setChange(settings(1, "UTC")).build());
        live.get().onNext(WatchConfigChangesResponse.newBuilder().setChange(settings(2, "Europe/Paris")).build());

        await().atMost(WAIT).until(() -> cursor() == 2);
        assertThat(applied()).containsExactly(1L, 2L);
    }

    @Test
    void aFailedApplyDoesNotMoveTheCursorAndTheChangeComesAgain() {
        committed.addAll(List.of(settings(1, "UTC"), settings(2, "Europe/Paris")));
        AtomicBoolean failOnce = new AtomicBoolean(true);
        subscriber = subscriber((tx, change) -> change.getSequence() == 2 && failOnce.getAndSet(false)
                ? Uni.createFrom().failure(new IllegalStateException("database hiccup"))
                : recorder.apply(tx, change));
        subscriber.start(db.vertx);

        await().atMost(WAIT).until(() -> applied().size() == 2);
        assertThat(applied()).containsExactly(1L, 2L);
        assertThat(watchesFrom).contains(1L); // reconnected from the last change that committed
    }

    @Test
    void anExpiredCursorResynchronisesFromTheCurrentConfiguration() {
        cursorExpired.set(true);
        committed.add(settings(91, "Europe/Oslo"));
        subscriber = subscriber(recorder);
        subscriber.start(db.vertx);

        await().atMost(WAIT).until(() -> applied().size() == 2);
        assertThat(applied()).containsExactly(90L, 91L);
        assertThat(watchesFrom).containsExactly(0L, 90L);
        assertThat(cursor()).isEqualTo(91);
    }
}
