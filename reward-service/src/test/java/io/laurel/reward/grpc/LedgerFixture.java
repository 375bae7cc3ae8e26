package io.laurel.reward.grpc;

import io.laurel.platform.grpc.ProtoTime;
import io.laurel.platform.time.FixedClockProducer;
import io.laurel.platform.time.MutableClock;
import io.laurel.proto.common.v1.Actor;
import io.laurel.proto.common.v1.ActorKind;
import io.laurel.proto.common.v1.PointsExpiryPolicy;
import io.laurel.proto.common.v1.PointsExpiryPolicyKind;
import io.laurel.proto.program.v1.ConfigChange;
import io.laurel.proto.program.v1.ConfigKind;
import io.laurel.proto.program.v1.StoreSettings;
import io.laurel.proto.progress.v1.IngestEventsRequest;
import io.laurel.proto.reward.v1.AdjustPointsRequest;
import io.laurel.reward.config.StoreConfigFeedHandler;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * What reward-service's {@code @QuarkusTest}s share: requests and store settings (static), and, as
 * a bean, the database, the configuration feed and the test clock.
 */
@Singleton
public class LedgerFixture {

    public static final Actor STAFF = Actor.newBuilder().setKind(ActorKind.ACTOR_KIND_MERCHANT_STAFF).setId("staff-7")
            .setDisplayName("Jane (support)").build();

    private final Pool pool;
    private final StoreConfigFeedHandler handler;
    private final MutableClock clock;
    private final java.util.Set<String> fed = java.util.concurrent.ConcurrentHashMap.newKeySet();

    LedgerFixture(Pool pool, StoreConfigFeedHandler handler, MutableClock clock) {
        this.pool = pool;
        this.handler = handler;
        this.clock = clock;
    }

    public Pool pool() {
        return pool;
    }

    public MutableClock clock() {
        return clock;
    }

    /** Back to where every test starts. */
    public void resetClock() {
        clock.set(FixedClockProducer.START);
    }

    public static String newStore() {
        return "store-" + UUID.randomUUID();
    }

    public static String newCustomer() {
        return "customer-" + UUID.randomUUID();
    }

    public static PointsExpiryPolicy afterDays(int days) {
        return PointsExpiryPolicy.newBuilder().setKind(PointsExpiryPolicyKind.POINTS_EXPIRY_POLICY_KIND_AFTER_DAYS)
                .setDays(days).build();
    }

    public static PointsExpiryPolicy never() {
        return PointsExpiryPolicy.newBuilder().setKind(PointsExpiryPolicyKind.POINTS_EXPIRY_POLICY_KIND_NEVER).build();
    }

    public static StoreSettings settings(String store, long version, String zone, PointsExpiryPolicy defaultExpiry,
                                  long pointValueMinorMilli) {
        return StoreSettings.newBuilder().setStoreId(store).setVersion(version).setCurrencyCode("EUR")
                .setTimeZone(zone).setDefaultPointsExpiry(defaultExpiry).setBaseEarningRateMilli(1000)
                .setPointValueMinorMilli(pointValueMinorMilli)
                .setCreateTime(ProtoTime.toProto(Instant.parse("2026-01-01T00:00:00Z")))
                .setUpdateTime(ProtoTime.toProto(Instant.parse("2026-01-01T00:00:00Z").plusSeconds(version)))
                .build();
    }

    /** The stores given settings since the last call (each test checks the ledgers it touched). */
    public List<String> storesFedSinceLastCheck() {
        List<String> stores = new ArrayList<>(fed);
        fed.removeAll(stores);
        return stores;
    }

    /** Delivers store settings the way the platform's feed subscriber does. */
    public void feed(StoreSettings settings) {
        fed.add(settings.getStoreId());
        apply(ConfigChange.newBuilder().setSequence(settings.getVersion()).setStoreId(settings.getStoreId())
                .setKind(ConfigKind.CONFIG_KIND_STORE_SETTINGS).setResourceId(settings.getStoreId())
                .setVersion(settings.getVersion()).setChangeTime(settings.getUpdateTime()).setStoreSettings(settings)
                .build());
    }

    /** Applies one change of the configuration feed in its own transaction. */
    public void apply(ConfigChange change) {
        pool.withTransaction(tx -> handler.apply(tx, change)).await().indefinitely();
    }

    /** A Paris store: 10 days default expiry, 1 cent a point. */
    public String parisStore() {
        String store = newStore();
        feed(settings(store, 1, "Europe/Paris", afterDays(10), 1000));
        return store;
    }

    public static AdjustPointsRequest.Builder adjust(String store, String customer, long delta) {
        return AdjustPointsRequest.newBuilder()
                .setRequestId(UUID.randomUUID().toString())
                .setStoreId(store)
                .setCustomerId(customer)
                .setPointsDelta(delta)
                .setReason("goodwill after a late delivery")
                .setActor(STAFF);
    }

