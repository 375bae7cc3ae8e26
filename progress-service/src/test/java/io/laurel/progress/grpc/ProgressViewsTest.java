package io.laurel.progress.grpc;

import static io.laurel.progress.grpc.ProgressFixture.newStore;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.laurel.devstack.LaurelTestResource;
import io.laurel.platform.error.StatusDetails;
import io.laurel.progress.cache.ProgressCache;
import io.laurel.progress.mapping.ProgressCodec.CachedProgress;
import io.laurel.progress.store.ProgressStore;
import io.laurel.proto.common.v1.MilestoneMetric;
import io.laurel.proto.progress.v1.CustomerEvent;
import io.laurel.proto.progress.v1.GetCustomerProgramProgressRequest;
import io.laurel.proto.progress.v1.GetCustomerProgressRequest;
import io.laurel.proto.progress.v1.GetCustomerProgressResponse;
import io.laurel.proto.progress.v1.IngestEventsRequest;
import io.laurel.proto.progress.v1.ListProgramCustomersRequest;
import io.laurel.proto.progress.v1.ListProgramCustomersResponse;
import io.laurel.proto.progress.v1.MilestoneState;
import io.laurel.proto.progress.v1.ProgramCustomer;
import io.laurel.proto.progress.v1.ProgramProgress;
import io.laurel.proto.progress.v1.ProgressServiceGrpc.ProgressServiceBlockingStub;
import io.laurel.proto.program.v1.MilestoneProgram;
import io.laurel.proto.program.v1.MilestoneProgramStatus;
import io.laurel.proto.program.v1.Schedule;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The progress views (R-PROG-TRACK-7, R-PROG-7): served from Redis, right when Redis is empty,
 * stale or down (Postgres is the truth); the merchant's list; bad input.
 */
@QuarkusTest
@WithTestResource(value = LaurelTestResource.class,
        initArgs = @ResourceArg(name = LaurelTestResource.DATABASE, value = "laurel_progress"))
class ProgressViewsTest {

    @GrpcClient("progress")
    ProgressServiceBlockingStub progress;

    @Inject
    ProgressFixture fixture;

    @Inject
    Configs configs;

    @Inject
    ProgressCache cache;

    @Inject
    ProgressStore progressStore;

    @Inject
    Pool pool;

    @Inject
    ReactiveRedisDataSource redis;

    private Instant now() {
        return fixture.clock().instant();
    }

    private String configuredStore() {
        String store = newStore();
        configs.store(store, now().minus(Duration.ofDays(400)));
        return store;
    }

    private MilestoneProgram program(String store, MilestoneMetric metric, long... targets) {
        return configs.program(Configs.program(store, metric, now().minus(Duration.ofDays(30)), targets).build());
    }

    private void ingest(String store, CustomerEvent... events) {
        progress.ingestEvents(IngestEventsRequest.newBuilder().setRequestId(UUID.randomUUID().toString())
                .setStoreId(store).addAllEvents(List.of(events)).build());
    }

    private void order(String store, String customer, String order, long minor) {
        ingest(store, Events.orderCompleted(store, "oc-" + order, customer, order, minor, now().minus(Duration.ofMinutes(1))));
    }

    private GetCustomerProgressResponse shopperView(String store, String customer) {
        return progress.getCustomerProgress(GetCustomerProgressRequest.newBuilder().setStoreId(store).setCustomerId(customer).build());
    }

    private long spent(String store, String customer) {
        return shopperView(store, customer).getPrograms(0).getCurrentValue();
    }

