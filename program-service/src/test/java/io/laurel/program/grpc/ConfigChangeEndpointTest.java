package io.laurel.program.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.rpc.ErrorInfo;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.laurel.devstack.LaurelTestResource;
import io.laurel.platform.error.StatusDetails;
import io.laurel.platform.grpc.ProtoTime;
import io.laurel.platform.store.TransactionSql;
import io.laurel.program.store.ConfigChangeRepository;
import io.laurel.proto.common.v1.PointsExpiryPolicy;
import io.laurel.proto.common.v1.PointsExpiryPolicyKind;
import io.laurel.proto.program.v1.ConfigChange;
import io.laurel.proto.program.v1.ConfigChangeServiceGrpc.ConfigChangeServiceBlockingStub;
import io.laurel.proto.program.v1.ConfigKind;
import io.laurel.proto.program.v1.ListCurrentConfigRequest;
import io.laurel.proto.program.v1.ListCurrentConfigResponse;
import io.laurel.proto.program.v1.MutinyConfigChangeServiceGrpc.MutinyConfigChangeServiceStub;
import io.laurel.proto.program.v1.StoreSettings;
import io.laurel.proto.program.v1.StoreSettingsServiceGrpc.StoreSettingsServiceBlockingStub;
import io.laurel.proto.program.v1.UpdateStoreSettingsRequest;
import io.laurel.proto.program.v1.WatchConfigChangesRequest;
import io.laurel.proto.program.v1.WatchConfigChangesResponse;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.subscription.Cancellable;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Transaction;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * ConfigChangeService over real gRPC against real Postgres: consumers learn of configuration
 * changes promptly (R-PROG-9 versions, issue 3 item 6), resume from their cursor, and only ever see
 * the stores they asked for (R-STORE-1).
 */
@QuarkusTest
@WithTestResource(value = LaurelTestResource.class,
        initArgs = {@ResourceArg(name = LaurelTestResource.DATABASE, value = "laurel_program"),
                    @ResourceArg(name = LaurelTestResource.REDIS, value = "false")})
class ConfigChangeEndpointTest {

    @GrpcClient("program")
    MutinyConfigChangeServiceStub feed;

    @GrpcClient("program")
    ConfigChangeServiceBlockingStub feedBlocking;

    @GrpcClient("program")
    StoreSettingsServiceBlockingStub settings;

    @Inject
    Pool pool;

    @Inject
    ConfigChangeRepository changes;

    private final List<Cancellable> open = new ArrayList<>();

    @AfterEach
    void closeStreams() {
        open.forEach(Cancellable::cancel);
    }

    /** A live watch of {@code stores} from {@code after}; its messages arrive in the returned queue. */
    private BlockingQueue<Object> watch(long after, String... stores) {
        BlockingQueue<Object> received = new LinkedBlockingQueue<>();
        open.add(feed.watchConfigChanges(WatchConfigChangesRequest.newBuilder()
                        .setAfterSequence(after).addAllStoreIds(List.of(stores)).build())
                .subscribe().with(received::add, received::add));
        return received;
    }

    private static WatchConfigChangesResponse next(BlockingQueue<Object> received, Duration within) throws Exception {
        Object message = received.poll(within.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(message).as("a feed message within " + within).isNotNull();
        if (message instanceof Throwable failure) {
            throw new AssertionError("the feed failed", failure);
        }
        return (WatchConfigChangesResponse) message;
    }

    /** The next change within {@code within}, passing over heartbeats (the feed may send one at any time). */
    private static ConfigChange nextChange(BlockingQueue<Object> received, Duration within) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        while (true) {
            Duration left = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
            WatchConfigChangesResponse message = next(received, left);
            if (message.hasChange()) {
                return message.getChange();
            }
        }
    }

    private static void awaitCaughtUp(BlockingQueue<Object> received) throws Exception {
        WatchConfigChangesResponse message = next(received, Duration.ofSeconds(10));
        assertThat(message.hasHeartbeat() && message.getHeartbeat().getCaughtUp())
                .as("caught-up heartbeat, got " + message).isTrue();
    }

