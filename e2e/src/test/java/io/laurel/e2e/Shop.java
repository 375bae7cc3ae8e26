package io.laurel.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Timestamp;
import com.google.rpc.ErrorInfo;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.laurel.proto.common.v1.Actor;
import io.laurel.proto.common.v1.ActorKind;
import io.laurel.proto.common.v1.Money;
import io.laurel.proto.common.v1.PointsExpiryPolicy;
import io.laurel.proto.common.v1.PointsExpiryPolicyKind;
import io.laurel.proto.platform.v1.ListParkedMessagesRequest;
import io.laurel.proto.platform.v1.OutboxServiceGrpc;
import io.laurel.proto.platform.v1.ParkedMessage;
import io.laurel.proto.progress.v1.CustomerEvent;
import io.laurel.proto.progress.v1.IngestEventsRequest;
import io.laurel.proto.progress.v1.IngestEventsResponse;
import io.laurel.proto.progress.v1.OrderCompleted;
import io.laurel.proto.progress.v1.ProgressServiceGrpc;
import io.laurel.proto.program.v1.StoreSettings;
import io.laurel.proto.program.v1.StoreSettingsServiceGrpc;
import io.laurel.proto.program.v1.UpdateStoreSettingsRequest;
import io.laurel.proto.reward.v1.CheckLedgerIntegrityRequest;
import io.laurel.proto.reward.v1.CheckLedgerIntegrityResponse;
import io.laurel.proto.reward.v1.GetBalanceRequest;
import io.laurel.proto.reward.v1.LedgerServiceGrpc;
import io.laurel.proto.reward.v1.GetBalanceResponse;
import io.laurel.proto.common.v1.PointsReward;
import io.laurel.proto.common.v1.RewardSpec;
import io.laurel.proto.common.v1.StoreCreditReward;
import io.laurel.proto.program.v1.ActivateMilestoneProgramRequest;
import io.laurel.proto.program.v1.CreateMilestoneProgramRequest;
import io.laurel.proto.program.v1.Milestone;
import io.laurel.proto.program.v1.MilestoneProgram;
import io.laurel.proto.program.v1.MilestoneProgramServiceGrpc;
import io.laurel.proto.progress.v1.GetCustomerProgramProgressRequest;
import io.laurel.proto.progress.v1.GetCustomerProgressRequest;
import io.laurel.proto.progress.v1.OrderRefunded;
import io.laurel.proto.progress.v1.ProgramProgress;
import io.laurel.proto.progress.v1.ReviewPublished;
import io.laurel.proto.program.v1.ActivateTierProgramRequest;
import io.laurel.proto.program.v1.CreateTierProgramRequest;
import io.laurel.proto.program.v1.Tier;
import io.laurel.proto.program.v1.TierCriterion;
import io.laurel.proto.program.v1.TierPerks;
import io.laurel.proto.program.v1.TierProgram;
import io.laurel.proto.program.v1.TierProgramServiceGrpc;
import io.laurel.proto.program.v1.TierWindow;
import io.laurel.proto.tier.v1.CustomerTier;
import io.laurel.proto.tier.v1.GetCustomerTierRequest;
import io.laurel.proto.tier.v1.TierServiceGrpc;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * One merchant's store in the running suite, and the steps every story shares: configure it, send
 * events, wait for the suite to settle (every outbox drained), and the closing checks every story
 * ends with (nothing parked, the ledger consistent).
 */
final class Shop {

    static final Duration PROPAGATION = Duration.ofSeconds(60);
    static final Actor STAFF = Actor.newBuilder().setKind(ActorKind.ACTOR_KIND_MERCHANT_STAFF).setId("e2e")
            .setDisplayName("e2e story").build();
    private static final AtomicLong SEQUENCE = new AtomicLong(System.currentTimeMillis());
    private static final List<String> AREAS = List.of("program", "progress", "reward", "tier");