    @Test
    void r_prog_track_7_theShopperSeesEveryVisibleActiveProgramAndNothingMerchantOnly() {
        String store = configuredStore();
        MilestoneProgram live = program(store, MilestoneMetric.MILESTONE_METRIC_AMOUNT_SPENT, 1_000, 3_000);
        MilestoneProgram inactivity = configs.program(Configs.program(store, MilestoneMetric.MILESTONE_METRIC_INACTIVITY_DAYS,
                now().minus(Duration.ofDays(29)), 30).build()); // created after `live`: listed after it
        configs.program(Configs.program(store, MilestoneMetric.MILESTONE_METRIC_ORDER_COUNT, now().minus(Duration.ofDays(30)), 5)
                .setStatus(MilestoneProgramStatus.MILESTONE_PROGRAM_STATUS_PAUSED).build());
        configs.program(Configs.program(store, MilestoneMetric.MILESTONE_METRIC_ORDER_COUNT, now().minus(Duration.ofDays(30)), 5)
                .setSchedule(Schedule.newBuilder().setEndTime(io.laurel.platform.grpc.ProtoTime.toProto(now().minus(Duration.ofDays(1)))))
                .build());
        order(store, "c-1", "o-1", 2_000);

        GetCustomerProgressResponse view = shopperView(store, "c-1");

        assertThat(view.getProgramsList()).extracting(ProgramProgress::getProgramId).containsExactly(live.getProgramId());
        ProgramProgress p = view.getPrograms(0);
        assertThat(p.getTitle()).isEqualTo(live.getTitle());
        assertThat(p.toString()).doesNotContain(live.getInternalName());
        assertThat(p.getCurrentValue()).isEqualTo(2_000);
        assertThat(p.getNextTarget()).isEqualTo(3_000);
        assertThat(p.getDistanceToNext()).isEqualTo(1_000);
        assertThat(p.getPercentCompleteBps()).isEqualTo(6_666);
        assertThat(p.getMilestonesList()).extracting(m -> m.getState())
                .containsExactly(MilestoneState.MILESTONE_STATE_REACHED, MilestoneState.MILESTONE_STATE_NEXT);
        assertThat(p.getMilestones(0).getReward().getPoints().getFixedPoints()).isEqualTo(10_000);

        GetCustomerProgressResponse merchant = progress.getCustomerProgress(GetCustomerProgressRequest.newBuilder()
                .setStoreId(store).setCustomerId("c-1").setIncludeHidden(true).build());
        assertThat(merchant.getProgramsList()).extracting(ProgramProgress::getProgramId)
                .containsExactly(live.getProgramId(), inactivity.getProgramId());
        assertThat(merchant.getPrograms(1).getHiddenFromShoppers()).isTrue();
        assertThat(merchant.getPrograms(1).getSpellStartTime().getSeconds()).isPositive();
    }

    @Test
    void r_prog_track_7_aCustomerNeverSeenHasZeroProgress() {
        String store = configuredStore();
        program(store, MilestoneMetric.MILESTONE_METRIC_REVIEW_COUNT, 3);
        ProgramProgress p = shopperView(store, "nobody").getPrograms(0);
        assertThat(p.getCurrentValue()).isZero();
        assertThat(p.getMilestones(0).getState()).isEqualTo(MilestoneState.MILESTONE_STATE_NEXT);
    }

    @Test
    void r_prog_track_7_rightWhenRedisIsEmpty() {
        String store = configuredStore();
        program(store, MilestoneMetric.MILESTONE_METRIC_AMOUNT_SPENT, 10_000);
        order(store, "c-1", "o-1", 2_000);
        redis.execute("FLUSHALL").await().atMost(Duration.ofSeconds(5));

        assertThat(spent(store, "c-1")).isEqualTo(2_000);
        assertThat(cache.get(store, "c-1").await().atMost(Duration.ofSeconds(5))).as("filled again from Postgres").isNotNull();
    }

