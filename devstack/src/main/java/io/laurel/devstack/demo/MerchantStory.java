package io.laurel.devstack.demo;

import com.google.protobuf.Timestamp;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.laurel.devstack.DemoScenario;
import io.laurel.devstack.Suite;
import io.laurel.proto.common.v1.Actor;
import io.laurel.proto.common.v1.ActorKind;
import io.laurel.proto.common.v1.MilestoneMetric;
import io.laurel.proto.common.v1.Money;
import io.laurel.proto.common.v1.PointsExpiryPolicy;
import io.laurel.proto.common.v1.PointsExpiryPolicyKind;
import io.laurel.proto.common.v1.PointsReward;
import io.laurel.proto.common.v1.RewardSpec;
import io.laurel.proto.common.v1.StoreCreditReward;
import io.laurel.proto.platform.v1.ListParkedMessagesRequest;
import io.laurel.proto.platform.v1.OutboxServiceGrpc;
import io.laurel.proto.progress.v1.CustomerEvent;
import io.laurel.proto.progress.v1.GetCustomerProgressRequest;
import io.laurel.proto.progress.v1.IngestEventsRequest;
import io.laurel.proto.progress.v1.MilestoneProgress;
import io.laurel.proto.progress.v1.MilestoneState;
import io.laurel.proto.progress.v1.OrderCompleted;
import io.laurel.proto.progress.v1.ProgramProgress;
import io.laurel.proto.progress.v1.ProgressServiceGrpc;
import io.laurel.proto.progress.v1.ReviewPublished;
import io.laurel.proto.program.v1.ActivateMilestoneProgramRequest;
import io.laurel.proto.program.v1.ActivateTierProgramRequest;
import io.laurel.proto.program.v1.CreateMilestoneProgramRequest;
import io.laurel.proto.program.v1.CreateTierProgramRequest;
import io.laurel.proto.program.v1.Milestone;
import io.laurel.proto.program.v1.MilestoneProgram;
import io.laurel.proto.program.v1.MilestoneProgramServiceGrpc;
import io.laurel.proto.program.v1.RefundPolicy;
import io.laurel.proto.program.v1.StoreSettings;
import io.laurel.proto.program.v1.StoreSettingsServiceGrpc;
import io.laurel.proto.program.v1.Tier;
import io.laurel.proto.program.v1.TierCriterion;
import io.laurel.proto.program.v1.TierPerks;
import io.laurel.proto.program.v1.TierProgram;
import io.laurel.proto.program.v1.TierProgramServiceGrpc;
import io.laurel.proto.program.v1.TierWindow;
import io.laurel.proto.program.v1.UpdateStoreSettingsRequest;
import io.laurel.proto.reward.v1.AdjustPointsRequest;
import io.laurel.proto.reward.v1.GetBalanceRequest;
import io.laurel.proto.reward.v1.GetBalanceResponse;
import io.laurel.proto.reward.v1.LedgerServiceGrpc;
import io.laurel.proto.reward.v1.Redemption;
import io.laurel.proto.reward.v1.RedemptionServiceGrpc;
import io.laurel.proto.reward.v1.ReserveRedemptionRequest;
import io.laurel.proto.tier.v1.CustomerTier;
import io.laurel.proto.tier.v1.GetCustomerTierRequest;
import io.laurel.proto.tier.v1.TierServiceGrpc;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * What {@code ./laurel up} shows: a merchant's story. Maple &amp; Co. configures its store, a
 * "3rd order" points milestone, a "first review" store-credit milestone and Silver/Gold VIP tiers;
 * Ada orders, reviews, climbs a tier and redeems at checkout, and a month passes on the suite's
 * clock. After each step the story prints what changed in her points, store credit, progress and
 * tier — each read from the service that owns it. A step whose service does not serve it yet
 * (UNIMPLEMENTED) is shown as such and the story goes on.
 */
public final class MerchantStory implements DemoScenario {

    private static final Duration SETTLE = Duration.ofSeconds(20);
    private static final Actor MERCHANT = Actor.newBuilder().setKind(ActorKind.ACTOR_KIND_MERCHANT_STAFF)
            .setId("maple-owner").setDisplayName("Maple & Co. owner").build();

    private PrintStream out;
    private Suite suite;
    private String store;
    private final List<ManagedChannel> channels = new ArrayList<>();
    private Snapshot last = Snapshot.EMPTY;

    @Override
    public String name() {
        return "merchant-story";
    }