    /** The feed's current position, so a watch starts from now whatever other tests left behind. */
    private long now() {
        return feedBlocking.listCurrentConfig(ListCurrentConfigRequest.newBuilder().addStoreIds("nobody").build())
                .getSnapshotSequence();
    }

    private StoreSettings update(String store, long expectedVersion, String zone) {
        return settings.updateStoreSettings(UpdateStoreSettingsRequest.newBuilder()
                .setRequestId(UUID.randomUUID().toString()).setStoreId(store).setExpectedVersion(expectedVersion)
                .setSettings(StoreSettings.newBuilder().setCurrencyCode("EUR").setTimeZone(zone)
                        .setDefaultPointsExpiry(PointsExpiryPolicy.newBuilder()
                                .setKind(PointsExpiryPolicyKind.POINTS_EXPIRY_POLICY_KIND_NEVER))
                        .setBaseEarningRateMilli(1000).setPointValueMinorMilli(1000))
                .build()).getSettings();
    }

    private static String newStore() {
        return "store-" + UUID.randomUUID();
    }

    @Test
    void aSubscriberSeesAnUpdateWithinOneSecond() throws Exception {
        String store = newStore();
        BlockingQueue<Object> received = watch(now(), store);
        awaitCaughtUp(received);

        StoreSettings stored = update(store, 0, "Europe/Paris");

        ConfigChange change = nextChange(received, Duration.ofSeconds(1));
        assertThat(change.getStoreId()).isEqualTo(store);
        assertThat(change.getKind()).isEqualTo(ConfigKind.CONFIG_KIND_STORE_SETTINGS);
        assertThat(change.getResourceId()).isEqualTo(store);
        assertThat(change.getVersion()).isEqualTo(1);
        assertThat(change.getStoreSettings()).isEqualTo(stored);
        assertThat(change.getChangeTime()).isEqualTo(stored.getUpdateTime());
    }

    @Test
    void aSubscriberThatReconnectsGetsWhatItMissed() throws Exception {
        String store = newStore();
        BlockingQueue<Object> first = watch(now(), store);
        awaitCaughtUp(first);
        update(store, 0, "Europe/Paris");
        long applied = next(first, Duration.ofSeconds(5)).getChange().getSequence();
        closeStreams();

        update(store, 1, "Europe/Berlin");
        update(store, 2, "Europe/Rome");

        BlockingQueue<Object> again = watch(applied, store);
        ConfigChange second = next(again, Duration.ofSeconds(5)).getChange();
        ConfigChange third = next(again, Duration.ofSeconds(5)).getChange();
        assertThat(List.of(second.getVersion(), third.getVersion())).containsExactly(2L, 3L);
        assertThat(third.getStoreSettings().getTimeZone()).isEqualTo("Europe/Rome");
        assertThat(second.getSequence()).isGreaterThan(applied);
        assertThat(third.getSequence()).isGreaterThan(second.getSequence());
        awaitCaughtUp(again);
    }

