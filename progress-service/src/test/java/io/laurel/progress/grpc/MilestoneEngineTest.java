package io.laurel.progress.grpc;

import static io.laurel.progress.grpc.ProgressFixture.newStore;
import static org.assertj.core.api.Assertions.assertThat;

import io.laurel.devstack.LaurelTestResource;
import io.laurel.proto.common.v1.MilestoneMetric;
import io.laurel.proto.common.v1.Money;
import io.laurel.proto.progress.v1.CustomerEvent;
import io.laurel.proto.progress.v1.CustomerUpdated;
import io.laurel.proto.progress.v1.EventOutcome;
import io.laurel.proto.progress.v1.EventResult;
import io.laurel.proto.progress.v1.GetCustomerProgressRequest;
import io.laurel.proto.progress.v1.IngestEventsRequest;
import io.laurel.proto.progress.v1.IngestEventsResponse;
import io.laurel.proto.progress.v1.MilestoneState;
import io.laurel.proto.progress.v1.MutinyProgressServiceGrpc.MutinyProgressServiceStub;
import io.laurel.proto.progress.v1.OrderCancelled;
import io.laurel.proto.progress.v1.OrderCompleted;
import io.laurel.proto.progress.v1.OrderRefunded;
import io.laurel.proto.progress.v1.ProgramProgress;
import io.laurel.proto.progress.v1.ProgressServiceGrpc.ProgressServiceBlockingStub;
import io.laurel.proto.program.v1.MilestoneProgram;
import io.laurel.proto.program.v1.RefundPolicy;
import io.laurel.proto.reward.v1.ClawBackRewardRequest;
import io.laurel.proto.reward.v1.EarnForOrderRequest;
import io.laurel.proto.reward.v1.IssueRewardRequest;
import io.laurel.proto.reward.v1.ReverseOrderEarningRequest;
import io.laurel.proto.tier.v1.QualifyingActivityKind;
import io.laurel.proto.tier.v1.RecordCustomerTagsRequest;
import io.laurel.proto.tier.v1.RecordQualifyingActivityRequest;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The milestone engine over real gRPC, Postgres and Redis: events move progress, milestones are
 * reached once and rewarded through the outbox in the same transaction (R-PROG-TRACK-2..6, R-PROG-8).
 */
@QuarkusTest
@WithTestResource(value = LaurelTestResource.class,
        initArgs = @ResourceArg(name = LaurelTestResource.DATABASE, value = "laurel_progress"))
class MilestoneEngineTest {

    @GrpcClient("progress")
    ProgressServiceBlockingStub progress;

    @GrpcClient("progress")
    MutinyProgressServiceStub asyncProgress;

    @Inject
    ProgressFixture fixture;

    @Inject
    Configs configs;

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

    private static IngestEventsRequest batch(String store, CustomerEvent... events) {
        return IngestEventsRequest.newBuilder().setRequestId(UUID.randomUUID().toString()).setStoreId(store)
                .addAllEvents(List.of(events)).build();
    }

    private IngestEventsResponse ingest(String store, CustomerEvent... events) {
        return progress.ingestEvents(batch(store, events));
    }

    private ProgramProgress view(String store, String customer, String programId) {
        return progress.getCustomerProgress(GetCustomerProgressRequest.newBuilder().setStoreId(store)
                        .setCustomerId(customer).setIncludeHidden(true).build())
                .getProgramsList().stream().filter(p -> p.getProgramId().equals(programId)).findFirst().orElseThrow();
    }

    private CustomerEvent refund(String store, String id, String customer, String order, long minor, boolean full, Instant at) {
        return Events.base(store, id, customer, at).setOrderRefunded(OrderRefunded.newBuilder().setOrderId(order)
                .setRefundId(id).setRefundedAmount(Events.usd(minor)).setFullRefund(full)).build();
    }

