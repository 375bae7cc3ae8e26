package io.laurel.progress.grpc;

import static io.laurel.progress.grpc.ProgressFixture.newStore;
import static org.assertj.core.api.Assertions.assertThat;

import io.laurel.devstack.LaurelTestResource;
import io.laurel.platform.grpc.ProtoTime;
import io.laurel.progress.app.InactivityScan;
import io.laurel.proto.common.v1.MilestoneMetric;
import io.laurel.proto.progress.v1.CustomerActivity;
import io.laurel.proto.progress.v1.CustomerActivityKind;
import io.laurel.proto.progress.v1.GetCustomerProgressRequest;
import io.laurel.proto.progress.v1.IngestEventsRequest;
import io.laurel.proto.progress.v1.ProgramProgress;
import io.laurel.proto.progress.v1.ProgressServiceGrpc.ProgressServiceBlockingStub;
import io.laurel.proto.program.v1.MilestoneProgram;
import io.laurel.proto.reward.v1.IssueRewardRequest;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The inactivity scan (R-PROG-TRACK-3, R-PROG-7): once per spell, safe with several replicas, driven by the clock. */
@QuarkusTest
@WithTestResource(value = LaurelTestResource.class,
        initArgs = @ResourceArg(name = LaurelTestResource.DATABASE, value = "laurel_progress"))
class InactivityScanTest {

    @GrpcClient("progress")
    ProgressServiceBlockingStub progress;

    @Inject
    ProgressFixture fixture;

    @Inject
    Configs configs;

    @Inject
    InactivityScan scan;

    private void activity(String store, String customer, Instant at) {
        progress.ingestEvents(IngestEventsRequest.newBuilder().setRequestId(UUID.randomUUID().toString()).setStoreId(store)
                .addEvents(Events.base(store, "activity-" + UUID.randomUUID(), customer, at).setCustomerActivity(
                        CustomerActivity.newBuilder().setActivity(CustomerActivityKind.CUSTOMER_ACTIVITY_KIND_VISIT)))
                .build());
    }

    private ProgramProgress merchantView(String store, String customer) {
        return progress.getCustomerProgress(GetCustomerProgressRequest.newBuilder().setStoreId(store).setCustomerId(customer)
                .setIncludeHidden(true).build()).getPrograms(0);
    }

    @Test
    void r_prog_track_3_twoReplicasScanningAtOnceRewardOncePerSpell_andANewSpellCanBeRewardedAgain() {
        Instant start = fixture.clock().instant();
        try {
            String store = newStore();
            configs.store(store, start.minus(Duration.ofDays(400)));
            MilestoneProgram idle = configs.program(Configs.program(store, MilestoneMetric.MILESTONE_METRIC_INACTIVITY_DAYS,
                    start.minus(Duration.ofDays(30)), 10, 30).build());
            activity(store, "c-1", start.minus(Duration.ofHours(1)));
            assertThat(progress.getCustomerProgress(GetCustomerProgressRequest.newBuilder().setStoreId(store)
                    .setCustomerId("c-1").build()).getProgramsList()).as("never shown to shoppers (R-PROG-7)").isEmpty();

            fixture.clock().advance(Duration.ofDays(12));
            // two replicas' scans at the same moment: between them they reach the milestone exactly once
            java.util.List<Integer> both = Uni.join().all(scan.scan(store), scan.scan(store)).andFailFast()
                    .await().atMost(Duration.ofSeconds(30));
            assertThat(both.get(0) + both.get(1)).isEqualTo(1);
            assertThat(scan.scan(store).await().atMost(Duration.ofSeconds(30))).as("and never again").isZero();

            assertThat(fixture.outbox(store, "IssueReward")).singleElement().satisfies(s -> {
                IssueRewardRequest r = s.as(IssueRewardRequest.parser());
                assertThat(r.getCause().getMilestoneTarget()).isEqualTo(10);
                assertThat(ProtoTime.toInstant(r.getCause().getSpellStartTime())).isEqualTo(start.minus(Duration.ofHours(1)));
            });
            ProgramProgress view = merchantView(store, "c-1");
            assertThat(view.getProgramId()).isEqualTo(idle.getProgramId());
            assertThat(view.getCurrentValue()).isEqualTo(12);

            // catching up: nothing ran for a month; the scan rewards what came due meanwhile
            fixture.clock().advance(Duration.ofDays(30));
            scan.scan().await().atMost(Duration.ofSeconds(30));
            assertThat(fixture.outbox(store, "IssueReward")).extracting(s -> s.as(IssueRewardRequest.parser())
                    .getCause().getMilestoneTarget()).containsExactly(10L, 30L);

            // activity starts a new spell: its milestones can be reached again
            activity(store, "c-1", fixture.clock().instant().minus(Duration.ofMinutes(1)));
            fixture.clock().advance(Duration.ofDays(11));
            scan.scan().await().atMost(Duration.ofSeconds(30));
            assertThat(fixture.outbox(store, "IssueReward")).extracting(s -> s.as(IssueRewardRequest.parser())
                    .getCause().getMilestoneTarget()).containsExactly(10L, 30L, 10L);
        } finally {
            fixture.clock().set(start);
        }
    }

