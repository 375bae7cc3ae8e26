package io.laurel.tier.grpc;

import static io.laurel.tier.grpc.TierFixtures.JANE;
import static io.laurel.tier.grpc.TierFixtures.at;
import static io.laurel.tier.grpc.TierFixtures.newId;
import static io.laurel.tier.grpc.TierFixtures.newStore;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.laurel.devstack.LaurelTestResource;
import io.laurel.platform.error.StatusDetails;
import io.laurel.platform.grpc.ProtoTime;
import io.laurel.proto.common.v1.Money;
import io.laurel.proto.common.v1.PointsExpiryPolicy;
import io.laurel.proto.common.v1.PointsExpiryPolicyKind;
import io.laurel.proto.common.v1.PointsReward;
import io.laurel.proto.common.v1.RewardSpec;
import io.laurel.proto.program.v1.StoreSettings;
import io.laurel.proto.program.v1.Tier;
import io.laurel.proto.program.v1.TierCriterion;
import io.laurel.proto.program.v1.TierPerks;
import io.laurel.proto.program.v1.TierProgram;
import io.laurel.proto.program.v1.TierProgramStatus;
import io.laurel.proto.program.v1.TierWindow;
import io.laurel.proto.progress.v1.IngestEventsRequest;
import io.laurel.proto.reward.v1.IssueRewardRequest;
import io.laurel.proto.reward.v1.RecordTierChangeRequest;
import io.laurel.proto.reward.v1.RewardCauseKind;
import io.laurel.proto.tier.v1.AssignTierRequest;
import io.laurel.proto.tier.v1.CustomerTier;
import io.laurel.proto.tier.v1.GetCustomerTierRequest;
import io.laurel.proto.tier.v1.ListTierHistoryRequest;
import io.laurel.proto.tier.v1.QualifyingActivityKind;
import io.laurel.proto.tier.v1.RecordQualifyingActivitiesRequest;
import io.laurel.proto.tier.v1.RecordQualifyingActivitiesResponse;
import io.laurel.proto.tier.v1.RecordQualifyingActivityRequest;
import io.laurel.proto.tier.v1.RecordQualifyingActivityResponse;
import io.laurel.proto.tier.v1.RemoveManualTierRequest;
import io.laurel.proto.tier.v1.TierChange;
import io.laurel.proto.tier.v1.TierChangeCause;
import io.laurel.proto.tier.v1.TierServiceGrpc.TierServiceBlockingStub;
import io.laurel.proto.tier.v1.TierSource;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * RecordQualifyingActivity end to end over real gRPC and Postgres: upgrades, entry rewards and
 * messages in the same transaction, idempotency on the activity id, arrival order, period ends by
 * the background job, threshold changes and bad input (R-TIER-2..4, R-TIER-6, R-TIER-7).
 */
@QuarkusTest
@WithTestResource(value = LaurelTestResource.class,
        initArgs = {@ResourceArg(name = LaurelTestResource.DATABASE, value = "laurel_tier"),
                    @ResourceArg(name = LaurelTestResource.REDIS, value = "false")})
class QualifyingActivityEndpointTest {

    @GrpcClient("tier")
    TierServiceBlockingStub tier;

    @Inject
    TierFixtures fixtures;

    private static Tier tier(String id, long threshold, int multiplierBps, long entryPoints) {
        TierPerks.Builder perks = TierPerks.newBuilder().setEarningMultiplierBps(multiplierBps);
        if (entryPoints > 0) {
            perks.setEntryReward(RewardSpec.newBuilder().setPoints(PointsReward.newBuilder().setFixedPoints(entryPoints)))
                    .setEntryRewardExpiry(PointsExpiryPolicy.newBuilder()
                            .setKind(PointsExpiryPolicyKind.POINTS_EXPIRY_POLICY_KIND_STORE_DEFAULT));
        }
        return Tier.newBuilder().setTierId(id).setName(id).setThreshold(threshold).setPerks(perks).build();
    }

    /** Amount spent (EUR minor units): silver 1000, gold 5000 (+500 points), platinum 20000 (+2000 points). */
    private static TierProgram spent(String store, long version, TierWindow window, long gold) {
        return TierProgram.newBuilder().setTierProgramId("tp-" + store).setStoreId(store).setInternalName("VIP")
                .setStatus(TierProgramStatus.TIER_PROGRAM_STATUS_ACTIVE)
                .setCriterion(TierCriterion.TIER_CRITERION_AMOUNT_SPENT).setWindow(window)
                .addTiers(tier("silver", 1000, 12_500, 0)).addTiers(tier("gold", gold, 15_000, 500))
                .addTiers(tier("platinum", 20_000, 20_000, 2000)).setVersion(version)
                .setCreateTime(ProtoTime.toProto(Instant.parse("2026-01-01T00:00:00Z")))
                .setUpdateTime(ProtoTime.toProto(Instant.parse("2026-01-01T00:00:00Z").plusSeconds(version)))
                .build();
    }

    private String store(TierWindow window, String zone) {
        String store = newStore();
        fixtures.apply(StoreSettings.newBuilder().setStoreId(store).setCurrencyCode("EUR").setTimeZone(zone)
                .setDefaultPointsExpiry(PointsExpiryPolicy.newBuilder()
                        .setKind(PointsExpiryPolicyKind.POINTS_EXPIRY_POLICY_KIND_AFTER_DAYS).setDays(365))
                .setBaseEarningRateMilli(1000).setPointValueMinorMilli(1000).setVersion(1)
                .setUpdateTime(ProtoTime.toProto(Instant.parse("2026-01-01T00:00:00Z"))).build());
        fixtures.apply(spent(store, 2, window, 5000));
        return store;
    }

