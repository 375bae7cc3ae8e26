package io.laurel.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.laurel.proto.common.v1.MilestoneMetric;
import io.laurel.proto.common.v1.PointsExpiryPolicy;
import io.laurel.proto.common.v1.PointsExpiryPolicyKind;
import io.laurel.proto.common.v1.FreeProductReward;
import io.laurel.proto.common.v1.RewardSpec;
import io.laurel.proto.program.v1.Milestone;
import io.laurel.proto.program.v1.MilestoneProgram;
import io.laurel.proto.program.v1.RefundPolicy;
import io.laurel.proto.progress.v1.MilestoneProgress;
import io.laurel.proto.progress.v1.MilestoneState;
import io.laurel.proto.progress.v1.ProgramProgress;
import io.laurel.proto.reward.v1.ListVouchersRequest;
import io.laurel.proto.reward.v1.VoucherServiceGrpc;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The milestone stories (issue 10 item 4), through the public contracts only. Each ends with the
 * suite settled: every outbox drained, nothing parked, CheckLedgerIntegrity clean.
 */
@ExtendWith(LaurelSuite.class)
class MilestoneStoriesTest {

    @Test
    void storeCreditRewardsTheFifthAndTheTenthOrder() throws Exception {
        Shop shop = Shop.open("store-credit", "America/New_York");
        MilestoneProgram program = shop.program(MilestoneProgram.newBuilder().setInternalName("5th and 10th order")
                .setTitle("Order 5 times, get $5; 10 times, $10").setMetric(MilestoneMetric.MILESTONE_METRIC_ORDER_COUNT)
                .setRefundPolicy(RefundPolicy.REFUND_POLICY_KEEP)
                .addMilestones(Shop.creditAt(5, 500)).addMilestones(Shop.creditAt(10, 1_000)));

        for (int i = 1; i <= 4; i++) {
            shop.ingest(shop.order("ben", "sc-" + i, 2_000));
        }
        shop.settleAndCheck();
        assertThat(shop.wallet("ben").getStoreCreditBalance().getAmountMinor()).as("nothing before the 5th").isZero();
        shop.ingest(shop.order("ben", "sc-5", 2_000));
        shop.settleAndCheck();
        assertThat(shop.progress("ben", program.getProgramId()).getCurrentValue()).isEqualTo(5);
        assertThat(shop.progress("ben", program.getProgramId()).getMilestonesList()).extracting(MilestoneProgress::getState)
                .startsWith(MilestoneState.MILESTONE_STATE_REACHED);
        assertThat(shop.wallet("ben").getStoreCreditBalance().getAmountMinor()).isEqualTo(500);
        for (int i = 6; i <= 12; i++) {
            shop.ingest(shop.order("ben", "sc-" + i, 2_000));
        }
        shop.settleAndCheck();

        assertThat(shop.wallet("ben").getStoreCreditBalance().getAmountMinor()).as("$5 + $10, each once").isEqualTo(1_500);
        ProgramProgress progress = shop.progress("ben", program.getProgramId());
        assertThat(progress.getCurrentValue()).isEqualTo(12);
        assertThat(progress.getMilestonesList()).extracting(MilestoneProgress::getState)
                .containsOnly(MilestoneState.MILESTONE_STATE_REACHED);
    }