    @Test
    void l_track_14_anInactivityTargetBeyondWhatADateHoldsFailsNeitherTheScanNorIngestion() {
        Instant start = fixture.clock().instant();
        try {
            String store = newStore();
            configs.store(store, start.minus(Duration.ofDays(400)));
            configs.program(Configs.program(store, MilestoneMetric.MILESTONE_METRIC_INACTIVITY_DAYS,
                    start.minus(Duration.ofDays(30)), 10, 1_000_000_000_000L).build());
            activity(store, "c-1", start.minus(Duration.ofHours(1)));
            fixture.clock().advance(Duration.ofDays(12));
            assertThat(scan.scan(store).await().atMost(Duration.ofSeconds(30))).isEqualTo(1);
            activity(store, "c-1", fixture.clock().instant().minus(Duration.ofMinutes(1)));
            assertThat(merchantView(store, "c-1").getCurrentValue()).isZero();
        } finally {
            fixture.clock().set(start);
        }
    }

    @Test
    void r_prog_track_3_aStoreThatFailsToScanDoesNotStopTheScanOfTheOthers() {
        Instant start = fixture.clock().instant();
        try {
            String broken = newStore();
            // a configuration snapshot that cannot be read: loading this store's catalog fails
            fixture.pool().preparedQuery("INSERT INTO milestone_program_version (store_id, program_id, version, effective_from, snapshot)"
                            + " VALUES ($1, 'unreadable', 1, now(), $2)")
                    .execute(io.vertx.mutiny.sqlclient.Tuple.of(broken, io.vertx.core.buffer.Buffer.buffer(new byte[] {(byte) 0xFF})))
                    .await().atMost(Duration.ofSeconds(30));
            String store = newStore();
            configs.store(store, start.minus(Duration.ofDays(400)));
            configs.program(Configs.program(store, MilestoneMetric.MILESTONE_METRIC_INACTIVITY_DAYS,
                    start.minus(Duration.ofDays(30)), 10).build());
            activity(store, "c-1", start.minus(Duration.ofHours(1)));
            fixture.clock().advance(Duration.ofDays(12));

            scan.scan().await().atMost(Duration.ofSeconds(60));

            assertThat(fixture.outbox(store, "IssueReward")).extracting(s -> s.as(IssueRewardRequest.parser())
                    .getCause().getMilestoneTarget()).containsExactly(10L);
        } finally {
            fixture.clock().set(start);
        }
    }

    private Instant checkedAt(String store, String customer) {
        var row = fixture.pool().preparedQuery("SELECT inactivity_checked_at FROM customer_state WHERE store_id = $1 AND customer_id = $2")
                .execute(io.vertx.mutiny.sqlclient.Tuple.of(store, customer)).await().atMost(Duration.ofSeconds(30))
                .iterator().next().getOffsetDateTime(0);
        return row == null ? null : row.toInstant();
    }

    @Test
    void r_prog_track_3_aCustomerPastTheLargestTargetIsNotClaimedAgainEveryDay() {
        Instant start = fixture.clock().instant();
        try {
            String store = newStore();
            configs.store(store, start.minus(Duration.ofDays(400)));
            configs.program(Configs.program(store, MilestoneMetric.MILESTONE_METRIC_INACTIVITY_DAYS,
                    start.minus(Duration.ofDays(30)), 10).build());
            activity(store, "c-1", start.minus(Duration.ofHours(1)));
            fixture.clock().advance(Duration.ofDays(12));
            assertThat(scan.scan(store).await().atMost(Duration.ofSeconds(30))).isEqualTo(1);
            Instant checked = checkedAt(store, "c-1");

            fixture.clock().advance(Duration.ofDays(1));
            assertThat(scan.scan(store).await().atMost(Duration.ofSeconds(30))).isZero();
            assertThat(checkedAt(store, "c-1")).as("nothing left to reach: not claimed").isEqualTo(checked);
        } finally {
            fixture.clock().set(start);
        }
    }

    @Test
    void r_prog_track_3_anArchivedInactivityProgramTracksNoSpellAndIsNotScanned() {
        Instant start = fixture.clock().instant();
        try {
            String store = newStore();
            configs.store(store, start.minus(Duration.ofDays(400)));
            MilestoneProgram idle = configs.program(Configs.program(store, MilestoneMetric.MILESTONE_METRIC_INACTIVITY_DAYS,
                    start.minus(Duration.ofDays(30)), 10).build());
            configs.program(idle.toBuilder().setVersion(2)
                    .setStatus(io.laurel.proto.program.v1.MilestoneProgramStatus.MILESTONE_PROGRAM_STATUS_ARCHIVED)
                    .setUpdateTime(ProtoTime.toProto(start.minus(Duration.ofDays(1)))).build());
            activity(store, "c-1", start.minus(Duration.ofHours(1)));
            assertThat(fixture.pool().preparedQuery("SELECT count(*) FROM program_progress WHERE store_id = $1")
                    .execute(io.vertx.mutiny.sqlclient.Tuple.of(store)).await().atMost(Duration.ofSeconds(30))
                    .iterator().next().getLong(0)).as("no spell tracked").isZero();

            fixture.clock().advance(Duration.ofDays(12));
            assertThat(scan.scan(store).await().atMost(Duration.ofSeconds(30))).isZero();
            assertThat(checkedAt(store, "c-1")).as("never claimed").isNull();
        } finally {
            fixture.clock().set(start);
        }
    }
}