    /** The IngestEvents requests this service's outbox holds for progress-service about one store. */
    public List<IngestEventsRequest> progressMessages(String store) {
        List<IngestEventsRequest> found = new ArrayList<>();
        for (Row row : pool.query("""
                        SELECT method, payload, message_key FROM laurel_outbox WHERE destination = 'progress' ORDER BY id""")
                .execute().await().indefinitely()) {
            try {
                IngestEventsRequest request = IngestEventsRequest.parseFrom(row.getBuffer("payload").getBytes());
                if (request.getStoreId().equals(store)) {
                    if (!row.getString("method").equals("laurel.progress.v1.ProgressService/IngestEvents")
                            || !row.getString("message_key").equals(request.getRequestId())) {
                        throw new AssertionError("unexpected outbox row " + row.toJson());
                    }
                    found.add(request);
                }
            } catch (com.google.protobuf.InvalidProtocolBufferException e) {
                throw new AssertionError(e);
            }
        }
        return found;
    }

    /** The outbox messages this service holds for {@code destination} with keys starting {@code ledger:} of a store. */
    public List<byte[]> outboxPayloads(String destination) {
        List<byte[]> found = new ArrayList<>();
        for (Row row : pool.preparedQuery("SELECT payload FROM laurel_outbox WHERE destination = $1 ORDER BY id")
                .execute(io.vertx.mutiny.sqlclient.Tuple.of(destination)).await().indefinitely()) {
            found.add(row.getBuffer("payload").getBytes());
        }
        return found;
    }

    /** The RecordQualifyingActivity requests this service's outbox holds for tier-service about one store. */
    public List<io.laurel.proto.tier.v1.RecordQualifyingActivityRequest> tierMessages(String store) {
        List<io.laurel.proto.tier.v1.RecordQualifyingActivityRequest> found = new ArrayList<>();
        for (byte[] payload : outboxPayloads("tier")) {
            try {
                var request = io.laurel.proto.tier.v1.RecordQualifyingActivityRequest.parseFrom(payload);
                if (request.getStoreId().equals(store)) {
                    found.add(request);
                }
            } catch (com.google.protobuf.InvalidProtocolBufferException e) {
                throw new AssertionError(e);
            }
        }
        return found;
    }

    public static io.laurel.proto.reward.v1.RewardCause milestone(String program, long target) {
        return io.laurel.proto.reward.v1.RewardCause.newBuilder()
                .setKind(io.laurel.proto.reward.v1.RewardCauseKind.REWARD_CAUSE_KIND_MILESTONE)
                .setProgramId(program).setProgramVersion(3).setMilestoneTarget(target).setTriggerEventId("evt-1").build();
    }

    public static io.laurel.proto.reward.v1.RewardCause tierEntry(String tierProgram, String tier) {
        return io.laurel.proto.reward.v1.RewardCause.newBuilder()
                .setKind(io.laurel.proto.reward.v1.RewardCauseKind.REWARD_CAUSE_KIND_TIER_ENTRY)
                .setProgramId(tierProgram).setTierId(tier).build();
    }

    public static io.laurel.proto.common.v1.Money eur(long minor) {
        return io.laurel.proto.common.v1.Money.newBuilder().setAmountMinor(minor).setCurrencyCode("EUR").build();
    }

    /** IssueReward of fixed points for a milestone, occurred at the clock's start, expiring after 10 days. */
    public static io.laurel.proto.reward.v1.IssueRewardRequest.Builder issuePoints(String store, String customer,
                                                                                 String program, long target,
                                                                                 long points) {
        return io.laurel.proto.reward.v1.IssueRewardRequest.newBuilder()
                .setRequestId(UUID.randomUUID().toString())
                .setStoreId(store).setCustomerId(customer)
                .setCause(milestone(program, target))
                .setReward(io.laurel.proto.common.v1.RewardSpec.newBuilder()
                        .setPoints(io.laurel.proto.common.v1.PointsReward.newBuilder().setFixedPoints(points)))
                .setExpiryPolicy(afterDays(10))
                .setOccurredAt(ProtoTime.toProto(FixedClockProducer.START));
    }

    /** Runs the integrity check over the whole store; returns every violation found (all pages). */
    public static List<io.laurel.proto.reward.v1.LedgerIntegrityViolation> violations(
            io.laurel.proto.reward.v1.LedgerServiceGrpc.LedgerServiceBlockingStub ledger, String store) {
        List<io.laurel.proto.reward.v1.LedgerIntegrityViolation> found = new ArrayList<>();
        String token = "";
        do {
            var page = ledger.checkLedgerIntegrity(io.laurel.proto.reward.v1.CheckLedgerIntegrityRequest.newBuilder()
                    .setStoreId(store).setPageToken(token).build());
            found.addAll(page.getViolationsList());
            token = page.getNextPageToken();
        } while (!token.isEmpty());
        return found;
    }
}