    @Test
    void replayThenCaughtUpThenLiveInSequenceOrder() throws Exception {
        String store = newStore();
        long start = now();
        for (int version = 0; version < 3; version++) {
            update(store, version, "UTC");
        }
        BlockingQueue<Object> received = watch(start, store);
        List<Long> sequences = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            sequences.add(next(received, Duration.ofSeconds(5)).getChange().getSequence());
        }
        WatchConfigChangesResponse caughtUp = next(received, Duration.ofSeconds(5));
        assertThat(caughtUp.getHeartbeat().getCaughtUp()).isTrue();
        assertThat(caughtUp.getHeartbeat().getLatestSequence()).isGreaterThanOrEqualTo(sequences.get(2));
        update(store, 3, "UTC");
        sequences.add(next(received, Duration.ofSeconds(5)).getChange().getSequence());
        assertThat(sequences).isSorted().doesNotHaveDuplicates();
    }

    @Test
    void r_store_1_aWatchSeesOnlyTheStoresItAskedFor() throws Exception {
        String mine = newStore();
        String theirs = newStore();
        BlockingQueue<Object> received = watch(now(), mine);
        awaitCaughtUp(received);

        update(theirs, 0, "UTC");
        update(mine, 0, "UTC");

        assertThat(next(received, Duration.ofSeconds(5)).getChange().getStoreId()).isEqualTo(mine);
        assertThat(received.poll(300, TimeUnit.MILLISECONDS)).isNull();
    }

    @Test
    void aWriterThatCommitsLateIsNeverSkipped() throws Exception {
        String early = newStore();
        String late = newStore();
        BlockingQueue<Object> received = watch(now(), early, late);
        awaitCaughtUp(received);

        // the first writer takes its sequence and holds its transaction open
        SqlConnection connection = pool.getConnection().await().atMost(Duration.ofSeconds(5));
        Transaction first = connection.begin().await().atMost(Duration.ofSeconds(5));
        long firstSequence = changes.append(TransactionSql.of(connection), ConfigChange.newBuilder().setStoreId(early)
                        .setKind(ConfigKind.CONFIG_KIND_STORE_SETTINGS).setResourceId(early).setVersion(1)
                        .setChangeTime(ProtoTime.toProto(Instant.now()))
                        .setStoreSettings(StoreSettings.newBuilder().setStoreId(early).setVersion(1)).build())
                .await().atMost(Duration.ofSeconds(5));
        // a second writer comes along: it must not commit a higher sequence before the first commits
        CompletableFuture<StoreSettings> second = CompletableFuture.supplyAsync(() -> update(late, 0, "UTC"));
        try {
            second.get(500, TimeUnit.MILLISECONDS);
        } catch (TimeoutException waiting) {
            // expected: it waits for the first writer
        }
        Object beforeCommit = received.poll(500, TimeUnit.MILLISECONDS);
        first.commit().await().atMost(Duration.ofSeconds(5));
        connection.close().await().atMost(Duration.ofSeconds(5));
        second.get(10, TimeUnit.SECONDS);

        assertThat(beforeCommit).as("nothing may be delivered while a lower sequence is uncommitted").isNull();
        ConfigChange one = next(received, Duration.ofSeconds(5)).getChange();
        ConfigChange two = next(received, Duration.ofSeconds(5)).getChange();
        assertThat(List.of(one.getStoreId(), two.getStoreId())).containsExactly(early, late);
        assertThat(one.getSequence()).isEqualTo(firstSequence);
        assertThat(two.getSequence()).isGreaterThan(firstSequence);
    }

    @Test
    void aWatchFromZeroAfterAPurgeReplaysTheCurrentConfiguration() throws Exception {
        String store = newStore();
        update(store, 0, "UTC");
        update(store, 1, "Europe/Oslo");
        pool.withTransaction(tx -> changes.purge(tx, Instant.now().plus(Duration.ofDays(1))))
                .await().atMost(Duration.ofSeconds(10));

        BlockingQueue<Object> received = watch(0, store);
        ConfigChange replayed = next(received, Duration.ofSeconds(5)).getChange();
        assertThat(replayed.getStoreSettings().getTimeZone()).isEqualTo("Europe/Oslo");
        awaitCaughtUp(received);
    }

    @Test
    void listCurrentConfigRefusesTooManyStores() {
        ListCurrentConfigRequest.Builder request = ListCurrentConfigRequest.newBuilder();
        IntStream.range(0, 1001).forEach(i -> request.addStoreIds("s" + i));
        StatusRuntimeException refused = catchThrowableOfType(StatusRuntimeException.class,
                () -> feedBlocking.listCurrentConfig(request.build()));
        assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(StatusDetails.badFields(refused)).containsExactly("store_ids");
    }

    @Test
    void listCurrentConfigPagesThroughTheLatestVersionOfEachResource() {
        String store = newStore();
        update(store, 0, "UTC");
        update(store, 1, "Asia/Tokyo");
        String other = newStore();
        update(other, 0, "UTC");

        ListCurrentConfigRequest request = ListCurrentConfigRequest.newBuilder()
                .addStoreIds(store).addStoreIds(other).setPageSize(1).build();
        ListCurrentConfigResponse first = feedBlocking.listCurrentConfig(request);
        ListCurrentConfigResponse second = feedBlocking.listCurrentConfig(
                request.toBuilder().setPageToken(first.getNextPageToken()).build());

        List<ConfigChange> items = new ArrayList<>(first.getItemsList());
        items.addAll(second.getItemsList());
        assertThat(items).extracting(ConfigChange::getStoreId)
                .containsExactlyElementsOf(List.of(store, other).stream().sorted().toList());
        ConfigChange mine = items.stream().filter(c -> c.getStoreId().equals(store)).findFirst().orElseThrow();
        assertThat(mine.getVersion()).isEqualTo(2);
        assertThat(mine.getStoreSettings().getTimeZone()).isEqualTo("Asia/Tokyo");
        assertThat(second.getNextPageToken()).isEmpty();
        assertThat(second.getSnapshotSequence()).isEqualTo(first.getSnapshotSequence())
                .isGreaterThanOrEqualTo(mine.getSequence());
    }

    @Test
    void listCurrentConfigRefusesATokenFromOtherFilters() {
        String store = newStore();
        update(store, 0, "UTC");
        update(newStore(), 0, "UTC");
        String token = feedBlocking.listCurrentConfig(ListCurrentConfigRequest.newBuilder().setPageSize(1).build())
                .getNextPageToken();

        StatusRuntimeException refused = catchThrowableOfType(StatusRuntimeException.class,
                () -> feedBlocking.listCurrentConfig(ListCurrentConfigRequest.newBuilder()
                        .addStoreIds(store).setPageToken(token).setPageSize(-1).build()));

        assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        // L-API-3: a negative page size is the contract's, answered first; the token is paging's, answered next
        assertThat(StatusDetails.badFields(refused)).containsExactly("page_size");
        StatusRuntimeException token2 = catchThrowableOfType(StatusRuntimeException.class,
                () -> feedBlocking.listCurrentConfig(ListCurrentConfigRequest.newBuilder()
                        .addStoreIds(store).setPageToken(token).setPageSize(1).build()));
        assertThat(StatusDetails.badFields(token2)).containsExactly("page_token");
    }

    @Test
    void watchRefusesEveryBadField() throws Exception {
        BlockingQueue<Object> received = new LinkedBlockingQueue<>();
        WatchConfigChangesRequest.Builder request = WatchConfigChangesRequest.newBuilder().setAfterSequence(-1);
        IntStream.range(0, 1001).forEach(i -> request.addStoreIds("s" + i));
        feed.watchConfigChanges(request.build()).subscribe().with(received::add, received::add);

        Object outcome = received.poll(5, TimeUnit.SECONDS);
        assertThat(outcome).isInstanceOf(StatusRuntimeException.class);
        StatusRuntimeException refused = (StatusRuntimeException) outcome;
        assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(StatusDetails.badFields(refused)).containsExactlyInAnyOrder("after_sequence", "store_ids");
    }

    @Test
    void aCursorOlderThanRetentionIsExpiredAndListCurrentConfigStillHasTheLatest() throws Exception {
        String store = newStore();
        long before = now();
        update(store, 0, "UTC");
        update(store, 1, "Europe/Lisbon");
        // retention passes for everything written so far: older versions go, each latest stays
        pool.withTransaction(tx -> changes.purge(tx, Instant.now().plus(Duration.ofDays(1))))
                .await().atMost(Duration.ofSeconds(10));

        BlockingQueue<Object> received = watch(before, store);
        Object outcome = received.poll(5, TimeUnit.SECONDS);
        assertThat(outcome).isInstanceOf(StatusRuntimeException.class);
        StatusRuntimeException expired = (StatusRuntimeException) outcome;
        assertThat(expired.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
        ErrorInfo info = StatusDetails.errorInfo(expired).orElseThrow();
        assertThat(info.getReason()).isEqualTo("CURSOR_EXPIRED");
        assertThat(Long.parseLong(info.getMetadataOrThrow("oldest_sequence"))).isGreaterThan(before + 1);

        ListCurrentConfigResponse current = feedBlocking.listCurrentConfig(
                ListCurrentConfigRequest.newBuilder().addStoreIds(store).build());
        assertThat(current.getItemsList()).singleElement()
                .satisfies(change -> assertThat(change.getStoreSettings().getTimeZone()).isEqualTo("Europe/Lisbon"));
    }
}
