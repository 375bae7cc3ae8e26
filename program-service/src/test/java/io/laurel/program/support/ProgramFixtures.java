package io.laurel.program.support;

import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.laurel.platform.error.StatusDetails;
import io.laurel.proto.common.v1.FreeProductReward;
import io.laurel.proto.common.v1.MilestoneMetric;
import io.laurel.proto.common.v1.Money;
import io.laurel.proto.common.v1.PointsExpiryPolicy;
import io.laurel.proto.common.v1.PointsExpiryPolicyKind;
import io.laurel.proto.common.v1.PointsReward;
import io.laurel.proto.common.v1.RewardSpec;
import io.laurel.proto.common.v1.StoreCreditReward;
import io.laurel.proto.program.v1.Milestone;
import io.laurel.proto.program.v1.MilestoneProgram;
import io.laurel.proto.program.v1.StoreSettings;
import io.laurel.proto.program.v1.StoreSettingsServiceGrpc.StoreSettingsServiceBlockingStub;
import io.laurel.proto.program.v1.Tier;
import io.laurel.proto.program.v1.TierCriterion;
import io.laurel.proto.program.v1.TierPerks;
import io.laurel.proto.program.v1.TierProgram;
import io.laurel.proto.program.v1.TierWindow;
import io.laurel.proto.program.v1.UpdateStoreSettingsRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/** The product brief's example programs, small builders and call helpers shared by the endpoint tests. */
public final class ProgramFixtures {

    private ProgramFixtures() {
    }

    /** A new store with settings (USD, New York), as every program needs. */
    public static String configuredStore(StoreSettingsServiceBlockingStub settings) {
        String store = newStore();
        settings.updateStoreSettings(UpdateStoreSettingsRequest.newBuilder().setRequestId(requestId())
                .setStoreId(store).setSettings(usdSettings()).build());
        return store;
    }

    public static StatusRuntimeException failure(Runnable call) {
        return catchThrowableOfType(StatusRuntimeException.class, call::run);
    }

    public static String reason(StatusRuntimeException e) {
        return StatusDetails.errorInfo(e).orElseThrow().getReason();
    }

    /** Runs the calls at the same time; each one's status code (OK when it returned), in order. */
    public static List<Status.Code> concurrently(List<Runnable> calls) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(calls.size());
        try {
            List<Future<Status.Code>> outcomes = new ArrayList<>();
            for (Runnable call : calls) {
                outcomes.add(threads.submit(() -> {
                    try {
                        call.run();
                        return Status.Code.OK;
                    } catch (StatusRuntimeException e) {
                        return e.getStatus().getCode();
                    }
                }));
            }
            List<Status.Code> codes = new ArrayList<>();
            for (Future<Status.Code> outcome : outcomes) {
                codes.add(outcome.get(30, TimeUnit.SECONDS));
            }
            return codes;
        } finally {
            threads.shutdownNow();
        }
    }

    public static String newStore() {
        return "store-" + UUID.randomUUID();
    }

    public static String requestId() {
        return UUID.randomUUID().toString();
    }

    public static StoreSettings usdSettings() {
        return StoreSettings.newBuilder()
                .setCurrencyCode("USD")
                .setTimeZone("America/New_York")
                .setDefaultPointsExpiry(PointsExpiryPolicy.newBuilder()
                        .setKind(PointsExpiryPolicyKind.POINTS_EXPIRY_POLICY_KIND_NEVER))
                .setBaseEarningRateMilli(1000)
                .setPointValueMinorMilli(1000)
                .build();
    }

    public static RewardSpec points(long points) {
        return RewardSpec.newBuilder().setPoints(PointsReward.newBuilder().setFixedPoints(points)).build();
    }

    public static RewardSpec percentPoints(int bps) {
        return RewardSpec.newBuilder().setPoints(PointsReward.newBuilder().setPercentOfOrderBps(bps)).build();
    }

    public static RewardSpec credit(long minor, String currency) {
        return RewardSpec.newBuilder().setStoreCredit(StoreCreditReward.newBuilder()
                .setFixedAmount(Money.newBuilder().setAmountMinor(minor).setCurrencyCode(currency))).build();
    }

    public static RewardSpec freeProduct(String productId, int quantity) {
        return RewardSpec.newBuilder().setFreeProduct(FreeProductReward.newBuilder()
                .setProductId(productId).setQuantity(quantity)).build();
    }

    public static Milestone milestone(long target, RewardSpec reward) {
        return Milestone.newBuilder().setTarget(target).setReward(reward).build();
    }

    public static PointsExpiryPolicy storeDefaultExpiry() {
        return PointsExpiryPolicy.newBuilder().setKind(PointsExpiryPolicyKind.POINTS_EXPIRY_POLICY_KIND_STORE_DEFAULT)
                .build();
    }

    /** "5 orders → 100 points, 20 orders → 500 points, 30 orders → a free shirt". */
    public static MilestoneProgram ordersToPointsAndShirt() {
        return MilestoneProgram.newBuilder()
                .setInternalName("Order milestones 2026")
                .setTitle("Shop more, earn more")
                .setMetric(MilestoneMetric.MILESTONE_METRIC_ORDER_COUNT)
                .addMilestones(milestone(5, points(100)))
                .addMilestones(milestone(20, points(500)))
                .addMilestones(milestone(30, freeProduct("shirt-1", 1)))
                .setPointsExpiry(storeDefaultExpiry())
                .build();
    }

    /** "store credit $10 at the 5th order, $25 at the 10th". */
    public static MilestoneProgram storeCreditAtOrders() {
        return MilestoneProgram.newBuilder()
                .setInternalName("Store credit for loyal customers")
                .setMetric(MilestoneMetric.MILESTONE_METRIC_ORDER_COUNT)
                .addMilestones(milestone(5, credit(1000, "USD")))
                .addMilestones(milestone(10, credit(2500, "USD")))
                .setPointsExpiry(PointsExpiryPolicy.newBuilder()
                        .setKind(PointsExpiryPolicyKind.POINTS_EXPIRY_POLICY_KIND_AFTER_DAYS).setDays(90))
                .build();
    }

    public static Tier tier(String id, String name, long threshold, int multiplierBps) {
        return Tier.newBuilder().setTierId(id).setName(name).setThreshold(threshold)
                .setPerks(TierPerks.newBuilder().setEarningMultiplierBps(multiplierBps)).build();
    }

    /** "Gold at 1,000 points, Platinum at 5,000, over 365 days from the last upgrade". */
    public static TierProgram goldPlatinum() {
        return TierProgram.newBuilder()
                .setInternalName("VIP 2026")
                .setCriterion(TierCriterion.TIER_CRITERION_POINTS_EARNED)
                .setWindow(TierWindow.TIER_WINDOW_ROLLING_365_DAYS_FROM_UPGRADE)
                .addTiers(tier("gold", "Gold", 1000, 15000).toBuilder()
                        .setPerks(TierPerks.newBuilder().setEarningMultiplierBps(15000)
                                .setEntryReward(points(200))
                                .setEntryRewardExpiry(storeDefaultExpiry())
                                .addBenefits("Free shipping")))
                .addTiers(tier("platinum", "Platinum", 5000, 20000).toBuilder()
                        .setPerks(TierPerks.newBuilder().setEarningMultiplierBps(20000)
                                .addBenefits("Free shipping").addBenefits("Early access")))
                .build();
    }
}