    @Override
    public void run(Suite suite) throws Exception {
        this.suite = suite;
        this.out = suite.out();
        this.store = "maple-" + Instant.now().getEpochSecond();
        String ada = "ada";
        try {
            out.println();
            out.println("  Maple & Co. (store " + store + ") sets up its loyalty programme");
            configure();

            order(ada, "1001", 4_200, "Ada's first order, $42.00");
            order(ada, "1002", 3_500, "Ada's second order, $35.00");
            order(ada, "1003", 6_000, "Ada's third order, $60.00 — the \"3rd order\" milestone");
            step("Ada reviews the teapot she bought — the \"first review\" milestone", () -> {
                ingest(CustomerEvent.newBuilder().setEventId("review-r1").setStoreId(store).setCustomerId(ada)
                        .setOccurredAt(now()).setReviewPublished(ReviewPublished.newBuilder().setReviewId("r1").setProductId("teapot"))
                        .build());
                return null;
            });
            show(ada);
            step("Maple thanks Ada with 400 points by hand (lifts her to Silver at 500 points)", () ->
                    LedgerServiceGrpc.newBlockingStub(channel("reward")).adjustPoints(AdjustPointsRequest.newBuilder()
                            .setRequestId(UUID.randomUUID().toString()).setStoreId(store).setCustomerId(ada).setPointsDelta(400)
                            .setReason("thank-you note").setActor(MERCHANT).build()));
            show(ada);
            step("At checkout Ada redeems 200 points", () -> {
                Redemption r = RedemptionServiceGrpc.newBlockingStub(channel("reward")).reserveRedemption(
                        ReserveRedemptionRequest.newBuilder().setRequestId(UUID.randomUUID().toString()).setStoreId(store)
                                .setCustomerId(ada).setCheckoutId("checkout-2001").setPoints(200).build()).getRedemption();
                out.println("      reserved: " + money(r.getTotalDiscount()) + " off order 2001");
                return r;
            });
            show(ada);
            step("A month passes (./laurel clock advance P30D)", () -> {
                Instant now = suite.clock().advance(Duration.ofDays(30));
                out.println("      Laurel time is now " + now);
                return now;
            });
            show(ada);
            parked();
        } finally {
            for (ManagedChannel channel : channels) {
                channel.shutdownNow().awaitTermination(2, TimeUnit.SECONDS);
            }
        }
    }

    private void configure() throws Exception {
        step("Settings: US dollars, New York time, 1 point per dollar, points last a year", () ->
                StoreSettingsServiceGrpc.newBlockingStub(channel("program")).updateStoreSettings(UpdateStoreSettingsRequest.newBuilder()
                        .setRequestId(UUID.randomUUID().toString()).setStoreId(store).setExpectedVersion(0)
                        .setSettings(StoreSettings.newBuilder().setCurrencyCode("USD").setTimeZone("America/New_York")
                                .setDefaultPointsExpiry(PointsExpiryPolicy.newBuilder()
                                        .setKind(PointsExpiryPolicyKind.POINTS_EXPIRY_POLICY_KIND_AFTER_DAYS).setDays(365))
                                .setBaseEarningRateMilli(1000).setPointValueMinorMilli(10_000))
                        .build()));
        step("Milestone \"3rd order\": 100 points", () -> milestoneProgram("3rd order", MilestoneMetric.MILESTONE_METRIC_ORDER_COUNT,
                Milestone.newBuilder().setTarget(3).setReward(RewardSpec.newBuilder()
                        .setPoints(PointsReward.newBuilder().setFixedPoints(100))).build()));
        step("Milestone \"first review\": $5.00 store credit", () -> milestoneProgram("first review",
                MilestoneMetric.MILESTONE_METRIC_REVIEW_COUNT, Milestone.newBuilder().setTarget(1).setReward(RewardSpec.newBuilder()
                        .setStoreCredit(StoreCreditReward.newBuilder().setFixedAmount(usd(500)))).build()));
        step("VIP tiers by points over 365 days: Silver at 500 (×1.25 earning), Gold at 2,000 (×1.5)", () -> {
            var tiers = TierProgramServiceGrpc.newBlockingStub(channel("program"));
            TierProgram created = tiers.createTierProgram(CreateTierProgramRequest.newBuilder()
                    .setRequestId(UUID.randomUUID().toString()).setStoreId(store)
                    .setTierProgram(TierProgram.newBuilder().setInternalName("VIP").setCriterion(TierCriterion.TIER_CRITERION_POINTS_EARNED)
                            .setWindow(TierWindow.TIER_WINDOW_ROLLING_365_DAYS_FROM_UPGRADE)
                            .addTiers(Tier.newBuilder().setTierId("silver").setName("Silver").setThreshold(500)
                                    .setPerks(TierPerks.newBuilder().setEarningMultiplierBps(12_500).addBenefits("free shipping")))
                            .addTiers(Tier.newBuilder().setTierId("gold").setName("Gold").setThreshold(2_000)
                                    .setPerks(TierPerks.newBuilder().setEarningMultiplierBps(15_000).addBenefits("free shipping")
                                            .addBenefits("early access"))))
                    .build()).getTierProgram();
            return tiers.activateTierProgram(ActivateTierProgramRequest.newBuilder().setRequestId(UUID.randomUUID().toString())
                    .setStoreId(store).setTierProgramId(created.getTierProgramId()).setExpectedVersion(created.getVersion())
                    .build()).getTierProgram();
        });
        // the other services learn the configuration through program-service's feed: the first order
        // must find both milestone programs in progress-service, or it would not count in them
        awaitUntil(() -> balance("ada") != null && tier("ada") != null && programsKnown("ada") == 2);
    }