    @Test
    void r_prog_8_programVersionsFromTheFeedDecideWhatCounts_pausedCountsNothing_lateEventsByOccurredAt() {
        String store = configuredStore();
        Instant t = now();
        MilestoneProgram v1 = configs.program(Configs.program(store, MilestoneMetric.MILESTONE_METRIC_ORDER_COUNT,
                t.minus(Duration.ofDays(30)), 3).build());
        configs.program(v1.toBuilder().setVersion(2).setStatus(io.laurel.proto.program.v1.MilestoneProgramStatus.MILESTONE_PROGRAM_STATUS_PAUSED)
                .setUpdateTime(io.laurel.platform.grpc.ProtoTime.toProto(t.minus(Duration.ofDays(10)))).build());
        MilestoneProgram v3 = v1.toBuilder().setVersion(3)
                .setUpdateTime(io.laurel.platform.grpc.ProtoTime.toProto(t.minus(Duration.ofDays(5)))).build();
        configs.program(v3);
        configs.program(v3); // a redelivery changes nothing

        ingest(store, Events.orderCompleted(store, "oc-1", "c-1", "o-1", 100, t.minus(Duration.ofDays(2))),
                Events.orderCompleted(store, "oc-2", "c-1", "o-2", 100, t.minus(Duration.ofDays(7))),
                Events.orderCompleted(store, "oc-3", "c-1", "o-3", 100, t.minus(Duration.ofDays(40))));
        // arrives last, happened before the pause
        ingest(store, Events.orderCompleted(store, "oc-4", "c-1", "o-4", 100, t.minus(Duration.ofDays(20))));

        ProgramProgress view = view(store, "c-1", v1.getProgramId());
        assertThat(view.getCurrentValue()).as("o-1 and o-4 count; o-2 (paused) and o-3 (before the program) do not")
                .isEqualTo(2);
        assertThat(view.getProgramVersion()).isEqualTo(3);
        assertThat(fixture.outbox(store, "IssueReward")).isEmpty();
    }

    @Test
    void r_prog_track_4_oneOrderCrossingSeveralMilestonesIssuesEachRewardThroughTheOutbox() {
        String store = configuredStore();
        MilestoneProgram spent = program(store, MilestoneMetric.MILESTONE_METRIC_AMOUNT_SPENT, 1_000, 5_000, 50_000);
        Instant at = now().minus(Duration.ofHours(1));

        ingest(store, Events.orderCompleted(store, "oc-1", "c-1", "o-1", 6_000, at));

        List<IssueRewardRequest> issued = fixture.outbox(store, "IssueReward").stream()
                .map(s -> s.as(IssueRewardRequest.parser())).toList();
        assertThat(issued).extracting(r -> r.getCause().getMilestoneTarget()).containsExactlyInAnyOrder(1_000L, 5_000L);
        assertThat(issued).allSatisfy(r -> {
            assertThat(r.getStoreId()).isEqualTo(store);
            assertThat(r.getCustomerId()).isEqualTo("c-1");
            assertThat(r.getCause().getProgramId()).isEqualTo(spent.getProgramId());
            assertThat(r.getCause().getOrderId()).isEqualTo("o-1");
            assertThat(r.getRequestId()).as("the cause key").startsWith("milestone:" + spent.getProgramId().length() + ":" + spent.getProgramId() + ":");
            assertThat(r.getExpiryPolicy().getDays()).as("STORE_DEFAULT resolved").isEqualTo(365);
        });
        ProgramProgress view = view(store, "c-1", spent.getProgramId());
        assertThat(view.getCurrentValue()).isEqualTo(6_000);
        assertThat(view.getMilestonesList()).extracting(m -> m.getState()).containsExactly(
                MilestoneState.MILESTONE_STATE_REACHED, MilestoneState.MILESTONE_STATE_REACHED, MilestoneState.MILESTONE_STATE_NEXT);
    }

    @Test
    void r_prog_track_3_aMilestoneIsRewardedOnce_duplicatesChangeNothing() {
        String store = configuredStore();
        MilestoneProgram count = program(store, MilestoneMetric.MILESTONE_METRIC_ORDER_COUNT, 1, 2);
        Instant at = now().minus(Duration.ofHours(1));
        CustomerEvent first = Events.orderCompleted(store, "oc-1", "c-1", "o-1", 100, at);

        ingest(store, first);
        IngestEventsResponse again = ingest(store, first);
        ingest(store, Events.orderCompleted(store, "oc-2", "c-1", "o-2", 100, at.plusSeconds(1)),
                Events.orderCompleted(store, "oc-3", "c-1", "o-3", 100, at.plusSeconds(2)));

        assertThat(again.getDuplicateCount()).isEqualTo(1);
        assertThat(fixture.outbox(store, "IssueReward")).extracting(s -> s.as(IssueRewardRequest.parser())
                .getCause().getMilestoneTarget()).containsExactly(1L, 2L);
        assertThat(view(store, "c-1", count.getProgramId()).getCurrentValue()).isEqualTo(3);
    }