    @Test
    void r_prog_track_7_aRacingWriterCanNeverLeaveAnOldValueInTheCache() {
        String store = configuredStore();
        program(store, MilestoneMetric.MILESTONE_METRIC_AMOUNT_SPENT, 10_000);
        order(store, "c-1", "o-1", 2_000);
        // a reader that read Postgres before the next batch committed, and is slow to put what it read
        CachedProgress old = progressStore.read(pool, store, "c-1").await().atMost(Duration.ofSeconds(5));
        order(store, "c-1", "o-2", 3_000);

        cache.putIfNewer(store, "c-1", old).await().atMost(Duration.ofSeconds(5));
        assertThat(spent(store, "c-1")).isEqualTo(5_000);

        // even with the entry gone, the late put of the old read cannot win over a newer one
        cache.forget(store, "c-1").await().atMost(Duration.ofSeconds(5));
        assertThat(spent(store, "c-1")).isEqualTo(5_000);
        cache.putIfNewer(store, "c-1", old).await().atMost(Duration.ofSeconds(5));
        assertThat(spent(store, "c-1")).isEqualTo(5_000);
    }

    @Test
    void r_prog_track_7_manyViewsAtOnceAreAllServedFromRedis() {
        String store = configuredStore();
        program(store, MilestoneMetric.MILESTONE_METRIC_AMOUNT_SPENT, 10_000);
        order(store, "c-1", "o-1", 2_000);
        assertThat(cache.get(store, "c-1").await().atMost(Duration.ofSeconds(5))).as("cached by the ingest").isNotNull();

        // as many reads at once as a busy replica serves: each borrows a pooled connection, and a read that finds the
        // pool's wait queue full is a miss (served from Postgres) — as most of these were with the client's default
        // pool (6 connections, 24 waiting)
        int reads = 300;
        List<CachedProgress> got = Uni.join().all(IntStream.range(0, reads)
                        .mapToObj(i -> cache.get(store, "c-1")).toList())
                .andFailFast().await().atMost(Duration.ofSeconds(30));

        assertThat(got).hasSize(reads).doesNotContainNull();
    }

    @Test
    void r_prog_track_7_viewsAskedTogetherEachShowTheirOwnCustomer() throws Exception {
        // views of two stores' customers asked at once, many on one event loop at a time: none shows another's progress
        List<String> stores = List.of(configuredStore(), configuredStore());
        for (String store : stores) {
            program(store, MilestoneMetric.MILESTONE_METRIC_AMOUNT_SPENT, 1_000_000);
            for (int c = 0; c < 6; c++) {
                order(store, "c-" + c, "o-" + c, spentBy(stores.indexOf(store), c));
            }
        }
        ExecutorService callers = Executors.newFixedThreadPool(12);
        try {
            List<Future<?>> views = new ArrayList<>();
            for (int i = 0; i < 240; i++) {
                int s = i % 2;
                int c = (i / 2) % 6;
                views.add(callers.submit(() -> assertThat(spent(stores.get(s), "c-" + c))
                        .as("store %d customer %d", s, c).isEqualTo(spentBy(s, c))));
            }
            for (var view : views) {
                view.get(30, TimeUnit.SECONDS);
            }
        } finally {
            callers.shutdownNow();
        }
    }

    private static long spentBy(int store, int customer) {
        return 1_000L * (store + 1) + 10L * customer;
    }

    // Redis down: RedisDownTest (the cache client points at a closed port; no timing)

    @Test
    void getCustomerProgramProgressShowsAProgramOfAnyStatus_andNotFoundForAnUnknownOne() {
        String store = configuredStore();
        MilestoneProgram paused = configs.program(Configs.program(store, MilestoneMetric.MILESTONE_METRIC_ORDER_COUNT,
                now().minus(Duration.ofDays(30)), 5).setStatus(MilestoneProgramStatus.MILESTONE_PROGRAM_STATUS_PAUSED).build());

        ProgramProgress p = progress.getCustomerProgramProgress(GetCustomerProgramProgressRequest.newBuilder()
                .setStoreId(store).setCustomerId("c-1").setProgramId(paused.getProgramId()).build()).getProgress();
        assertThat(p.getProgramId()).isEqualTo(paused.getProgramId());

        StatusRuntimeException missing = catchThrowableOfType(StatusRuntimeException.class,
                () -> progress.getCustomerProgramProgress(GetCustomerProgramProgressRequest.newBuilder()
                        .setStoreId(newStore()).setCustomerId("c-1").setProgramId(paused.getProgramId()).build()));
        assertThat(missing.getStatus().getCode()).as("another store's program is not found").isEqualTo(Status.Code.NOT_FOUND);
    }