    private MilestoneProgram milestoneProgram(String name, MilestoneMetric metric, Milestone milestone) {
        var programs = MilestoneProgramServiceGrpc.newBlockingStub(channel("program"));
        MilestoneProgram created = programs.createMilestoneProgram(CreateMilestoneProgramRequest.newBuilder()
                .setRequestId(UUID.randomUUID().toString()).setStoreId(store)
                .setMilestoneProgram(MilestoneProgram.newBuilder().setInternalName(name).setTitle(name).setMetric(metric)
                        .setRefundPolicy(RefundPolicy.REFUND_POLICY_KEEP).addMilestones(milestone)
                        .setPointsExpiry(PointsExpiryPolicy.newBuilder().setKind(PointsExpiryPolicyKind.POINTS_EXPIRY_POLICY_KIND_STORE_DEFAULT)))
                .build()).getMilestoneProgram();
        return programs.activateMilestoneProgram(ActivateMilestoneProgramRequest.newBuilder()
                .setRequestId(UUID.randomUUID().toString()).setStoreId(store).setProgramId(created.getProgramId())
                .setExpectedVersion(created.getVersion()).build()).getMilestoneProgram();
    }

    private void order(String customer, String orderId, long cents, String what) throws Exception {
        step(what, () -> {
            ingest(CustomerEvent.newBuilder().setEventId("order-" + orderId).setStoreId(store).setCustomerId(customer)
                    .setOccurredAt(now()).setOrderCompleted(OrderCompleted.newBuilder().setOrderId(orderId).setAmount(usd(cents)))
                    .build());
            return null;
        });
        show(customer);
    }

    private void ingest(CustomerEvent event) {
        ProgressServiceGrpc.newBlockingStub(channel("progress")).ingestEvents(IngestEventsRequest.newBuilder()
                .setRequestId(UUID.randomUUID().toString()).setStoreId(store).addEvents(event).build());
    }