    @Test
    void pointsMilestonesEndInAFreeProductBesideAReviewMilestoneAndAnInactivityProgramTheShopperNeverSees() throws Exception {
        Shop shop = Shop.open("points-ladder", "Europe/Paris");
        MilestoneProgram ladder = shop.program(MilestoneProgram.newBuilder().setInternalName("ladder")
                .setTitle("Order more, earn more").setMetric(MilestoneMetric.MILESTONE_METRIC_ORDER_COUNT)
                .setRefundPolicy(RefundPolicy.REFUND_POLICY_KEEP)
                .setPointsExpiry(PointsExpiryPolicy.newBuilder().setKind(PointsExpiryPolicyKind.POINTS_EXPIRY_POLICY_KIND_STORE_DEFAULT))
                .addMilestones(Shop.pointsAt(2, 100)).addMilestones(Shop.pointsAt(4, 250))
                .addMilestones(Milestone.newBuilder().setTarget(6).setReward(RewardSpec.newBuilder()
                        .setFreeProduct(FreeProductReward.newBuilder().setProductId("mug").setQuantity(1)))));
        MilestoneProgram reviews = shop.program(MilestoneProgram.newBuilder().setInternalName("first review")
                .setTitle("Review a product").setMetric(MilestoneMetric.MILESTONE_METRIC_REVIEW_COUNT)
                .setRefundPolicy(RefundPolicy.REFUND_POLICY_KEEP).addMilestones(Shop.pointsAt(1, 50)));
        MilestoneProgram winBack = shop.program(MilestoneProgram.newBuilder().setInternalName("win back")
                .setTitle("We miss you").setMetric(MilestoneMetric.MILESTONE_METRIC_INACTIVITY_DAYS)
                .setHiddenFromShoppers(true).setRefundPolicy(RefundPolicy.REFUND_POLICY_KEEP)
                .addMilestones(Shop.pointsAt(60, 300)));

        for (int i = 1; i <= 6; i++) {
            shop.ingest(shop.order("cleo", "pl-" + i, 3_000));
        }
        shop.ingest(shop.review("cleo", "r-1"), shop.review("cleo", "r-1"));
        shop.settleAndCheck();

        assertThat(shop.wallet("cleo").getPointsBalance()).as("100 + 250 + 50 milestone points plus base earning")
                .isGreaterThanOrEqualTo(400);
        assertThat(VoucherServiceGrpc.newBlockingStub(shop.channel("reward")).listVouchers(ListVouchersRequest.newBuilder()
                .setStoreId(shop.store).setCustomerId("cleo").build()).getVouchersList()).hasSize(1);
        assertThat(shop.progress("cleo", reviews.getProgramId()).getCurrentValue()).as("one review, sent twice").isEqualTo(1);
        assertThat(shop.shopperView("cleo")).extracting(ProgramProgress::getProgramId)
                .contains(ladder.getProgramId(), reviews.getProgramId()).doesNotContain(winBack.getProgramId());

        // sixty days without an order: the hidden inactivity program pays, once
        long before = shop.wallet("cleo").getPointsBalance();
        shop.suite.clock().advance(Duration.ofDays(61));
        // the scan runs when progress-service sees the clock move (platform TimeDrivenJobs), not at once
        await().atMost(Shop.PROPAGATION).untilAsserted(() ->
                assertThat(shop.wallet("cleo").getPointsBalance()).isEqualTo(before + 300));
        shop.settleAndCheck();
    }

    @Test
    void oneLargeOrderCrossesTwoSpendMilestonesAndThePointsItEarnsCrossAPointsMilestone() throws Exception {
        Shop shop = Shop.open("spend", "Asia/Tokyo");
        MilestoneProgram spend = shop.program(MilestoneProgram.newBuilder().setInternalName("spend")
                .setTitle("Spend $100, then $200").setMetric(MilestoneMetric.MILESTONE_METRIC_AMOUNT_SPENT)
                .setRefundPolicy(RefundPolicy.REFUND_POLICY_KEEP)
                .addMilestones(Shop.creditAt(10_000, 500)).addMilestones(Shop.creditAt(20_000, 1_000)));
        MilestoneProgram earned = shop.program(MilestoneProgram.newBuilder().setInternalName("earned")
                .setTitle("Earn 200 points").setMetric(MilestoneMetric.MILESTONE_METRIC_POINTS_EARNED)
                .setRefundPolicy(RefundPolicy.REFUND_POLICY_KEEP).addMilestones(Shop.creditAt(200, 300)));

        shop.ingest(shop.order("dan", "big-1", 25_000));
        shop.settleAndCheck();

        assertThat(shop.progress("dan", spend.getProgramId()).getMilestonesList()).extracting(MilestoneProgress::getState)
                .containsOnly(MilestoneState.MILESTONE_STATE_REACHED);
        assertThat(shop.progress("dan", earned.getProgramId()).getMilestonesList()).extracting(MilestoneProgress::getState)
                .containsOnly(MilestoneState.MILESTONE_STATE_REACHED);
        assertThat(shop.wallet("dan").getStoreCreditBalance().getAmountMinor()).isEqualTo(500 + 1_000 + 300);
    }

    @Test
    void orderRefundReorderCyclesFarmNeitherRewardsNorBasePoints() throws Exception {
        Shop shop = Shop.open("no-farming", "UTC");
        MilestoneProgram program = shop.program(MilestoneProgram.newBuilder().setInternalName("second order")
                .setTitle("Your 2nd order: 100 points").setMetric(MilestoneMetric.MILESTONE_METRIC_ORDER_COUNT)
                .setRefundPolicy(RefundPolicy.REFUND_POLICY_CLAW_BACK_UNSPENT).addMilestones(Shop.pointsAt(2, 100)));

        shop.ingest(shop.order("eve", "f-1", 5_000));
        for (int cycle = 1; cycle <= 3; cycle++) {
            shop.ingest(shop.order("eve", "f-r" + cycle, 5_000));
            shop.ingest(shop.refund("eve", "f-r" + cycle, "rf-" + cycle, 5_000, true));
        }
        shop.settleAndCheck();

        // one kept order: base points for $50 at 1 point per unit, no milestone kept
        assertThat(shop.wallet("eve").getPointsBalance()).isEqualTo(50);
        assertThat(shop.progress("eve", program.getProgramId()).getCurrentValue()).isEqualTo(1);
        shop.ingest(shop.order("eve", "f-final", 5_000));
        shop.settleAndCheck();
        assertThat(shop.wallet("eve").getPointsBalance()).as("the milestone is reached once, never again")
                .isLessThanOrEqualTo(50 + 50 + 100);
    }
}