    @Test
    void listProgramCustomersPagesByCustomerId_andFiltersByMilestonesReached() {
        String store = configuredStore();
        MilestoneProgram count = program(store, MilestoneMetric.MILESTONE_METRIC_ORDER_COUNT, 2);
        order(store, "c-a", "o-1", 100);
        order(store, "c-b", "o-2", 100);
        order(store, "c-b", "o-3", 100);
        order(store, "c-c", "o-4", 100);
        ListProgramCustomersRequest first = ListProgramCustomersRequest.newBuilder().setStoreId(store)
                .setProgramId(count.getProgramId()).setPageSize(2).build();

        ListProgramCustomersResponse page1 = progress.listProgramCustomers(first);
        ListProgramCustomersResponse page2 = progress.listProgramCustomers(first.toBuilder().setPageToken(page1.getNextPageToken()).build());

        assertThat(page1.getCustomersList()).extracting(ProgramCustomer::getCustomerId).containsExactly("c-a", "c-b");
        assertThat(page1.getCustomers(1).getCurrentValue()).isEqualTo(2);
        assertThat(page1.getCustomers(1).getMilestonesReached()).isEqualTo(1);
        assertThat(page1.getCustomers(1).getLastReachedTarget()).isEqualTo(2);
        assertThat(page2.getCustomersList()).extracting(ProgramCustomer::getCustomerId).containsExactly("c-c");
        assertThat(page2.getNextPageToken()).isEmpty();
        assertThat(progress.listProgramCustomers(first.toBuilder().setMinMilestonesReached(1).build()).getCustomersList())
                .extracting(ProgramCustomer::getCustomerId).containsExactly("c-b");
    }

    // ---- bad input: every bad field named, never INTERNAL

    @Test
    void badViewRequestsNameEveryBadField() {
        StatusRuntimeException empty = catchThrowableOfType(StatusRuntimeException.class,
                () -> progress.getCustomerProgress(GetCustomerProgressRequest.getDefaultInstance()));
        assertThat(empty.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(StatusDetails.badFields(empty)).containsExactlyInAnyOrder("store_id", "customer_id");

        StatusRuntimeException huge = catchThrowableOfType(StatusRuntimeException.class,
                () -> progress.getCustomerProgramProgress(GetCustomerProgramProgressRequest.newBuilder()
                        .setStoreId("s".repeat(129)).setCustomerId("c".repeat(10_000)).build()));
        // the contract's id rule, and that program_id is required, at once (L-API-3)
        assertThat(StatusDetails.badFields(huge)).containsExactlyInAnyOrder("store_id", "customer_id", "program_id");
        StatusRuntimeException missing = catchThrowableOfType(StatusRuntimeException.class,
                () -> progress.getCustomerProgramProgress(GetCustomerProgramProgressRequest.newBuilder()
                        .setStoreId("s").setCustomerId("c").build()));
        assertThat(StatusDetails.badFields(missing)).containsExactly("program_id");

        StatusRuntimeException list = catchThrowableOfType(StatusRuntimeException.class,
                () -> progress.listProgramCustomers(ListProgramCustomersRequest.newBuilder().setStoreId("s")
                        .setMinMilestonesReached(-1).setPageSize(-5).setPageToken("not a token").build()));
        assertThat(list.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        // the contract's limits first (L-API-3); the page token, a service rule, once they hold
        assertThat(StatusDetails.badFields(list))
                .containsExactlyInAnyOrder("program_id", "min_milestones_reached", "page_size");
        StatusRuntimeException token = catchThrowableOfType(StatusRuntimeException.class,
                () -> progress.listProgramCustomers(ListProgramCustomersRequest.newBuilder().setStoreId("s")
                        .setProgramId("p").setPageToken("not a token").build()));
        assertThat(StatusDetails.badFields(token)).containsExactly("page_token");
    }
}