    /** Runs one step of the story and prints it; a step not served yet is said so, not fatal. */
    private void step(String what, Callable<?> call) throws Exception {
        out.println("  • " + what);
        try {
            call.call();
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() != Status.Code.UNIMPLEMENTED) {
                throw e;
            }
            out.println("      (not served yet: " + e.getStatus().getDescription() + ")");
        }
    }

    /** Prints what changed for {@code customer} since the last look, once the suite has settled. */
    private void show(String customer) throws InterruptedException {
        Snapshot now = Snapshot.EMPTY;
        long deadline = System.nanoTime() + SETTLE.toNanos();
        // the rewards follow through the outboxes (service to service, sometimes two hops): look until
        // four reads in a row, 1.2 s in all, agree
        Snapshot previous = null;
        int agreeing = 0;
        while (System.nanoTime() < deadline) {
            now = new Snapshot(balance(customer), progress(customer), tier(customer));
            agreeing = now.equals(previous) ? agreeing + 1 : 0;
            if (agreeing == 3) {
                break;
            }
            previous = now;
            Thread.sleep(400);
        }
        List<String> changes = now.changesSince(last);
        out.println(changes.isEmpty() ? "      nothing changed" : "      " + String.join("\n      ", changes));
        last = now;
    }

    private void parked() {
        long parked = 0;
        for (String area : List.of("program", "progress", "reward", "tier")) {
            parked += OutboxServiceGrpc.newBlockingStub(channel(area))
                    .listParkedMessages(ListParkedMessagesRequest.getDefaultInstance()).getMessagesCount();
        }
        out.println("  Messages between the services: " + (parked == 0 ? "all delivered, none parked"
                : parked + " parked (see ./laurel outbox parked)"));
    }

    private String balance(String customer) {
        try {
            GetBalanceResponse b = LedgerServiceGrpc.newBlockingStub(channel("reward")).getBalance(GetBalanceRequest.newBuilder()
                    .setStoreId(store).setCustomerId(customer).build());
            return String.format(Locale.ROOT, "points %d (available %d), store credit %s", b.getPointsBalance(),
                    b.getAvailablePoints(), money(b.getStoreCreditBalance()));
        } catch (StatusRuntimeException e) {
            return null;
        }
    }

    private String progress(String customer) {
        try {
            List<String> parts = new ArrayList<>();
            for (ProgramProgress p : ProgressServiceGrpc.newBlockingStub(channel("progress")).getCustomerProgress(
                    GetCustomerProgressRequest.newBuilder().setStoreId(store).setCustomerId(customer).build()).getProgramsList()) {
                long reached = p.getMilestonesList().stream().filter(m -> m.getState() == MilestoneState.MILESTONE_STATE_REACHED).count();
                parts.add("\"" + p.getTitle() + "\" " + p.getCurrentValue() + "/" + p.getMilestonesList().stream()
                        .mapToLong(MilestoneProgress::getTarget).max().orElse(0) + (reached > 0 ? " ✓" : ""));
            }
            return "progress " + String.join(", ", parts);
        } catch (StatusRuntimeException e) {
            return null;
        }
    }

    private int programsKnown(String customer) {
        try {
            return ProgressServiceGrpc.newBlockingStub(channel("progress")).getCustomerProgress(GetCustomerProgressRequest
                    .newBuilder().setStoreId(store).setCustomerId(customer).build()).getProgramsCount();
        } catch (StatusRuntimeException e) {
            return 0;
        }
    }

    private String tier(String customer) {
        try {
            CustomerTier t = TierServiceGrpc.newBlockingStub(channel("tier")).getCustomerTier(GetCustomerTierRequest.newBuilder()
                    .setStoreId(store).setCustomerId(customer).build()).getCustomerTier();
            return t.getTierId().isEmpty() ? "tier none" : String.format(Locale.ROOT, "tier %s (×%.2f earning, %s)",
                    t.getTierName(), t.getEarningMultiplierBps() / 10_000.0, String.join(", ", t.getBenefitsList()));
        } catch (StatusRuntimeException e) {
            return null;
        }
    }

    private void awaitUntil(java.util.function.BooleanSupplier ready) throws InterruptedException {
        long deadline = System.nanoTime() + SETTLE.toNanos();
        while (!ready.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
    }

    private ManagedChannel channel(String area) {
        ManagedChannel channel = ManagedChannelBuilder.forTarget(suite.service(area).target()).usePlaintext().build();
        channels.add(channel);
        return channel;
    }

    private Timestamp now() {
        Instant now = suite.clock().now();
        return Timestamp.newBuilder().setSeconds(now.getEpochSecond()).setNanos(now.getNano()).build();
    }

    private static Money usd(long cents) {
        return Money.newBuilder().setCurrencyCode("USD").setAmountMinor(cents).build();
    }

    private static String money(Money m) {
        return String.format(Locale.ROOT, "$%d.%02d", m.getAmountMinor() / 100, m.getAmountMinor() % 100);
    }

    /** What the customer holds, as each owning service shows it (null: not served yet). */
    private record Snapshot(String wallet, String progress, String tier) {
        static final Snapshot EMPTY = new Snapshot(null, null, null);

        List<String> changesSince(Snapshot before) {
            List<String> changes = new ArrayList<>();
            add(changes, "reward-service", before.wallet, wallet);
            add(changes, "progress-service", before.progress, progress);
            add(changes, "tier-service", before.tier, tier);
            return changes;
        }

        private static void add(List<String> changes, String service, String before, String now) {
            if (now != null && !Objects.equals(before, now)) {
                changes.add(String.format(Locale.ROOT, "%-17s %s", service, now));
            }
        }
    }
}