    @Test
    void r_prog_track_2_concurrentBatchesForOneCustomerNeverLoseAnUpdate() {
        String store = configuredStore();
        MilestoneProgram count = program(store, MilestoneMetric.MILESTONE_METRIC_ORDER_COUNT, 10, 40);
        Instant at = now().minus(Duration.ofHours(1));
        List<Uni<IngestEventsResponse>> calls = new ArrayList<>();
        for (int b = 0; b < 8; b++) {
            List<CustomerEvent> events = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                String order = "o-" + b + "-" + i;
                events.add(Events.orderCompleted(store, "oc-" + order, "c-1", order, 100, at.plusSeconds(b * 10 + i)));
            }
            calls.add(asyncProgress.ingestEvents(batch(store, events.toArray(CustomerEvent[]::new))));
        }
        Uni.join().all(calls).andFailFast().await().atMost(Duration.ofSeconds(60));

        assertThat(view(store, "c-1", count.getProgramId()).getCurrentValue()).isEqualTo(40);
        assertThat(fixture.outbox(store, "IssueReward")).extracting(s -> s.as(IssueRewardRequest.parser())
                .getCause().getMilestoneTarget()).containsExactlyInAnyOrder(10L, 40L);
    }

    @Test
    void r_prog_track_2_theSameEventDeliveredConcurrentlyAndLaterCountsOnce() {
        String store = configuredStore();
        MilestoneProgram reviews = program(store, MilestoneMetric.MILESTONE_METRIC_REVIEW_COUNT, 1, 2);
        CustomerEvent review = Events.review(store, "rv-1", "c-1", "review-1", now().minus(Duration.ofMinutes(5)));
        List<Uni<IngestEventsResponse>> calls = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            calls.add(asyncProgress.ingestEvents(batch(store, review)));
        }
        Uni.join().all(calls).andFailFast().await().atMost(Duration.ofSeconds(60));
        ingest(store, review);

        ProgramProgress view = view(store, "c-1", reviews.getProgramId());
        assertThat(view.getCurrentValue()).isEqualTo(1);
        assertThat(view.getMilestonesList()).extracting(m -> m.getState())
                .containsExactly(MilestoneState.MILESTONE_STATE_REACHED, MilestoneState.MILESTONE_STATE_NEXT);
    }

    @Test
    void streamedEventsMoveProgressToo() {
        String store = configuredStore();
        MilestoneProgram count = program(store, MilestoneMetric.MILESTONE_METRIC_ORDER_COUNT, 2);
        Instant at = now().minus(Duration.ofMinutes(5));
        asyncProgress.streamEvents(io.smallrye.mutiny.Multi.createFrom().items(
                        io.laurel.proto.progress.v1.StreamEventsRequest.newBuilder().setRequestId("stream-1").setStoreId(store)
                                .addEvents(Events.orderCompleted(store, "oc-1", "c-1", "o-1", 100, at)).build(),
                        io.laurel.proto.progress.v1.StreamEventsRequest.newBuilder().setStoreId(store)
                                .addEvents(Events.orderCompleted(store, "oc-2", "c-1", "o-2", 100, at.plusSeconds(1))).build()))
                .await().atMost(Duration.ofSeconds(30));

        assertThat(view(store, "c-1", count.getProgramId()).getCurrentValue()).isEqualTo(2);
        assertThat(fixture.outbox(store, "IssueReward")).hasSize(1);
    }

    @Test
    void r_prog_track_2_aRefundBeforeItsOrderEndsAsInOrder_andRefundCancelReorderCannotFarm() {
        String store = configuredStore();
        MilestoneProgram spent = program(store, MilestoneMetric.MILESTONE_METRIC_AMOUNT_SPENT, 5_000);
        MilestoneProgram count = program(store, MilestoneMetric.MILESTONE_METRIC_ORDER_COUNT, 1);
        Instant at = now().minus(Duration.ofDays(2));

        ingest(store, refund(store, "rf-1", "c-1", "o-1", 2_000, false, at.plusSeconds(60)));
        ingest(store, Events.orderCompleted(store, "oc-1", "c-1", "o-1", 6_000, at));
        assertThat(view(store, "c-1", spent.getProgramId()).getCurrentValue()).isEqualTo(4_000);

        ingest(store, Events.base(store, "cancel-1", "c-1", at.plusSeconds(120))
                .setOrderCancelled(OrderCancelled.newBuilder().setOrderId("o-1")).build());
        for (int i = 2; i < 5; i++) {
            ingest(store, Events.orderCompleted(store, "oc-" + i, "c-1", "o-" + i, 6_000, at.plusSeconds(200 * i)),
                    refund(store, "rf-" + i, "c-1", "o-" + i, 6_000, true, at.plusSeconds(200 * i + 1)));
        }
        assertThat(view(store, "c-1", spent.getProgramId()).getCurrentValue()).isZero();
        assertThat(view(store, "c-1", count.getProgramId()).getCurrentValue()).isZero();
        for (MilestoneProgram p : List.of(spent, count)) {
            assertThat(view(store, "c-1", p.getProgramId()).getMilestones(0)).as("reached once, by the first order")
                    .satisfies(m -> {
                        assertThat(m.getState()).isEqualTo(MilestoneState.MILESTONE_STATE_REACHED);
                        assertThat(io.laurel.platform.grpc.ProtoTime.toInstant(m.getReachedTime()))
                                .isEqualTo(at.truncatedTo(java.time.temporal.ChronoUnit.MICROS));
                    });
        }
    }

    @Test
    void r_prog_track_5_aClawBackProgramSendsClawBackReward() {
        String store = configuredStore();
        MilestoneProgram spent = configs.program(Configs.program(store, MilestoneMetric.MILESTONE_METRIC_AMOUNT_SPENT,
                now().minus(Duration.ofDays(30)), 5_000).setRefundPolicy(RefundPolicy.REFUND_POLICY_CLAW_BACK_UNSPENT).build());
        Instant at = now().minus(Duration.ofHours(2));

        ingest(store, Events.orderCompleted(store, "oc-1", "c-1", "o-1", 6_000, at),
                refund(store, "rf-1", "c-1", "o-1", 3_000, false, at.plusSeconds(60)));

        assertThat(fixture.outbox(store, "ClawBackReward")).singleElement().satisfies(s -> {
            ClawBackRewardRequest claw = s.as(ClawBackRewardRequest.parser());
            assertThat(claw.getCause().getProgramId()).isEqualTo(spent.getProgramId());
            assertThat(claw.getCause().getMilestoneTarget()).isEqualTo(5_000);
            assertThat(claw.getReason()).contains("o-1");
        });
    }

    @Test
    void orderFactsAndTagsGoToRewardAndTierServiceThroughTheOutbox() {
        String store = configuredStore();
        Instant at = now().minus(Duration.ofHours(2));
        ingest(store, Events.orderCompleted(store, "oc-1", "c-1", "o-1", 6_000, at),
                refund(store, "rf-1", "c-1", "o-1", 1_000, false, at.plusSeconds(60)),
                Events.base(store, "cancel-1", "c-1", at.plusSeconds(120))
                        .setOrderCancelled(OrderCancelled.newBuilder().setOrderId("o-1")).build(),
                Events.base(store, "tags-1", "c-1", at).setCustomerUpdated(CustomerUpdated.newBuilder().addTags("vip")).build());

        assertThat(fixture.outbox(store, "EarnForOrder")).singleElement()
                .satisfies(s -> assertThat(s.as(EarnForOrderRequest.parser()).getAmount().getAmountMinor()).isEqualTo(6_000));
        assertThat(fixture.outbox(store, "ReverseOrderEarning")).extracting(s -> s.as(ReverseOrderEarningRequest.parser()))
                .extracting(ReverseOrderEarningRequest::getReversalId, ReverseOrderEarningRequest::getCancellation)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("rf-1", false), org.assertj.core.groups.Tuple.tuple("cancel-1", true));
        assertThat(fixture.outbox(store, "RecordQualifyingActivity")).extracting(s -> s.as(RecordQualifyingActivityRequest.parser()).getKind())
                .containsExactly(QualifyingActivityKind.QUALIFYING_ACTIVITY_KIND_ORDER_COMPLETED,
                        QualifyingActivityKind.QUALIFYING_ACTIVITY_KIND_ORDER_REFUNDED,
                        QualifyingActivityKind.QUALIFYING_ACTIVITY_KIND_ORDER_CANCELLED);
        assertThat(fixture.outbox(store, "RecordCustomerTags")).singleElement()
                .satisfies(s -> assertThat(s.as(RecordCustomerTagsRequest.parser()).getTagsList()).containsExactly("vip"));
    }

    @Test
    void r_prog_track_1_eventsTheEngineCannotApplyAreRejectedWithTheReason() {
        String store = configuredStore();
        Instant at = now().minus(Duration.ofHours(2));
        ingest(store, Events.orderCompleted(store, "oc-1", "c-1", "o-1", 6_000, at),
                Events.review(store, "rv-1", "c-1", "review-1", at));

        IngestEventsResponse response = ingest(store,
                Events.base(store, "oc-eur", "c-1", at).setOrderCompleted(OrderCompleted.newBuilder().setOrderId("o-2")
                        .setAmount(Money.newBuilder().setAmountMinor(100).setCurrencyCode("EUR"))).build(),
                refund(store, "rf-other", "c-2", "o-1", 100, false, at.plusSeconds(5)),
                Events.review(store, "rv-again", "c-1", "review-1", at.plusSeconds(5)));

        assertThat(response.getResultsList()).extracting(EventResult::getOutcome).containsOnly(EventOutcome.EVENT_OUTCOME_REJECTED);
        assertThat(response.getResults(0).getViolationsList()).singleElement().satisfies(v -> {
            assertThat(v.getField()).isEqualTo("events[0].order_completed.amount.currency_code");
            assertThat(v.getReason()).isEqualTo("CURRENCY_MISMATCH");
        });
        assertThat(response.getResults(1).getViolations(0).getReason()).isEqualTo("ORDER_CUSTOMER_MISMATCH");
        assertThat(response.getResults(2).getViolations(0).getField()).isEqualTo("events[2].review_published.review_id");
        assertThat(response.getResults(2).getViolations(0).getReason()).isEqualTo("REVIEW_ALREADY_PUBLISHED");
        assertThat(fixture.storedEventIds(store)).containsExactly("oc-1", "rv-1");
    }

    @Test
    void l_track_6_aRefundOfAnotherCustomersOrderIsRejectedEvenInTheBatchCompletingIt_andAHeldOneIsDroppedUnforwarded() {
        String store = configuredStore();
        Instant at = now().minus(Duration.ofHours(2));
        IngestEventsResponse same = ingest(store, Events.orderCompleted(store, "oc-1", "c-1", "o-1", 6_000, at),
                refund(store, "rf-1", "c-2", "o-1", 1_000, false, at.plusSeconds(60)));
        assertThat(same.getResults(1).getOutcome()).isEqualTo(EventOutcome.EVENT_OUTCOME_REJECTED);
        assertThat(same.getResults(1).getViolations(0).getReason()).isEqualTo("ORDER_CUSTOMER_MISMATCH");

        // the order is unknown when c-2's refund arrives: held, forwarded nowhere; then it turns out to be c-1's
        ingest(store, refund(store, "rf-2", "c-2", "o-2", 1_000, false, at.plusSeconds(60)));
        ingest(store, Events.orderCompleted(store, "oc-2", "c-1", "o-2", 6_000, at));

        assertThat(fixture.outbox(store, "ReverseOrderEarning")).isEmpty();
        assertThat(fixture.outbox(store, "RecordQualifyingActivity")).extracting(s -> s.as(RecordQualifyingActivityRequest.parser()).getKind())
                .containsOnly(QualifyingActivityKind.QUALIFYING_ACTIVITY_KIND_ORDER_COMPLETED);
    }
}
