package io.laurel.devstack.demo;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Timestamp;
import com.google.rpc.ErrorInfo;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.laurel.devstack.DemoScenario;
import io.laurel.devstack.Suite;
import io.laurel.proto.common.v1.Actor;
import io.laurel.proto.common.v1.ActorKind;
import io.laurel.proto.common.v1.Money;
import io.laurel.proto.common.v1.PointsExpiryPolicy;
import io.laurel.proto.common.v1.PointsExpiryPolicyKind;
import io.laurel.proto.progress.v1.CustomerEvent;
import io.laurel.proto.progress.v1.EventResult;
import io.laurel.proto.progress.v1.IngestEventsRequest;
import io.laurel.proto.progress.v1.IngestEventsResponse;
import io.laurel.proto.progress.v1.OrderCompleted;
import io.laurel.proto.progress.v1.PointsEarned;
import io.laurel.proto.progress.v1.PointsSource;
import io.laurel.proto.progress.v1.ProgressServiceGrpc;
import io.laurel.proto.program.v1.ActivateTierProgramRequest;
import io.laurel.proto.program.v1.CreateTierProgramRequest;
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
import io.laurel.proto.reward.v1.LedgerEntry;
import io.laurel.proto.reward.v1.LedgerServiceGrpc;
import io.laurel.proto.tier.v1.AssignTierRequest;
import io.laurel.proto.tier.v1.CustomerTier;
import io.laurel.proto.tier.v1.GetCustomerTierRequest;
import io.laurel.proto.tier.v1.TierServiceGrpc;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.postgresql.util.PGInterval;

/**
 * What {@code ./laurel up} shows once the suite is healthy: a new store is configured in
 * program-service and the other services learn of it through the configuration feed; a manual
 * points grant lands in reward-service's ledger and reaches progress-service through the outbox;
 * progress-service takes an order exactly once; a VIP tier program is activated and a customer is
 * placed in a tier by hand. Every step goes through the public gRPC contracts.
 */
public final class FoundationTour implements DemoScenario {

    private static final Duration PROPAGATION = Duration.ofSeconds(30);
    private static final Actor DEMO = Actor.newBuilder()
            .setKind(ActorKind.ACTOR_KIND_MERCHANT_STAFF).setId("demo").setDisplayName("./laurel up").build();

    @Override
    public String name() {
        return "foundation-tour";
    }