    final LaurelSuite.Running suite;
    final String store;

    private Shop(LaurelSuite.Running suite, String store) {
        this.suite = suite;
        this.store = store;
    }

    /** A new store with USD and {@code timeZone}, 1 point per currency unit, points for 365 days; waits until reward-service knows it. */
    static Shop open(String story, String timeZone) throws InterruptedException {
        return open(LaurelSuite.get(), story, timeZone);
    }

    /** {@link #open(String, String)} in {@code suite} rather than the shared one. */
    static Shop open(LaurelSuite.Running suite, String story, String timeZone) throws InterruptedException {
        Shop shop = new Shop(suite, story + "-" + SEQUENCE.incrementAndGet());
        StoreSettingsServiceGrpc.newBlockingStub(shop.channel("program")).updateStoreSettings(
                UpdateStoreSettingsRequest.newBuilder().setRequestId(requestId()).setStoreId(shop.store).setExpectedVersion(0)
                        .setSettings(StoreSettings.newBuilder().setCurrencyCode("USD").setTimeZone(timeZone)
                                .setDefaultPointsExpiry(PointsExpiryPolicy.newBuilder()
                                        .setKind(PointsExpiryPolicyKind.POINTS_EXPIRY_POLICY_KIND_AFTER_DAYS).setDays(365))
                                .setBaseEarningRateMilli(1000).setPointValueMinorMilli(1000))
                        .build());
        eventually("reward-service to learn store " + shop.store, Set.of("STORE_NOT_CONFIGURED"),
                () -> shop.balance("nobody"));
        return shop;
    }

    ManagedChannel channel(String area) {
        return suite.channel(area);
    }

    long balance(String customer) {
        return LedgerServiceGrpc.newBlockingStub(channel("reward")).getBalance(GetBalanceRequest.newBuilder()
                .setStoreId(store).setCustomerId(customer).build()).getPointsBalance();
    }

    IngestEventsResponse ingest(CustomerEvent... events) {
        return ProgressServiceGrpc.newBlockingStub(channel("progress")).ingestEvents(IngestEventsRequest.newBuilder()
                .setRequestId(requestId()).setStoreId(store).addAllEvents(List.of(events)).build());
    }

    CustomerEvent order(String customer, String orderId, long amountMinor) {
        return CustomerEvent.newBuilder().setEventId("order-" + orderId).setStoreId(store).setCustomerId(customer)
                .setOccurredAt(now())
                .setOrderCompleted(OrderCompleted.newBuilder().setOrderId(orderId)
                        .setAmount(Money.newBuilder().setCurrencyCode("USD").setAmountMinor(amountMinor)))
                .build();
    }