    private static RecordQualifyingActivityRequest.Builder order(String store, String customer, String activityId,
                                                                 String orderId, long amount, Instant at) {
        return RecordQualifyingActivityRequest.newBuilder().setRequestId(newId()).setStoreId(store)
                .setCustomerId(customer).setActivityId(activityId)
                .setKind(QualifyingActivityKind.QUALIFYING_ACTIVITY_KIND_ORDER_COMPLETED).setOrderId(orderId)
                .setAmount(Money.newBuilder().setAmountMinor(amount).setCurrencyCode("EUR")).setOccurredAt(at(at));
    }

    private static RecordQualifyingActivityRequest.Builder refund(String store, String customer, String activityId,
                                                                  String orderId, long amount, Instant at) {
        return order(store, customer, activityId, orderId, amount, at)
                .setKind(QualifyingActivityKind.QUALIFYING_ACTIVITY_KIND_ORDER_REFUNDED);
    }

    private CustomerTier get(String store, String customer) {
        return tier.getCustomerTier(GetCustomerTierRequest.newBuilder().setStoreId(store).setCustomerId(customer)
                .build()).getCustomerTier();
    }

    private List<TierChange> history(String store, String customer) {
        return tier.listTierHistory(ListTierHistoryRequest.newBuilder().setStoreId(store).setCustomerId(customer)
                .setPageSize(100).build()).getChangesList();
    }

    private long entryRewards(String store, String customer) {
        return fixtures.pool().preparedQuery("SELECT count(*) FROM laurel_outbox WHERE method = $1 AND message_key LIKE $2")
                .execute(Tuple.of("laurel.reward.v1.RewardService/IssueReward", "tier-entry:tp-" + store + ":%:" + customer))
                .await().indefinitely().iterator().next().getLong(0);
    }

    private Instant now() {
        return fixtures.clock().instant();
    }

    @Test
    void r_tier_4_anOrderReachingAThresholdUpgradesAtOnceAndR_TIER_6_theChangeReachesRewardAndProgress() {
        String store = store(TierWindow.TIER_WINDOW_LIFETIME, "Europe/Paris");
        Instant at = now().minus(Duration.ofHours(1));

        RecordQualifyingActivityResponse response = tier.recordQualifyingActivity(
                order(store, "cust-1", "evt-1", "o-1", 5000, at).build());

        assertThat(response.getCustomerTier().getTierId()).isEqualTo("gold");
        assertThat(response.getCustomerTier().getSource()).isEqualTo(TierSource.TIER_SOURCE_COMPUTED);
        assertThat(response.getCustomerTier().getQualifyingValue()).isEqualTo(5000);
        assertThat(response.getCustomerTier().getNextTier().getRemaining()).isEqualTo(15_000);
        TierChange change = response.getChanges(0);
        assertThat(change.getCause()).isEqualTo(TierChangeCause.TIER_CHANGE_CAUSE_UPGRADE);
        assertThat(change.getOrderId()).isEqualTo("o-1");
        assertThat(change.getTriggerActivityId()).isEqualTo("evt-1");
        assertThat(ProtoTime.toInstant(change.getEffectiveTime())).isEqualTo(at);
        assertThat(change.getEntryRewardedTierIdsList()).containsExactly("gold");
        List<TierFixtures.OutboxRow> sent = fixtures.outbox(change.getChangeId());
        assertThat(sent).extracting(TierFixtures.OutboxRow::destination).containsExactly("progress", "reward");
        assertThat(sent.get(1).parse(RecordTierChangeRequest.parser()).getEarningMultiplierBps()).isEqualTo(15_000);
        assertThat(history(store, "cust-1")).extracting(TierChange::getChangeId).containsExactly(change.getChangeId());
    }

    @Test
    void r_tier_2_aJumpPaysEverySkippedTiersEntryRewardOnceEvenWhenTheTierIsReachedAgain() {
        String store = store(TierWindow.TIER_WINDOW_LIFETIME, "Europe/Paris");
        Instant at = now().minus(Duration.ofHours(3));
        RecordQualifyingActivityResponse jump = tier.recordQualifyingActivity(
                order(store, "cust-1", "evt-1", "o-1", 25_000, at).build());
        assertThat(jump.getCustomerTier().getTierId()).isEqualTo("platinum");
        assertThat(jump.getChanges(0).getEntryRewardedTierIdsList()).containsExactly("gold", "platinum");
        IssueRewardRequest gold = fixtures.outbox("tier-entry:tp-" + store + ":gold:cust-1").get(0)
                .parse(IssueRewardRequest.parser());
        assertThat(gold.getCause().getKind()).isEqualTo(RewardCauseKind.REWARD_CAUSE_KIND_TIER_ENTRY);
        assertThat(gold.getCause().getTierId()).isEqualTo("gold");
        assertThat(gold.getReward().getPoints().getFixedPoints()).isEqualTo(500);
        assertThat(gold.getExpiryPolicy().getKind()).isEqualTo(PointsExpiryPolicyKind.POINTS_EXPIRY_POLICY_KIND_AFTER_DAYS);
        assertThat(gold.getExpiryPolicy().getDays()).isEqualTo(365);
        assertThat(entryRewards(store, "cust-1")).isEqualTo(2);

        // the order is cancelled (undone), then the customer reaches platinum again: nothing is paid twice
        tier.recordQualifyingActivity(order(store, "cust-1", "evt-2", "o-1", 0, at.plusSeconds(60))
                .setKind(QualifyingActivityKind.QUALIFYING_ACTIVITY_KIND_ORDER_CANCELLED).clearAmount().build());
        assertThat(get(store, "cust-1").getTierId()).isEmpty();
        RecordQualifyingActivityResponse again = tier.recordQualifyingActivity(
                order(store, "cust-1", "evt-3", "o-2", 30_000, at.plusSeconds(120)).build());
        assertThat(again.getCustomerTier().getTierId()).isEqualTo("platinum");
        assertThat(again.getChanges(0).getEntryRewardedTierIdsList()).isEmpty();
        assertThat(entryRewards(store, "cust-1")).isEqualTo(2);
    }