    @Override
    public void run(Suite suite) throws Exception {
        PrintStream out = suite.out();
        String store = "demo-" + Instant.now().getEpochSecond();
        String customer = "ada";
        List<ManagedChannel> channels = new ArrayList<>();
        try {
            ManagedChannel program = channel(suite, "program", channels);
            ManagedChannel reward = channel(suite, "reward", channels);
            ManagedChannel progress = channel(suite, "progress", channels);
            ManagedChannel tier = channel(suite, "tier", channels);

            // 1. program-service: the store's loyalty settings
            StoreSettings settings = StoreSettingsServiceGrpc.newBlockingStub(program).updateStoreSettings(
                    UpdateStoreSettingsRequest.newBuilder().setRequestId(requestId()).setStoreId(store)
                            .setExpectedVersion(0)
                            .setSettings(StoreSettings.newBuilder().setCurrencyCode("USD").setTimeZone("America/New_York")
                                    .setDefaultPointsExpiry(PointsExpiryPolicy.newBuilder()
                                            .setKind(PointsExpiryPolicyKind.POINTS_EXPIRY_POLICY_KIND_AFTER_DAYS).setDays(365))
                                    .setBaseEarningRateMilli(1000).setPointValueMinorMilli(1000))
                            .build()).getSettings();
            out.printf("  program-service   store %s: %s, %s, points expire 365 days after earning (settings v%d)%n",
                    store, settings.getCurrencyCode(), settings.getTimeZone(), settings.getVersion());

            // 2. reward-service: a manual grant, retried with the same request_id until the
            //    configuration feed has brought the store's settings over (safe: the call is idempotent)
            AdjustPointsRequest grant = AdjustPointsRequest.newBuilder().setRequestId(requestId()).setStoreId(store)
                    .setCustomerId(customer).setPointsDelta(250).setReason("welcome bonus").setActor(DEMO).build();
            long started = System.nanoTime();
            LedgerEntry entry = eventually("reward-service to learn the store's settings", Set.of("STORE_NOT_CONFIGURED"),
                    () -> LedgerServiceGrpc.newBlockingStub(reward).adjustPoints(grant).getEntry());
            out.printf("  config feed       reward-service knew the new store after %d ms%n",
                    Duration.ofNanos(System.nanoTime() - started).toMillis());
            LedgerEntry replay = LedgerServiceGrpc.newBlockingStub(reward).adjustPoints(grant).getEntry();
            GetBalanceResponse balance = LedgerServiceGrpc.newBlockingStub(reward).getBalance(
                    GetBalanceRequest.newBuilder().setStoreId(store).setCustomerId(customer)
                            .setExpiringWithin(com.google.protobuf.Duration.newBuilder().setSeconds(366L * 86_400)).build());
            out.printf("  reward-service    +250 points for %s (entry %s; the retried call replayed the same entry: %s)%n",
                    customer, entry.getEntryId(), replay.getEntryId().equals(entry.getEntryId()));
            out.printf("                    balance %d points, worth %s; %s%n", balance.getPointsBalance(),
                    money(balance.getAvailablePointsValue()),
                    balance.getExpiringSoonCount() == 0 ? "nothing expiring"
                            : balance.getExpiringSoon(0).getPoints() + " expiring " + instant(balance.getExpiringSoon(0).getExpiresAt()));

            // 3. the outbox: reward-service told progress-service about the points
            Duration delivered = awaitDelivered(suite, "laurel_reward", "progress", started);
            out.printf("  outbox            reward → progress: PointsEarned delivered %d ms after the grant%n", delivered.toMillis());
            CustomerEvent pointsEvent = CustomerEvent.newBuilder().setEventId("ledger:" + entry.getEntryId())
                    .setStoreId(store).setCustomerId(customer).setOccurredAt(entry.getEffectiveTime())
                    .setPointsEarned(PointsEarned.newBuilder().setLedgerEntryId(entry.getEntryId()).setPoints(250)
                            .setSource(PointsSource.POINTS_SOURCE_MANUAL))
                    .build();
            IngestEventsResponse again = ingest(progress, store, List.of(pointsEvent));
            out.printf("                    progress-service already had it: sending it again → %s%n",
                    again.getResults(0).getOutcome().name().replace("EVENT_OUTCOME_", ""));

            // 4. progress-service: an order taken exactly once, a bad event refused on its own
            CustomerEvent order = CustomerEvent.newBuilder().setEventId("order-1001").setStoreId(store)
                    .setCustomerId(customer).setOccurredAt(now())
                    .setOrderCompleted(OrderCompleted.newBuilder().setOrderId("1001")
                            .setAmount(Money.newBuilder().setCurrencyCode("USD").setAmountMinor(4250)))
                    .build();
            CustomerEvent broken = order.toBuilder().setEventId("order-1002")
                    .setOrderCompleted(OrderCompleted.newBuilder().setOrderId("1002")
                            .setAmount(Money.newBuilder().setCurrencyCode("usd").setAmountMinor(-5)))
                    .build();
            IngestEventsResponse batch = ingest(progress, store, List.of(order, order, broken));
            out.printf("  progress-service  batch of 3 events: %s%n", outcomes(batch));

            // 5. tiers: a VIP program in program-service, then a tier assigned by hand in tier-service
            TierProgram vip = TierProgramServiceGrpc.newBlockingStub(program).createTierProgram(
                    CreateTierProgramRequest.newBuilder().setRequestId(requestId()).setStoreId(store)
                            .setTierProgram(TierProgram.newBuilder().setInternalName("VIP")
                                    .setCriterion(TierCriterion.TIER_CRITERION_POINTS_EARNED)
                                    .setWindow(TierWindow.TIER_WINDOW_ROLLING_365_DAYS_FROM_UPGRADE)
                                    .addTiers(tier("gold", "Gold", 1_000, 12_500, "free shipping"))
                                    .addTiers(tier("platinum", "Platinum", 5_000, 15_000, "free shipping", "early access")))
                            .build()).getTierProgram();
            vip = TierProgramServiceGrpc.newBlockingStub(program).activateTierProgram(
                    ActivateTierProgramRequest.newBuilder().setRequestId(requestId()).setStoreId(store)
                            .setTierProgramId(vip.getTierProgramId()).setExpectedVersion(vip.getVersion()).build())
                    .getTierProgram();
            out.printf("  program-service   tier program %s active: Gold at 1,000 points, Platinum at 5,000, over 365 days from the last upgrade%n",
                    vip.getTierProgramId());
            String goldId = vip.getTiers(0).getTierId();
            AssignTierRequest assign = AssignTierRequest.newBuilder().setRequestId(requestId()).setStoreId(store)
                    .setCustomerId(customer).setTierId(goldId).setReason("launch-party guest").setActor(DEMO).build();
            eventually("tier-service to learn the tier program", Set.of("STORE_NOT_CONFIGURED", "NO_ACTIVE_TIER_PROGRAM"), () -> TierServiceGrpc.newBlockingStub(tier).assignTier(assign));
            CustomerTier current = TierServiceGrpc.newBlockingStub(tier).getCustomerTier(GetCustomerTierRequest.newBuilder()
                    .setStoreId(store).setCustomerId(customer).build()).getCustomerTier();
            out.printf("  tier-service      %s is %s (%s), perks: %s, earning ×%.2f%n", customer, current.getTierName(),
                    current.getSource().name().replace("TIER_SOURCE_", "").toLowerCase(), current.getBenefitsList(),
                    current.getEarningMultiplierBps() / 10_000.0);
        } finally {
            for (ManagedChannel channel : channels) {
                channel.shutdownNow().awaitTermination(2, TimeUnit.SECONDS);
            }
        }
    }