    /** Creates and activates a milestone program; waits until progress-service knows it. */
    MilestoneProgram program(MilestoneProgram.Builder program) throws InterruptedException {
        if (!program.hasPointsExpiry()) {
            program.setPointsExpiry(PointsExpiryPolicy.newBuilder().setKind(PointsExpiryPolicyKind.POINTS_EXPIRY_POLICY_KIND_STORE_DEFAULT));
        }
        MilestoneProgramServiceGrpc.MilestoneProgramServiceBlockingStub programs =
                MilestoneProgramServiceGrpc.newBlockingStub(channel("program"));
        MilestoneProgram created = programs.createMilestoneProgram(CreateMilestoneProgramRequest.newBuilder()
                .setRequestId(requestId()).setStoreId(store).setMilestoneProgram(program).build()).getMilestoneProgram();
        MilestoneProgram active = programs.activateMilestoneProgram(ActivateMilestoneProgramRequest.newBuilder()
                .setRequestId(requestId()).setStoreId(store).setProgramId(created.getProgramId())
                .setExpectedVersion(created.getVersion()).build()).getMilestoneProgram();
        long deadline = System.nanoTime() + PROPAGATION.toNanos();
        // progress-service learns the program through the configuration feed, one version at a time: the draft
        // (version 1, created) may arrive before the activation, and GetCustomerProgramProgress finds a program of
        // any status — an order sent while only the draft is known rightly counts nothing. Wait for the active one.
        while (true) {
            try {
                if (progress("nobody", active.getProgramId()).getProgramVersion() >= active.getVersion()) {
                    return active;
                }
            } catch (StatusRuntimeException e) {
                if (e.getStatus().getCode() != io.grpc.Status.Code.NOT_FOUND) {
                    throw new AssertionError("waiting for progress-service to learn program " + active.getProgramId(), e);
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("progress-service did not learn version " + active.getVersion() + " of program "
                        + active.getProgramId() + " within " + PROPAGATION);
            }
            Thread.sleep(50);
        }
    }

    /** A points reward of {@code points} at {@code target}. */
    static Milestone pointsAt(long target, long points) {
        return Milestone.newBuilder().setTarget(target)
                .setReward(RewardSpec.newBuilder().setPoints(PointsReward.newBuilder().setFixedPoints(points))).build();
    }

    /** A store-credit reward of {@code cents} at {@code target}. */
    static Milestone creditAt(long target, long cents) {
        return Milestone.newBuilder().setTarget(target)
                .setReward(RewardSpec.newBuilder().setStoreCredit(StoreCreditReward.newBuilder()
                        .setFixedAmount(Money.newBuilder().setCurrencyCode("USD").setAmountMinor(cents)))).build();
    }

    /**
     * A tier of {@link #tierProgram}: its threshold, earning multiplier and, when
     * {@code entryPoints > 0}, an entry reward in points.
     */
    static Tier tier(String id, long threshold, int multiplierBps, long entryPoints) {
        TierPerks.Builder perks = TierPerks.newBuilder().setEarningMultiplierBps(multiplierBps);
        if (entryPoints > 0) {
            perks.setEntryReward(RewardSpec.newBuilder().setPoints(PointsReward.newBuilder().setFixedPoints(entryPoints)))
                    .setEntryRewardExpiry(PointsExpiryPolicy.newBuilder()   // required with an entry reward
                            .setKind(PointsExpiryPolicyKind.POINTS_EXPIRY_POLICY_KIND_STORE_DEFAULT));
        }
        return Tier.newBuilder().setTierId(id).setName(id).setThreshold(threshold).setPerks(perks).build();
    }

    /** Creates and activates the store's tier program; waits until tier-service knows it. */
    TierProgram tierProgram(TierCriterion criterion, TierWindow window, Tier... tiers) throws InterruptedException {
        TierProgramServiceGrpc.TierProgramServiceBlockingStub programs =
                TierProgramServiceGrpc.newBlockingStub(channel("program"));
        TierProgram created = programs.createTierProgram(CreateTierProgramRequest.newBuilder().setRequestId(requestId())
                .setStoreId(store).setTierProgram(TierProgram.newBuilder().setInternalName("VIP")
                        .setCriterion(criterion).setWindow(window).addAllTiers(List.of(tiers))).build()).getTierProgram();
        TierProgram active = programs.activateTierProgram(ActivateTierProgramRequest.newBuilder().setRequestId(requestId())
                .setStoreId(store).setTierProgramId(created.getTierProgramId()).setExpectedVersion(created.getVersion())
                .build()).getTierProgram();
        // GetCustomerTier answers as soon as tier-service knows the store, with no program until the active
        // version arrives through the feed; activity recorded before that is only applied by the next
        // program-change pass (a background job the outboxes do not show). Wait for the active version.
        long deadline = System.nanoTime() + PROPAGATION.toNanos();
        while (true) {
            CustomerTier known = eventually("tier-service to learn store " + store,
                    Set.of("STORE_NOT_CONFIGURED", "NO_ACTIVE_TIER_PROGRAM"), () -> tierOf("nobody"));
            if (known.getTierProgramId().equals(active.getTierProgramId())
                    && known.getTierProgramVersion() >= active.getVersion()) {
                return active;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("tier-service did not learn version " + active.getVersion() + " of tier program "
                        + active.getTierProgramId() + " within " + PROPAGATION);
            }
            Thread.sleep(50);
        }
    }

    /** The customer's tier as tier-service reports it. */
    CustomerTier tierOf(String customer) {
        return TierServiceGrpc.newBlockingStub(channel("tier")).getCustomerTier(GetCustomerTierRequest.newBuilder()
                .setStoreId(store).setCustomerId(customer).build()).getCustomerTier();
    }

    /** The merchant's view of one customer in one program. */
    ProgramProgress progress(String customer, String programId) {
        return ProgressServiceGrpc.newBlockingStub(channel("progress")).getCustomerProgramProgress(
                GetCustomerProgramProgressRequest.newBuilder().setStoreId(store).setCustomerId(customer)
                        .setProgramId(programId).build()).getProgress();
    }

    /** The shopper's view. */
    List<ProgramProgress> shopperView(String customer) {
        return ProgressServiceGrpc.newBlockingStub(channel("progress")).getCustomerProgress(
                GetCustomerProgressRequest.newBuilder().setStoreId(store).setCustomerId(customer).build()).getProgramsList();
    }

    GetBalanceResponse wallet(String customer) {
        return LedgerServiceGrpc.newBlockingStub(channel("reward")).getBalance(GetBalanceRequest.newBuilder()
                .setStoreId(store).setCustomerId(customer).build());
    }

    CustomerEvent refund(String customer, String orderId, String refundId, long amountMinor, boolean full) {
        return CustomerEvent.newBuilder().setEventId("refund-" + refundId).setStoreId(store).setCustomerId(customer)
                .setOccurredAt(now())
                .setOrderRefunded(OrderRefunded.newBuilder().setOrderId(orderId).setRefundId(refundId).setFullRefund(full)
                        .setRefundedAmount(Money.newBuilder().setCurrencyCode("USD").setAmountMinor(amountMinor)))
                .build();
    }

    CustomerEvent review(String customer, String reviewId) {
        return CustomerEvent.newBuilder().setEventId("review-" + reviewId).setStoreId(store).setCustomerId(customer)
                .setOccurredAt(now())
                .setReviewPublished(ReviewPublished.newBuilder().setReviewId(reviewId).setProductId("p-1"))
                .build();
    }

    /** The suite's time now (the development clock), as a proto timestamp. */
    Timestamp now() {
        Instant now = suite.clock().now();
        return Timestamp.newBuilder().setSeconds(now.getEpochSecond()).setNanos(now.getNano()).build();
    }

    /**
     * Waits until every service's outbox has delivered everything, then checks what every story
     * ends with: nothing parked anywhere (asked through each service's OutboxService) and
     * CheckLedgerIntegrity clean for the store.
     */
    void settleAndCheck() throws Exception {
        settleAndCheck(PROPAGATION);
    }

    /**
     * {@link #settleAndCheck()}, waiting up to {@code within} for the outboxes to drain (after a
     * fault, deliveries to a peer that was down wait out their backoff, which grows with the outage).
     */
    void settleAndCheck(Duration within) throws Exception {
        awaitDrained(suite, within);
        for (String area : AREAS) {
            // a service killed and started again may still be coming back: wait out UNAVAILABLE
            List<ParkedMessage> parked = eventually(area + "-service's parked messages", Set.of(), () -> OutboxServiceGrpc
                    .newBlockingStub(channel(area)).listParkedMessages(ListParkedMessagesRequest.getDefaultInstance())
                    .getMessagesList());
            assertThat(parked).as(area + "-service parked messages").isEmpty();
        }
        List<String> violations = new ArrayList<>();
        String token = "";
        do {
            CheckLedgerIntegrityResponse page = LedgerServiceGrpc.newBlockingStub(channel("reward"))
                    .checkLedgerIntegrity(CheckLedgerIntegrityRequest.newBuilder().setStoreId(store).setPageToken(token).build());
            page.getViolationsList().forEach(v -> violations.add(v.toString()));
            token = page.getNextPageToken();
        } while (!token.isEmpty());
        assertThat(violations).as("CheckLedgerIntegrity of " + store).isEmpty();
    }

    /**
     * Waits until no service's outbox holds a message still on its way (parked ones are checked
     * apart). One look at each outbox in turn is not enough: a delivery may queue the next hop (an
     * order's earning → its points → a tier change → a correction → its points) in an outbox
     * already looked at. So it waits for two looks in a row that find every outbox drained and no
     * message added in between (the newest id of each outbox unchanged).
     */
    static void awaitDrained(LaurelSuite.Running suite) throws Exception {
        awaitDrained(suite, PROPAGATION);
    }

    /** {@link #awaitDrained(LaurelSuite.Running)} waiting up to {@code within}. */
    static void awaitDrained(LaurelSuite.Running suite, Duration within) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        Map<String, Long> drainedAt = null;
        while (true) {
            Map<String, Long> newest = new HashMap<>();
            String waiting = null;
            for (String area : AREAS) {
                try (Connection db = suite.suite.postgres().connect("laurel_" + area);
                     Statement query = db.createStatement();
                     ResultSet rows = query.executeQuery("SELECT count(*) FILTER (WHERE delivered_at IS NULL"
                             + " AND parked_at IS NULL), coalesce(max(id), 0) FROM laurel_outbox")) {
                    rows.next();
                    if (rows.getLong(1) > 0 && waiting == null) {
                        waiting = area + "-service's outbox (" + rows.getLong(1) + " pending)";
                    }
                    newest.put(area, rows.getLong(2));
                } catch (SQLException e) {
                    waiting = waiting == null ? "Postgres (" + e.getMessage() + ")" : waiting;   // restarting: ask again
                }
            }
            if (waiting == null && newest.equals(drainedAt)) {
                return;
            }
            drainedAt = waiting == null ? newest : null;
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the suite did not settle within " + within + ": waiting for "
                        + (waiting == null ? "a second look" : waiting));
            }
            Thread.sleep(100);
        }
    }

    /**
     * Repeats an idempotent call while its target answers FAILED_PRECONDITION with one of
     * {@code reasons} (it has not yet learned its configuration from the feed) or is unavailable.
     */
    static <T> T eventually(String what, Set<String> reasons, Supplier<T> call) throws InterruptedException {
        long deadline = System.nanoTime() + PROPAGATION.toNanos();
        while (true) {
            try {
                return call.get();
            } catch (StatusRuntimeException e) {
                boolean waiting = reasons.contains(reason(e)) || e.getStatus().getCode() == io.grpc.Status.Code.UNAVAILABLE;
                if (!waiting || System.nanoTime() > deadline) {
                    throw new AssertionError("waiting for " + what + ": " + e.getStatus(), e);
                }
                Thread.sleep(50);
            }
        }
    }

    /** {@link #eventually} for a call that only needs to wait out UNAVAILABLE. */
    static <T> T eventuallyUnchecked(Supplier<T> call) {
        try {
            return eventually("the service", Set.of(), call);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static String reason(StatusRuntimeException e) {
        com.google.rpc.Status status = StatusProto.fromThrowable(e);
        if (status == null) {
            return "";
        }
        for (Any detail : status.getDetailsList()) {
            if (detail.is(ErrorInfo.class)) {
                try {
                    return detail.unpack(ErrorInfo.class).getReason();
                } catch (InvalidProtocolBufferException ignored) {
                    return "";
                }
            }
        }
        return "";
    }

    static String requestId() {
        return UUID.randomUUID().toString();
    }
}
