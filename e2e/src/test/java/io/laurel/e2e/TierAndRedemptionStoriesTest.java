package io.laurel.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.Timestamp;
import io.grpc.StatusRuntimeException;
import io.laurel.proto.program.v1.Tier;
import io.laurel.proto.program.v1.TierCriterion;
import io.laurel.proto.program.v1.TierPerks;
import io.laurel.proto.program.v1.TierProgram;
import io.laurel.proto.program.v1.TierWindow;
import io.laurel.proto.progress.v1.CustomerEvent;
import io.laurel.proto.progress.v1.CustomerUpdated;
import io.laurel.proto.progress.v1.EventOutcome;
import io.laurel.proto.progress.v1.EventResult;
import io.laurel.proto.reward.v1.AdjustPointsRequest;
import io.laurel.proto.reward.v1.LedgerServiceGrpc;
import io.laurel.proto.reward.v1.RedemptionServiceGrpc;
import io.laurel.proto.reward.v1.ReserveRedemptionRequest;
import io.laurel.proto.tier.v1.AssignTierRequest;
import io.laurel.proto.tier.v1.TierServiceGrpc;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The VIP tier and checkout stories (issue 10 item 4), through the public contracts only. */
@ExtendWith(LaurelSuite.class)
class TierAndRedemptionStoriesTest {

    private static final String NEEDS_TIER_FLOW = "needs issue 9 (tier: qualifying activity, windows, entry rewards) "
            + "and issue 8 (reward: EarnForOrder at the tier multiplier, RecordTierChange)";

    @Test
    void baseEarningFollowsTheTierMultiplierAndTheTierLiftingOrderEarnsAtTheOldRate() throws Exception {
        Shop shop = Shop.open("tier-rate", "UTC");
        TierProgram vip = shop.tierProgram(TierCriterion.TIER_CRITERION_POINTS_EARNED, TierWindow.TIER_WINDOW_LIFETIME,
                Shop.tier("silver", 100, 20_000, 0));

        shop.ingest(shop.order("fay", "tr-1", 15_000));   // 150 points at ×1 lifts fay to Silver
        shop.settleAndCheck();
        assertThat(shop.wallet("fay").getPointsBalance()).as("the lifting order earns at the old rate").isEqualTo(150);
        assertThat(shop.tierOf("fay").getTierId()).isEqualTo("silver");
        shop.ingest(shop.order("fay", "tr-2", 10_000));   // ×2 now
        shop.settleAndCheck();
        assertThat(shop.wallet("fay").getPointsBalance()).isEqualTo(150 + 200);
        assertThat(vip.getTiersCount()).isEqualTo(1);
    }

    @Test
    void pointsTiersOverA365DayWindowThatRestartsAtUpgradeAndEntryRewardsForSkippedTiersPaidOnce() throws Exception {
        Shop shop = Shop.open("tier-365", "UTC");
        shop.tierProgram(TierCriterion.TIER_CRITERION_POINTS_EARNED, TierWindow.TIER_WINDOW_ROLLING_365_DAYS_FROM_UPGRADE,
                Shop.tier("silver", 100, 10_000, 10), Shop.tier("gold", 500, 10_000, 50));

        grant(shop, "gus", 600);   // skips Silver: both entry rewards, once each
        shop.settleAndCheck();
        assertThat(shop.tierOf("gus").getTierId()).isEqualTo("gold");
        assertThat(shop.wallet("gus").getPointsBalance()).isEqualTo(600 + 10 + 50);
        grant(shop, "gus", 1);
        shop.settleAndCheck();
        assertThat(shop.wallet("gus").getPointsBalance()).as("entry rewards are not paid again").isEqualTo(661);

        shop.suite.clock().advance(Duration.ofDays(366));   // the window since the upgrade closed with nothing earned
        // the period-end job runs when tier-service sees the clock move (platform TimeDrivenJobs)
        await().atMost(Shop.PROPAGATION).untilAsserted(() ->
                assertThat(shop.tierOf("gus").getTierId()).as("downgraded after the window").isNotEqualTo("gold"));
        shop.settleAndCheck();
    }

