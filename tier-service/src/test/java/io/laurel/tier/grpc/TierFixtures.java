package io.laurel.tier.grpc;

import io.laurel.tier.app.PeriodEndJob;
import io.laurel.tier.app.ProgramChangePass;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Timestamp;
import io.laurel.platform.grpc.ProtoTime;
import io.laurel.platform.time.MutableClock;
import io.laurel.proto.common.v1.Actor;
import io.laurel.proto.common.v1.ActorKind;
import io.laurel.proto.program.v1.ConfigChange;
import io.laurel.proto.program.v1.ConfigKind;
import io.laurel.proto.program.v1.StoreSettings;
import io.laurel.proto.program.v1.Tier;
import io.laurel.proto.program.v1.TierCriterion;
import io.laurel.proto.program.v1.TierPerks;
import io.laurel.proto.program.v1.TierProgram;
import io.laurel.proto.program.v1.TierProgramStatus;
import io.laurel.proto.program.v1.TierWindow;
import io.laurel.tier.configfeed.TierConfigChangeHandler;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * What tier-service's {@code @QuarkusTest}s share: requests and configuration (static), and, as a
 * bean, configuration seeding through the feed handler, outbox reading and the test clock.
 */
@Singleton
class TierFixtures {

    static final Actor JANE = Actor.newBuilder().setKind(ActorKind.ACTOR_KIND_MERCHANT_STAFF).setId("staff-7")
            .setDisplayName("Jane (support)").build();

    private final Pool pool;
    private final TierConfigChangeHandler handler;
    private final MutableClock clock;

    private final PeriodEndJob periodEnds;
    private final ProgramChangePass passes;

    TierFixtures(Pool pool, TierConfigChangeHandler handler, MutableClock clock, PeriodEndJob periodEnds,
                 ProgramChangePass passes) {
        this.pool = pool;
        this.handler = handler;
        this.clock = clock;
        this.periodEnds = periodEnds;
        this.passes = passes;
    }

    /** Runs the period-end job once, as one replica's timer would. */
    int runPeriodEnds() {
        return periodEnds.runOnce().await().indefinitely();
    }

    /** Runs the background jobs once, as their timer would at the clock's now; returns customers settled. */
    int runJobs() {
        return periodEnds.runOnce().await().indefinitely() + passes.runOnce().await().indefinitely();
    }

    Pool pool() {
        return pool;
    }

    MutableClock clock() {
        return clock;
    }

    static String newStore() {
        return "store-" + UUID.randomUUID();
    }

    static String newId() {
        return UUID.randomUUID().toString();
    }

    static Tier tier(String id, String name, long threshold, int multiplierBps, String... benefits) {
        return Tier.newBuilder().setTierId(id).setName(name).setThreshold(threshold)
                .setPerks(TierPerks.newBuilder().setEarningMultiplierBps(multiplierBps).addAllBenefits(List.of(benefits)))
                .build();
    }

    /** Points, lifetime: silver 1000 (1.25×), gold 5000 (1.5×, free shipping). */
    static TierProgram program(String store, long version, TierProgramStatus status, Tier... extra) {
        List<Tier> tiers = new ArrayList<>(List.of(tier("silver", "Silver", 1000, 12_500),
                tier("gold", "Gold", 5000, 15_000, "Free shipping")));
        tiers.addAll(List.of(extra));
        return TierProgram.newBuilder()
                .setTierProgramId("tp-" + store)
                .setStoreId(store)
                .setInternalName("VIP")
                .setStatus(status)
                .setCriterion(TierCriterion.TIER_CRITERION_POINTS_EARNED)
                .setWindow(TierWindow.TIER_WINDOW_LIFETIME)
                .addAllTiers(tiers)
                .setVersion(version)
                .setCreateTime(ProtoTime.toProto(Instant.parse("2026-01-01T00:00:00Z")))
                .setUpdateTime(ProtoTime.toProto(Instant.parse("2026-01-01T00:00:00Z").plusSeconds(version)))
                .build();
    }

    void apply(TierProgram program) {
        apply(ConfigChange.newBuilder().setStoreId(program.getStoreId())
                .setKind(ConfigKind.CONFIG_KIND_TIER_PROGRAM).setResourceId(program.getTierProgramId())
                .setVersion(program.getVersion()).setChangeTime(program.getUpdateTime())
                .setTierProgram(program).build());
    }

    void apply(StoreSettings settings) {
        apply(ConfigChange.newBuilder().setStoreId(settings.getStoreId())
                .setKind(ConfigKind.CONFIG_KIND_STORE_SETTINGS).setResourceId(settings.getStoreId())
                .setVersion(settings.getVersion()).setChangeTime(settings.getUpdateTime())
                .setStoreSettings(settings).build());
    }

    void apply(ConfigChange change) {
        pool.withTransaction(tx -> handler.apply(tx, change)).await().indefinitely();
    }

    /** An active program for a new store; returns the store id. */
    String storeWithProgram(Tier... extra) {
        String store = newStore();
        apply(program(store, 2, TierProgramStatus.TIER_PROGRAM_STATUS_ACTIVE, extra));
        return store;
    }

    static Timestamp at(Instant instant) {
        return ProtoTime.toProto(instant);
    }

    /** An outbox row as the relay would deliver it. */
    record OutboxRow(String destination, String method, byte[] payload, String key) {

        <T extends com.google.protobuf.Message> T parse(com.google.protobuf.Parser<T> parser) {
            try {
                return parser.parseFrom(payload);
            } catch (InvalidProtocolBufferException e) {
                throw new AssertionError(e);
            }
        }
    }

    /** The outbox rows keyed {@code key}, by destination. */
    List<OutboxRow> outbox(String key) {
        List<OutboxRow> rows = new ArrayList<>();
        for (Row r : pool.preparedQuery("SELECT destination, method, payload, message_key FROM laurel_outbox"
                        + " WHERE message_key = $1 ORDER BY destination")
                .execute(Tuple.of(key)).await().indefinitely()) {
            rows.add(new OutboxRow(r.getString("destination"), r.getString("method"),
                    r.getBuffer("payload").getBytes(), r.getString("message_key")));
        }
        return rows;
    }
}