    private static Tier tier(String id, String name, long threshold, int multiplierBps, String... benefits) {
        return Tier.newBuilder().setTierId(id).setName(name).setThreshold(threshold)
                .setPerks(TierPerks.newBuilder().setEarningMultiplierBps(multiplierBps).addAllBenefits(List.of(benefits)))
                .build();
    }

    private static IngestEventsResponse ingest(ManagedChannel progress, String store, List<CustomerEvent> events) {
        return ProgressServiceGrpc.newBlockingStub(progress).ingestEvents(IngestEventsRequest.newBuilder()
                .setRequestId(requestId()).setStoreId(store).addAllEvents(events).build());
    }

    private static String outcomes(IngestEventsResponse response) {
        List<String> parts = new ArrayList<>();
        for (EventResult result : response.getResultsList()) {
            String outcome = result.getOutcome().name().replace("EVENT_OUTCOME_", "");
            if (result.getViolationsCount() > 0) {
                outcome += " " + result.getViolationsList().stream().map(v -> v.getField()).toList();
            }
            parts.add(result.getEventId() + " " + outcome);
        }
        return String.join(", ", parts);
    }

    /** Waits until every message {@code database}'s outbox created for {@code destination} since then is delivered. */
    private static Duration awaitDelivered(Suite suite, String database, String destination, long sinceNanos)
            throws Exception {
        Instant since = Instant.now().minusNanos(System.nanoTime() - sinceNanos).minusSeconds(1);
        long deadline = System.nanoTime() + PROPAGATION.toNanos();
        try (Connection db = suite.postgres().connect(database);
             PreparedStatement pending = db.prepareStatement("""
                     SELECT count(*) FILTER (WHERE delivered_at IS NULL), count(*), max(delivered_at - created_at)
                     FROM laurel_outbox WHERE destination = ? AND created_at >= ?""")) {
            pending.setString(1, destination);
            pending.setObject(2, since.atOffset(ZoneOffset.UTC));
            while (true) {
                try (ResultSet rows = pending.executeQuery()) {
                    rows.next();
                    if (rows.getLong(2) > 0 && rows.getLong(1) == 0) {
                        PGInterval lag = (PGInterval) rows.getObject(3);
                        return Duration.ofMillis(Math.round(lag.getSeconds() * 1000) + lag.getMinutes() * 60_000L);
                    }
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(database + "'s outbox did not deliver to " + destination
                            + " within " + PROPAGATION);
                }
                Thread.sleep(100);
            }
        }
    }

    /**
     * Repeats an idempotent call while its target answers FAILED_PRECONDITION with one of
     * {@code reasons}: it has not yet learned, through the configuration feed, what it needs.
     */
    private static <T> T eventually(String what, Set<String> reasons, Supplier<T> call) throws InterruptedException {
        long deadline = System.nanoTime() + PROPAGATION.toNanos();
        while (true) {
            try {
                return call.get();
            } catch (StatusRuntimeException e) {
                if (!reasons.contains(reason(e)) || System.nanoTime() > deadline) {
                    throw new IllegalStateException("waiting for " + what + ": " + e.getStatus(), e);
                }
                Thread.sleep(50);
            }
        }
    }

    private static String reason(StatusRuntimeException e) {
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

    private static ManagedChannel channel(Suite suite, String name, List<ManagedChannel> channels) {
        ManagedChannel channel = ManagedChannelBuilder.forTarget(suite.service(name).target()).usePlaintext().build();
        channels.add(channel);
        return channel;
    }

    private static String requestId() {
        return UUID.randomUUID().toString();
    }

    private static Timestamp now() {
        Instant now = Instant.now();
        return Timestamp.newBuilder().setSeconds(now.getEpochSecond()).setNanos(now.getNano()).build();
    }

    private static Instant instant(Timestamp t) {
        return Instant.ofEpochSecond(t.getSeconds(), t.getNanos());
    }

    private static String money(Money m) {
        return String.format("%s %d.%02d", m.getCurrencyCode(), m.getAmountMinor() / 100, m.getAmountMinor() % 100);
    }
}