    @Test
    void r_tier_4_refundingTheUpgradeOrderUndoesTheUpgradeAtOnce() {
        String store = store(TierWindow.TIER_WINDOW_CALENDAR_YEAR, "Europe/Paris");
        Instant at = now().minus(Duration.ofHours(3));
        tier.recordQualifyingActivity(order(store, "cust-1", "evt-1", "o-1", 1500, at).build());
        tier.recordQualifyingActivity(order(store, "cust-1", "evt-2", "o-2", 4000, at.plusSeconds(10)).build());
        assertThat(get(store, "cust-1").getTierId()).isEqualTo("gold");

        RecordQualifyingActivityResponse undone = tier.recordQualifyingActivity(
                refund(store, "cust-1", "evt-3", "o-2", 1000, at.plusSeconds(20)).build());

        assertThat(undone.getCustomerTier().getTierId()).isEqualTo("silver");
        assertThat(undone.getChanges(0).getCause()).isEqualTo(TierChangeCause.TIER_CHANGE_CAUSE_REFUND_UNDO);
        assertThat(undone.getChanges(0).getOrderId()).isEqualTo("o-2");
        assertThat(fixtures.outbox(undone.getChanges(0).getChangeId())).hasSize(2);
    }

    @Test
    void theSameActivityUnderAnotherRequestIdReplaysTheFirstResultAndOtherContentIsRefused() {
        String store = store(TierWindow.TIER_WINDOW_LIFETIME, "Europe/Paris");
        Instant at = now().minus(Duration.ofHours(1));
        RecordQualifyingActivityResponse first = tier.recordQualifyingActivity(
                order(store, "cust-1", "evt-1", "o-1", 5000, at).build());
        RecordQualifyingActivityResponse redelivered = tier.recordQualifyingActivity(
                order(store, "cust-1", "evt-1", "o-1", 5000, at).build());

        assertThat(redelivered).isEqualTo(first);
        assertThat(history(store, "cust-1")).hasSize(1);
        assertThat(get(store, "cust-1").getQualifyingValue()).isEqualTo(5000);

        StatusRuntimeException other = catchThrowableOfType(StatusRuntimeException.class,
                () -> tier.recordQualifyingActivity(order(store, "cust-1", "evt-1", "o-1", 9000, at).build()));
        assertThat(other.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
        assertThat(StatusDetails.errorInfo(other).orElseThrow().getReason()).isEqualTo("ACTIVITY_ALREADY_RECORDED");
        assertThat(get(store, "cust-1").getQualifyingValue()).isEqualTo(5000);
    }

    @Test
    void r_tier_3_activityArrivingOutOfOrderGivesTheSameFinalStateAsInOrder() {
        String store = store(TierWindow.TIER_WINDOW_ROLLING_365_DAYS_FROM_UPGRADE, "Pacific/Kiritimati");
        Instant t0 = now().minus(Duration.ofDays(30));
        List<RecordQualifyingActivityRequest.Builder> activity = new ArrayList<>();
        for (String customer : List.of("in-order", "shuffled")) {
            activity.clear();
            activity.add(order(store, customer, customer + "-1", "o-1", 900, t0));
            activity.add(order(store, customer, customer + "-2", "o-2", 4500, t0.plus(Duration.ofDays(1))));
            activity.add(refund(store, customer, customer + "-3", "o-2", 4000, t0.plus(Duration.ofDays(2))));
            activity.add(order(store, customer, customer + "-4", "o-3", 1200, t0.plus(Duration.ofDays(3))));
            if (customer.equals("shuffled")) {
                Collections.reverse(activity);
            }
            activity.forEach(a -> tier.recordQualifyingActivity(a.build()));
        }
        CustomerTier inOrder = get(store, "in-order");
        CustomerTier shuffled = get(store, "shuffled");
        assertThat(shuffled.toBuilder().setCustomerId("in-order").build()).isEqualTo(inOrder);
        assertThat(inOrder.getTierId()).isEqualTo("silver");
    }

    /** The RecordTierChange messages sent for a customer, in the order they were enqueued. */
    private List<RecordTierChangeRequest> tierChangesSent(String store, String customer) {
        List<RecordTierChangeRequest> sent = new ArrayList<>();
        fixtures.pool().preparedQuery("SELECT payload FROM laurel_outbox WHERE method = $1 ORDER BY id")
                .execute(Tuple.of("laurel.reward.v1.EarningService/RecordTierChange")).await().indefinitely()
                .forEach(r -> {
                    TierFixtures.OutboxRow row = new TierFixtures.OutboxRow("reward", "", r.getBuffer("payload").getBytes(), "");
                    RecordTierChangeRequest m = row.parse(RecordTierChangeRequest.parser());
                    if (m.getStoreId().equals(store) && m.getCustomerId().equals(customer)) {
                        sent.add(m);
                    }
                });
        return sent;
    }

    /** reward-service's rule (L-LEDGER-6): the latest change effective strictly before the order, ties by change id. */
    private static int multiplierAt(List<RecordTierChangeRequest> sent, Instant orderTime) {
        return sent.stream().filter(m -> ProtoTime.toInstant(m.getEffectiveTime()).isBefore(orderTime))
                .max(Comparator.comparing((RecordTierChangeRequest m) -> ProtoTime.toInstant(m.getEffectiveTime()))
                        .thenComparing(RecordTierChangeRequest::getChangeId))
                .map(RecordTierChangeRequest::getEarningMultiplierBps).orElse(10_000);
    }

    @Test
    void l_tier_13_anUpgradeReachedEarlierByALateOrderIsCorrectedInHistoryAndSentToRewardAndProgress() {
        String store = store(TierWindow.TIER_WINDOW_LIFETIME, "Europe/Paris");
        Instant a = now().minus(Duration.ofDays(3));
        Instant b = a.plus(Duration.ofDays(1));
        Instant c = a.plus(Duration.ofDays(2));
        // gold from 5000: three orders of 2500; the customer reaches gold with B, in time order
        for (String customer : List.of("in-order", "late")) {
            RecordQualifyingActivityRequest oa = order(store, customer, customer + "-a", customer + "-oa", 2500, a).build();
            RecordQualifyingActivityRequest ob = order(store, customer, customer + "-b", customer + "-ob", 2500, b).build();
            RecordQualifyingActivityRequest oc = order(store, customer, customer + "-c", customer + "-oc", 2500, c).build();
            List<RecordQualifyingActivityRequest> arrival = customer.equals("late") ? List.of(oa, oc, ob) : List.of(oa, ob, oc);
            arrival.forEach(tier::recordQualifyingActivity);
        }

        CustomerTier inOrder = get(store, "in-order");
        CustomerTier late = get(store, "late");
        assertThat(late.getTierId()).isEqualTo("gold");
        assertThat(ProtoTime.toInstant(late.getTierSince())).isEqualTo(b);
        assertThat(late.toBuilder().setCustomerId("in-order").build()).isEqualTo(inOrder);

        // history: gold at C, then B's arrival corrects it to gold from B
        TierChange correction = history(store, "late").stream()
                .filter(h -> h.getCause() == TierChangeCause.TIER_CHANGE_CAUSE_CORRECTION).findFirst().orElseThrow();
        assertThat(ProtoTime.toInstant(correction.getEffectiveTime())).isEqualTo(b);
        assertThat(correction.getFromTierId()).isEqualTo("silver");
        assertThat(correction.getToTierId()).isEqualTo("gold");
        assertThat(correction.getTriggerActivityId()).isEqualTo("late-b");
        assertThat(history(store, "in-order")).filteredOn(h -> h.getToTierId().equals("gold"))
                .extracting(h -> ProtoTime.toInstant(h.getEffectiveTime())).containsExactly(b);

        // both messages, keyed by the correction's own id (reward-service refuses a known id with other content)
        List<TierFixtures.OutboxRow> sent = fixtures.outbox(correction.getChangeId());
        assertThat(sent).extracting(TierFixtures.OutboxRow::destination).containsExactly("progress", "reward");
        RecordTierChangeRequest toReward = sent.get(1).parse(RecordTierChangeRequest.parser());
        assertThat(ProtoTime.toInstant(toReward.getEffectiveTime())).isEqualTo(b);
        assertThat(toReward.getTierId()).isEqualTo("gold");
        assertThat(toReward.getEarningMultiplierBps()).isEqualTo(15_000);
        assertThat(ProtoTime.toInstant(sent.get(0).parse(IngestEventsRequest.parser()).getEvents(0).getOccurredAt()))
                .isEqualTo(b);

        // reward-service prices every order as in order: B (lifting the tier) at silver's rate, C at gold's
        List<RecordTierChangeRequest> lateSent = tierChangesSent(store, "late");
        List<RecordTierChangeRequest> inOrderSent = tierChangesSent(store, "in-order");
        assertThat(inOrderSent).filteredOn(m -> m.getTierId().equals("gold"))
                .extracting(m -> ProtoTime.toInstant(m.getEffectiveTime())).containsExactly(b);
        for (Instant order : List.of(a, b, c, now())) {
            assertThat(multiplierAt(lateSent, order)).as("order at %s", order).isEqualTo(multiplierAt(inOrderSent, order));
        }
        assertThat(multiplierAt(lateSent, b)).isEqualTo(12_500);
        assertThat(multiplierAt(lateSent, c)).isEqualTo(15_000);
        // gold's entry reward was paid once, with C's upgrade
        assertThat(entryRewards(store, "late")).isEqualTo(1);
        assertThat(entryRewards(store, "in-order")).isEqualTo(1);
    }

    @Test
    void l_tier_13_lateOrdersOverSeveralTiersAnnounceTheSameTimelineAndPayEachEntryRewardOnce() {
        String store = store(TierWindow.TIER_WINDOW_LIFETIME, "Europe/Paris");
        Instant a = now().minus(Duration.ofDays(3));
        Instant b = a.plus(Duration.ofDays(1));
        Instant c = a.plus(Duration.ofDays(2));
        // A 5000 (gold at once), B 1000, C 15000 (platinum); arriving B, C, A
        for (String customer : List.of("in-order", "late")) {
            RecordQualifyingActivityRequest oa = order(store, customer, customer + "-a", customer + "-oa", 5000, a).build();
            RecordQualifyingActivityRequest ob = order(store, customer, customer + "-b", customer + "-ob", 1000, b).build();
            RecordQualifyingActivityRequest oc = order(store, customer, customer + "-c", customer + "-oc", 15_000, c).build();
            List<RecordQualifyingActivityRequest> arrival = customer.equals("late") ? List.of(ob, oc, oa) : List.of(oa, ob, oc);
            arrival.forEach(tier::recordQualifyingActivity);
        }

        CustomerTier late = get(store, "late");
        assertThat(late.getTierId()).isEqualTo("platinum");
        assertThat(late.toBuilder().setCustomerId("in-order").build()).isEqualTo(get(store, "in-order"));
        List<RecordTierChangeRequest> lateSent = tierChangesSent(store, "late");
        List<RecordTierChangeRequest> inOrderSent = tierChangesSent(store, "in-order");
        for (Instant order : List.of(a, a.plusSeconds(1), b, b.plusSeconds(1), c, c.plusSeconds(1), now())) {
            assertThat(multiplierAt(lateSent, order)).as("order at %s", order).isEqualTo(multiplierAt(inOrderSent, order));
        }
        assertThat(multiplierAt(lateSent, b)).isEqualTo(15_000);
        // the stale silver upgrade at B is overruled by a later-recorded gold correction at B
        assertThat(history(store, "late")).filteredOn(h -> h.getCause() == TierChangeCause.TIER_CHANGE_CAUSE_CORRECTION)
                .isNotEmpty();
        // gold and platinum pay their entry reward once each, whatever the order
        assertThat(entryRewards(store, "late")).isEqualTo(2);
        assertThat(entryRewards(store, "in-order")).isEqualTo(2);
    }

    @Test
    void r_tier_3_aCalendarYearTierHoldsThroughNextYearAndTheJobDowngradesAtLocalMidnight() {
        Instant start = now();
        try {
            String store = store(TierWindow.TIER_WINDOW_CALENDAR_YEAR, "Pacific/Kiritimati");
            tier.recordQualifyingActivity(order(store, "cust-1", "evt-1", "o-1", 5000, start.minusSeconds(60)).build());
            Instant localNewYear2028 = Instant.parse("2027-12-31T10:00:00Z"); // UTC+14

            fixtures.clock().set(localNewYear2028.minusSeconds(1));
            fixtures.runJobs();
            assertThat(get(store, "cust-1").getTierId()).isEqualTo("gold");

            fixtures.clock().set(localNewYear2028);
            assertThat(get(store, "cust-1").getTierId()).as("a read computes the period end").isEmpty();
            assertThat(history(store, "cust-1")).as("but writes nothing").hasSize(1);
            assertThat(fixtures.runJobs()).isGreaterThanOrEqualTo(1);
            List<TierChange> changes = history(store, "cust-1");
            assertThat(changes.get(0).getCause()).isEqualTo(TierChangeCause.TIER_CHANGE_CAUSE_DOWNGRADE_WINDOW_END);
            assertThat(ProtoTime.toInstant(changes.get(0).getEffectiveTime())).isEqualTo(localNewYear2028);
            assertThat(fixtures.outbox(changes.get(0).getChangeId())).hasSize(2);
            fixtures.runJobs();
            assertThat(history(store, "cust-1")).as("booked once").hasSize(2);
        } finally {
            fixtures.clock().set(start);
        }
    }

    @Test
    void r_tier_4_twoReplicasRunningThePeriodEndJobAtOnceBookEachEndOnce() throws Exception {
        Instant start = now();
        try {
            String store = store(TierWindow.TIER_WINDOW_CALENDAR_YEAR, "Europe/Paris");
            for (int i = 0; i < 40; i++) {
                tier.recordQualifyingActivity(order(store, "c-" + i, "e-" + i, "o-" + i, 5000,
                        start.minusSeconds(60)).build());
            }
            fixtures.clock().set(Instant.parse("2027-12-31T23:00:00Z")); // local new year 2028 in Paris
            ExecutorService replicas = Executors.newFixedThreadPool(2);
            try {
                List<Future<Integer>> runs = replicas.invokeAll(List.<Callable<Integer>>of(
                        fixtures::runPeriodEnds, fixtures::runPeriodEnds));
                int settled = runs.get(0).get() + runs.get(1).get();
                assertThat(settled).isGreaterThanOrEqualTo(40);
            } finally {
                replicas.shutdown();
            }
            long downgrades = fixtures.pool().preparedQuery(
                            "SELECT count(*) FROM tier_change WHERE store_id = $1 AND cause = 'DOWNGRADE_WINDOW_END'")
                    .execute(Tuple.of(store)).await().indefinitely().iterator().next().getLong(0);
            assertThat(downgrades).isEqualTo(40);
            assertThat(get(store, "c-7").getTierId()).isEmpty();
        } finally {
            fixtures.clock().set(start);
        }
    }

    @Test
    void r_tier_7_lowerThresholdsUpgradeThroughTheBackgroundPass() {
        String store = store(TierWindow.TIER_WINDOW_LIFETIME, "Europe/Paris");
        tier.recordQualifyingActivity(order(store, "cust-1", "evt-1", "o-1", 3000, now().minusSeconds(60)).build());
        assertThat(get(store, "cust-1").getTierId()).isEqualTo("silver");

        fixtures.apply(spent(store, 3, TierWindow.TIER_WINDOW_LIFETIME, 2500));
        fixtures.runJobs();

        assertThat(get(store, "cust-1").getTierId()).isEqualTo("gold");
        TierChange change = history(store, "cust-1").get(0);
        assertThat(change.getCause()).isEqualTo(TierChangeCause.TIER_CHANGE_CAUSE_THRESHOLD_CHANGE);
        assertThat(change.getEntryRewardedTierIdsList()).containsExactly("gold");
        assertThat(fixtures.outbox(change.getChangeId())).hasSize(2);
    }

    @Test
    void r_tier_7_aPassResumesAfterTheLastCustomerItRecorded() {
        String store = store(TierWindow.TIER_WINDOW_LIFETIME, "Europe/Paris");
        for (int i = 1; i <= 9; i++) {
            tier.recordQualifyingActivity(order(store, "c-" + i, "e-" + i, "o-" + i, 3000, now().minusSeconds(60)).build());
        }
        fixtures.apply(spent(store, 3, TierWindow.TIER_WINDOW_LIFETIME, 2500));
        // as if a replica had handled c-1..c-5 and stopped before the rest (the cursor moves with each batch)
        fixtures.pool().preparedQuery("UPDATE tier_program_pass SET after_customer_id = 'c-5' WHERE store_id = $1")
                .execute(Tuple.of(store)).await().indefinitely();

        fixtures.runJobs();

        assertThat(get(store, "c-5").getTierId()).isEqualTo("silver");
        assertThat(get(store, "c-6").getTierId()).isEqualTo("gold");
        assertThat(get(store, "c-9").getTierId()).isEqualTo("gold");
        assertThat(fixtures.pool().preparedQuery(
                        "SELECT complete_time IS NOT NULL FROM tier_program_pass WHERE store_id = $1")
                .execute(Tuple.of(store)).await().indefinitely().iterator().next().getBoolean(0)).isTrue();
    }

    @Test
    void r_tier_6_aManualAssignmentOverridesTheComputedTierUntilRemoved() {
        String store = store(TierWindow.TIER_WINDOW_LIFETIME, "Europe/Paris");
        tier.assignTier(AssignTierRequest.newBuilder().setRequestId(newId()).setStoreId(store).setCustomerId("cust-1")
                .setTierId("silver").setReason("goodwill").setActor(JANE).build());
        RecordQualifyingActivityResponse up = tier.recordQualifyingActivity(
                order(store, "cust-1", "evt-1", "o-1", 6000, now().minusSeconds(60)).build());
        assertThat(up.getCustomerTier().getTierId()).isEqualTo("silver");
        assertThat(up.getCustomerTier().getComputedTierId()).isEqualTo("gold");
        assertThat(up.getChanges(0).getOverridden()).isTrue();
        assertThat(fixtures.outbox(up.getChanges(0).getChangeId())).as("the effective tier did not move").isEmpty();

        tier.removeManualTier(RemoveManualTierRequest.newBuilder().setRequestId(newId()).setStoreId(store)
                .setCustomerId("cust-1").setReason("done").setActor(JANE).build());
        assertThat(get(store, "cust-1").getTierId()).isEqualTo("gold");
    }

    private RecordQualifyingActivitiesResponse batch(String store, List<RecordQualifyingActivityRequest.Builder> activity) {
        RecordQualifyingActivitiesRequest.Builder batch = RecordQualifyingActivitiesRequest.newBuilder().setStoreId(store);
        activity.forEach(batch::addActivities);
        return tier.recordQualifyingActivities(batch.build());
    }

    /** {@code tier} as the same state would read in {@code store} (under its program). */
    private static CustomerTier inStore(CustomerTier tier, String store) {
        return tier.toBuilder().setStoreId(store).setTierProgramId("tp-" + store).build();
    }

    /** A customer's history without what differs between two stores (ids, store). */
    private List<String> timeline(String store, String customer) {
        return history(store, customer).stream().map(c -> c.getFromTierId() + ">" + c.getToTierId() + " " + c.getCause()
                + " at " + ProtoTime.toInstant(c.getEffectiveTime()) + " value " + c.getQualifyingValue()
                + " order " + c.getOrderId() + " rewarded " + c.getEntryRewardedTierIdsList()).toList();
    }

    /** The keys of the entry rewards requested for the customer, in the order requested, without the store. */
    private List<String> entryRewardKeys(String store, String customer) {
        List<String> keys = new ArrayList<>();
        fixtures.pool().preparedQuery("SELECT message_key FROM laurel_outbox WHERE message_key LIKE $1 ORDER BY id")
                .execute(Tuple.of("tier-entry:tp-" + store + ":%:" + customer)).await().indefinitely()
                .forEach(r -> keys.add(r.getString(0).replace(store, "STORE")));
        return keys;
    }

    @Test
    void r_tier_4_aBatchRecordsEachActivityAsIfItHadComeAloneInRequestOrder() {
        String alone = store(TierWindow.TIER_WINDOW_ROLLING_365_DAYS_FROM_UPGRADE, "Europe/Paris");
        String batched = store(TierWindow.TIER_WINDOW_ROLLING_365_DAYS_FROM_UPGRADE, "Europe/Paris");
        Instant t0 = now().minus(Duration.ofDays(30));
        List<String> customers = List.of("ann", "bob", "cy");
        List<List<RecordQualifyingActivityRequest.Builder>> activity = new ArrayList<>();
        for (String store : List.of(alone, batched)) {
            List<RecordQualifyingActivityRequest.Builder> a = new ArrayList<>();
            // ann: an upgrade to gold undone by the refund of its order, then silver again; arrives out of order
            a.add(order(store, "ann", "ann-4", "o-3", 1200, t0.plus(Duration.ofDays(3))));
            a.add(order(store, "ann", "ann-1", "o-1", 900, t0));
            // bob: one order over three thresholds (every entry reward), then a late smaller one
            a.add(order(store, "bob", "bob-1", "o-1", 25_000, t0.plus(Duration.ofDays(1))));
            a.add(order(store, "ann", "ann-2", "o-2", 4500, t0.plus(Duration.ofDays(1))));
            a.add(order(store, "bob", "bob-2", "o-2", 300, t0));
            a.add(refund(store, "ann", "ann-3", "o-2", 4000, t0.plus(Duration.ofDays(2))));
            // cy: the same activity twice (a redelivery under another request id) and once more alone
            a.add(order(store, "cy", "cy-1", "o-1", 6000, t0));
            a.add(order(store, "cy", "cy-1", "o-1", 6000, t0));
            activity.add(a);
        }
        List<RecordQualifyingActivityResponse> one = activity.get(0).stream()
                .map(a -> tier.recordQualifyingActivity(a.build())).toList();
        RecordQualifyingActivitiesResponse all = batch(batched, activity.get(1));

        assertThat(all.getResultsCount()).isEqualTo(one.size());
        for (int i = 0; i < one.size(); i++) {
            assertThat(all.getResults(i).getCustomerTier()).as("answer %d", i)
                    .isEqualTo(inStore(one.get(i).getCustomerTier(), batched));
            assertThat(all.getResults(i).getChangesList()).extracting(TierChange::getToTierId)
                    .as("changes of answer %d", i).isEqualTo(one.get(i).getChangesList().stream()
                            .map(TierChange::getToTierId).toList());
        }
        assertThat(all.getResults(7)).as("a redelivery answers the first result").isEqualTo(all.getResults(6));
        for (String customer : customers) {
            assertThat(get(batched, customer)).as(customer).isEqualTo(inStore(get(alone, customer), batched));
            assertThat(timeline(batched, customer)).as(customer).isEqualTo(timeline(alone, customer));
            assertThat(entryRewardKeys(batched, customer)).as(customer).isEqualTo(entryRewardKeys(alone, customer));
            assertThat(tierChangesSent(batched, customer)).as(customer).hasSameSizeAs(tierChangesSent(alone, customer));
        }
        assertThat(get(batched, "bob").getTierId()).isEqualTo("platinum");
        assertThat(entryRewards(batched, "bob")).isEqualTo(2);
        assertThat(get(batched, "ann").getTierId()).isEqualTo("silver");
        assertThat(get(batched, "cy").getTierId()).isEqualTo("gold");
        assertThat(history(batched, "cy")).as("the redelivery changed nothing").hasSize(1);
    }

    @Test
    void aBatchReplaysWhatWasRecordedBeforeAndRecordsTheRestOnce() {
        String store = store(TierWindow.TIER_WINDOW_LIFETIME, "Europe/Paris");
        Instant at = now().minus(Duration.ofHours(1));
        RecordQualifyingActivityRequest.Builder first = order(store, "cust-1", "evt-1", "o-1", 5000, at);
        RecordQualifyingActivityResponse before = tier.recordQualifyingActivity(first.build());
        List<RecordQualifyingActivityRequest.Builder> activity = List.of(first,
                order(store, "cust-1", "evt-1", "o-1", 5000, at), order(store, "cust-1", "evt-2", "o-2", 700, at));

        RecordQualifyingActivitiesResponse answer = batch(store, activity);
        RecordQualifyingActivitiesResponse again = batch(store, activity);

        assertThat(answer.getResults(0)).as("a retry of a request").isEqualTo(before);
        assertThat(answer.getResults(1)).as("the activity under another request id").isEqualTo(before);
        assertThat(answer.getResults(2).getCustomerTier().getQualifyingValue()).isEqualTo(5700);
        assertThat(again).as("the batch retried").isEqualTo(answer);
        assertThat(get(store, "cust-1").getQualifyingValue()).isEqualTo(5700);
        assertThat(history(store, "cust-1")).hasSize(1);
    }

    @Test
    void aBatchWithOneBadActivityIsRefusedWholeNamingItAndRecordsNothing() {
        String store = store(TierWindow.TIER_WINDOW_LIFETIME, "Europe/Paris");
        Instant at = now().minus(Duration.ofHours(1));

        StatusRuntimeException currency = catchThrowableOfType(StatusRuntimeException.class, () -> batch(store, List.of(
                order(store, "good", "evt-1", "o-1", 5000, at),
                order(store, "bad", "evt-2", "o-2", 10, at).setAmount(Money.newBuilder().setAmountMinor(10)
                        .setCurrencyCode("USD")))));
        assertThat(currency.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(StatusDetails.badFields(currency)).containsExactly("activities[1].amount.currency_code");
        assertThat(get(store, "good").getQualifyingValue()).as("nothing of the batch was kept").isZero();

        // the contract's shape first (L-API-3), then the service's own rules, each naming the activity
        StatusRuntimeException shape = catchThrowableOfType(StatusRuntimeException.class, () -> batch(store, List.of(
                order(store, "c", "evt-3", "o-3", 10, at), order(store, "c", "evt-4", "o-4", 10, at).setCustomerId(""))));
        assertThat(shape.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(StatusDetails.badFields(shape)).containsExactly("activities[1].customer_id");
        StatusRuntimeException rules = catchThrowableOfType(StatusRuntimeException.class, () -> batch(store, List.of(
                order(newStore(), "c", "evt-4", "o-4", 10, at), order(store, "c", "evt-5", "", 10, at))));
        assertThat(rules.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(StatusDetails.badFields(rules)).containsExactlyInAnyOrder("activities[0].store_id",
                "activities[1].order_id");

        tier.recordQualifyingActivity(order(store, "c", "evt-6", "o-6", 100, at).build());
        StatusRuntimeException reused = catchThrowableOfType(StatusRuntimeException.class, () -> batch(store, List.of(
                order(store, "good", "evt-7", "o-7", 5000, at), order(store, "c", "evt-6", "o-6", 999, at))));
        assertThat(reused.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
        assertThat(StatusDetails.errorInfo(reused).orElseThrow().getReason()).isEqualTo("ACTIVITY_ALREADY_RECORDED");
        assertThat(StatusDetails.errorInfo(reused).orElseThrow().getMetadataMap()).containsEntry("item", "activities[1]");
        assertThat(get(store, "good").getQualifyingValue()).isZero();

        List<RecordQualifyingActivityRequest.Builder> tooMany = new ArrayList<>();
        for (int i = 0; i < 501; i++) {
            tooMany.add(order(store, "c" + i, "evt-many-" + i, "o", 1, at));
        }
        StatusRuntimeException size = catchThrowableOfType(StatusRuntimeException.class, () -> batch(store, tooMany));
        assertThat(StatusDetails.badFields(size)).containsExactly("activities");
        StatusRuntimeException none = catchThrowableOfType(StatusRuntimeException.class, () -> batch(store, List.of()));
        assertThat(StatusDetails.badFields(none)).containsExactly("activities");
    }

    @Test
    void r_tier_3_batchesOfOneCustomerAtOnceLoseNoActivity() throws Exception {
        String store = store(TierWindow.TIER_WINDOW_LIFETIME, "Europe/Paris");
        Instant at = now().minus(Duration.ofHours(1));
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<RecordQualifyingActivitiesResponse>> calls = new ArrayList<>();
            for (int b = 0; b < 6; b++) {
                List<RecordQualifyingActivityRequest.Builder> activity = new ArrayList<>();
                for (int c = 0; c < 10; c++) {
                    // the customers in another order in every other batch
                    int customer = b % 2 == 0 ? c : 9 - c;
                    activity.add(order(store, "c" + customer, "evt-" + b + "-" + customer, "o-" + b, 100, at));
                }
                calls.add(pool.submit(() -> batch(store, activity)));
            }
            for (Future<RecordQualifyingActivitiesResponse> call : calls) {
                call.get();
            }
        } finally {
            pool.shutdownNow();
        }
        for (int c = 0; c < 10; c++) {
            assertThat(get(store, "c" + c).getQualifyingValue()).as("c" + c).isEqualTo(600);
        }
    }

    /** Platform's default: array statements are planned once per connection, not re-planned on every call. */
    @Test
    void connectionsPlanEachStatementOnceWhateverItsValues() {
        String mode = fixtures.pool().query("SHOW plan_cache_mode").execute().await().indefinitely()
                .iterator().next().getString(0);
        assertThat(mode).isEqualTo("force_generic_plan");
    }

    @Test
    void badActivityNamesEveryBadField() {
        StatusRuntimeException empty = catchThrowableOfType(StatusRuntimeException.class,
                () -> tier.recordQualifyingActivity(RecordQualifyingActivityRequest.getDefaultInstance()));
        assertThat(empty.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(StatusDetails.badFields(empty))
                .containsExactly("request_id", "store_id", "customer_id", "activity_id", "kind", "occurred_at");

        StatusRuntimeException order = catchThrowableOfType(StatusRuntimeException.class,
                () -> tier.recordQualifyingActivity(RecordQualifyingActivityRequest.newBuilder().setRequestId(newId())
                        .setStoreId(newStore()).setCustomerId("c").setActivityId("a")
                        .setKind(QualifyingActivityKind.QUALIFYING_ACTIVITY_KIND_ORDER_REFUNDED).setPoints(5)
                        .setAmount(Money.newBuilder().setAmountMinor(0).setCurrencyCode("eur"))
                        .setOccurredAt(at(now())).build()));
        assertThat(StatusDetails.badFields(order)).containsExactlyInAnyOrder("order_id",
                "amount.currency_code", "amount.amount_minor", "points");

        // an impossible instant is refused by the shape step, before the service's own rules (L-API-3)
        StatusRuntimeException impossible = catchThrowableOfType(StatusRuntimeException.class,
                () -> tier.recordQualifyingActivity(order(newStore(), "c", "a", "o", 10, now())
                        .setOccurredAt(com.google.protobuf.Timestamp.newBuilder().setSeconds(Long.MAX_VALUE)).build()));
        assertThat(impossible.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(StatusDetails.badFields(impossible)).containsExactly("occurred_at");

        StatusRuntimeException points = catchThrowableOfType(StatusRuntimeException.class,
                () -> tier.recordQualifyingActivity(RecordQualifyingActivityRequest.newBuilder().setRequestId(newId())
                        .setStoreId(newStore()).setCustomerId("c").setActivityId("a")
                        .setKind(QualifyingActivityKind.QUALIFYING_ACTIVITY_KIND_POINTS_EARNED).setPoints(-1)
                        .setAmount(Money.newBuilder().setAmountMinor(10).setCurrencyCode("EUR"))
                        .setOccurredAt(at(now())).build()));
        // negative points break the contract (L-API-3), answered before the kind's own rules
        assertThat(StatusDetails.badFields(points)).containsExactly("points");
        points = catchThrowableOfType(StatusRuntimeException.class,
                () -> tier.recordQualifyingActivity(RecordQualifyingActivityRequest.newBuilder().setRequestId(newId())
                        .setStoreId(newStore()).setCustomerId("c").setActivityId("a")
                        .setKind(QualifyingActivityKind.QUALIFYING_ACTIVITY_KIND_POINTS_EARNED).setPoints(0)
                        .setAmount(Money.newBuilder().setAmountMinor(10).setCurrencyCode("EUR"))
                        .setOccurredAt(at(now())).build()));
        assertThat(StatusDetails.badFields(points)).containsExactlyInAnyOrder("points", "amount");

        StatusRuntimeException future = catchThrowableOfType(StatusRuntimeException.class,
                () -> tier.recordQualifyingActivity(order(newStore(), "c", "a", "o", 10,
                        now().plus(Duration.ofMinutes(6))).build()));
        assertThat(StatusDetails.badFields(future)).containsExactly("occurred_at");

        String store = store(TierWindow.TIER_WINDOW_LIFETIME, "Europe/Paris");
        StatusRuntimeException currency = catchThrowableOfType(StatusRuntimeException.class,
                () -> tier.recordQualifyingActivity(order(store, "c", "a", "o", 10, now())
                        .setAmount(Money.newBuilder().setAmountMinor(10).setCurrencyCode("USD")).build()));
        assertThat(currency.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(StatusDetails.badFields(currency)).containsExactly("amount.currency_code");
    }

    @Test
    void fuzzedActivityNeverAnswersInternal() {
        java.util.Random random = new java.util.Random(11);
        String store = store(TierWindow.TIER_WINDOW_CALENDAR_YEAR, "Europe/Paris");
        for (int i = 0; i < 60; i++) {
            RecordQualifyingActivityRequest.Builder r = RecordQualifyingActivityRequest.newBuilder()
                    .setRequestId(random.nextBoolean() ? newId() : "").setStoreId(random.nextInt(5) == 0 ? "" : store)
                    .setCustomerId("c" + random.nextInt(3)).setActivityId("a" + random.nextInt(40))
                    .setKindValue(random.nextInt(7)).setOrderId(random.nextBoolean() ? "o" + random.nextInt(4) : "")
                    .setPoints(random.nextInt(3) == 0 ? random.nextLong() : random.nextInt(5));
            if (random.nextBoolean()) {
                r.setAmount(Money.newBuilder().setAmountMinor(random.nextBoolean() ? random.nextLong() : random.nextInt(9000))
                        .setCurrencyCode(random.nextBoolean() ? "EUR" : "X"));
            }
            if (random.nextInt(4) != 0) {
                r.setOccurredAt(com.google.protobuf.Timestamp.newBuilder()
                        .setSeconds(random.nextBoolean() ? now().getEpochSecond() - random.nextInt(1_000_000)
                                : random.nextLong()));
            }
            try {
                tier.recordQualifyingActivity(r.build());
            } catch (StatusRuntimeException e) {
                assertThat(e.getStatus().getCode()).as(r.build().toString()).isIn(Status.Code.INVALID_ARGUMENT,
                        Status.Code.FAILED_PRECONDITION);
            }
        }
    }
}