    @Test
    void spendTiersByCalendarYearInAFarFromUtcTimeZone() throws Exception {
        Shop shop = Shop.open("tier-year", "Pacific/Kiritimati");   // UTC+14
        shop.tierProgram(TierCriterion.TIER_CRITERION_AMOUNT_SPENT, TierWindow.TIER_WINDOW_CALENDAR_YEAR,
                Shop.tier("gold", 10_000, 10_000, 0));
        // the clock to 31 Dec 11:00 UTC: already 1 January 01:00 in the store
        int year = shop.suite.clock().now().atZone(java.time.ZoneOffset.UTC).getYear();
        shop.suite.clock().set(Instant.parse((year + 1) + "-12-31T11:00:00Z"));
        // the services read the clock file every 100 ms: until they see the jump, this order is in their future
        Thread.sleep(300);
        assertThat(shop.ingest(shop.order("hal", "ty-1", 10_000)).getResultsList()).extracting(EventResult::getOutcome)
                .containsExactly(EventOutcome.EVENT_OUTCOME_ACCEPTED);
        shop.settleAndCheck();
        assertThat(shop.tierOf("hal").getTierId()).isEqualTo("gold");
        assertThat(shop.tierOf("hal").getPeriodStartTime().getSeconds())
                .as("the store's year began at local midnight").isEqualTo(Instant.parse((year + 1) + "-12-31T10:00:00Z").getEpochSecond());
    }

    @Test
    void tagTiersAndAManualTierWithAnEndDate() throws Exception {
        Shop shop = Shop.open("tier-tag", "UTC");
        // tags have no window: it stays unset
        TierProgram vip = shop.tierProgram(TierCriterion.TIER_CRITERION_CUSTOMER_TAG, TierWindow.TIER_WINDOW_UNSPECIFIED,
                Tier.newBuilder().setTierId("insider").setName("Insider").setTag("insider").setRank(1)
                        .setPerks(TierPerks.newBuilder().setEarningMultiplierBps(10_000)).build(),
                Tier.newBuilder().setTierId("press").setName("Press").setTag("press").setRank(2)
                        .setPerks(TierPerks.newBuilder().setEarningMultiplierBps(10_000)).build());
        shop.ingest(CustomerEvent.newBuilder().setEventId("tags-1").setStoreId(shop.store).setCustomerId("ivy")
                .setOccurredAt(shop.now()).setCustomerUpdated(CustomerUpdated.newBuilder().addTags("insider")).build());
        shop.settleAndCheck();
        assertThat(shop.tierOf("ivy").getTierId()).isEqualTo("insider");

        Instant end = shop.suite.clock().now().plus(Duration.ofDays(30));
        TierServiceGrpc.newBlockingStub(shop.channel("tier")).assignTier(AssignTierRequest.newBuilder()
                .setRequestId(Shop.requestId()).setStoreId(shop.store).setCustomerId("ivy").setTierId("press")
                .setReason("launch event").setActor(Shop.STAFF)
                .setEndTime(Timestamp.newBuilder().setSeconds(end.getEpochSecond())).build());
        assertThat(shop.tierOf("ivy").getTierId()).isEqualTo("press");
        shop.suite.clock().advance(Duration.ofDays(31));
        await().atMost(Shop.PROPAGATION).untilAsserted(() ->
                assertThat(shop.tierOf("ivy").getTierId()).as("back to the tag's tier after the end date").isEqualTo("insider"));
        shop.settleAndCheck();
        assertThat(vip.getTiersCount()).isEqualTo(2);
    }

    @Test
    void redemptionAtCheckoutUnderConcurrencyNeverSpendsAPointTwice() throws Exception {
        Shop shop = Shop.open("redeem", "UTC");
        grant(shop, "jo", 1_000);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Boolean>> checkouts = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                String checkout = "co-" + i;
                checkouts.add(() -> {
                    try {
                        RedemptionServiceGrpc.newBlockingStub(shop.channel("reward")).reserveRedemption(
                                ReserveRedemptionRequest.newBuilder().setRequestId(Shop.requestId()).setStoreId(shop.store)
                                        .setCustomerId("jo").setCheckoutId(checkout).setPoints(300).build());
                        return true;
                    } catch (StatusRuntimeException refused) {
                        return false;
                    }
                });
            }
            long reserved = 0;
            for (Future<Boolean> f : pool.invokeAll(checkouts)) {
                reserved += f.get() ? 1 : 0;
            }
            assertThat(reserved).as("1,000 points hold three reservations of 300").isEqualTo(3);
            assertThat(shop.wallet("jo").getAvailablePoints()).isEqualTo(100);
        } finally {
            pool.shutdownNow();
        }
        shop.settleAndCheck();
    }

    private static void grant(Shop shop, String customer, long points) {
        LedgerServiceGrpc.newBlockingStub(shop.channel("reward")).adjustPoints(AdjustPointsRequest.newBuilder()
                .setRequestId(Shop.requestId()).setStoreId(shop.store).setCustomerId(customer).setPointsDelta(points)
                .setReason("story").setActor(Shop.STAFF).build());
    }
}
