package io.laurel.progress.grpc;

import io.laurel.platform.grpc.ProtoTime;
import io.laurel.progress.app.CatalogCache;
import io.laurel.progress.app.ConfigFeedHandler;
import io.laurel.proto.common.v1.MilestoneMetric;
import io.laurel.proto.common.v1.PointsExpiryPolicy;
import io.laurel.proto.common.v1.PointsExpiryPolicyKind;
import io.laurel.proto.common.v1.PointsReward;
import io.laurel.proto.common.v1.RewardSpec;
import io.laurel.proto.program.v1.ConfigChange;
import io.laurel.proto.program.v1.ConfigKind;
import io.laurel.proto.program.v1.Milestone;
import io.laurel.proto.program.v1.MilestoneProgram;
import io.laurel.proto.program.v1.MilestoneProgramStatus;
import io.laurel.proto.program.v1.StoreSettings;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Configuration as program-service's feed delivers it, applied through the service's own
 * ConfigChangeHandler (the feed subscriber is off in tests).
 */
@Singleton
class Configs {

    private static final AtomicLong SEQUENCE = new AtomicLong(1_000_000);

    private final Pool pool;
    private final ConfigFeedHandler handler;
    private final CatalogCache catalogs;

    Configs(Pool pool, ConfigFeedHandler handler, CatalogCache catalogs) {
        this.pool = pool;
        this.handler = handler;
        this.catalogs = catalogs;
    }

    static StoreSettings settings(String store, Instant from) {
        return StoreSettings.newBuilder().setStoreId(store).setCurrencyCode("USD").setTimeZone("Europe/Paris")
                .setDefaultPointsExpiry(PointsExpiryPolicy.newBuilder()
                        .setKind(PointsExpiryPolicyKind.POINTS_EXPIRY_POLICY_KIND_AFTER_DAYS).setDays(365))
                .setBaseEarningRateMilli(1000).setPointValueMinorMilli(1000).setVersion(1)
                .setCreateTime(ProtoTime.toProto(from)).setUpdateTime(ProtoTime.toProto(from)).build();
    }

    static MilestoneProgram.Builder program(String store, MilestoneMetric metric, Instant from, long... targets) {
        MilestoneProgram.Builder b = MilestoneProgram.newBuilder().setProgramId(UUID.randomUUID().toString())
                .setStoreId(store).setInternalName("internal name " + metric).setTitle("Title " + metric)
                .setStatus(MilestoneProgramStatus.MILESTONE_PROGRAM_STATUS_ACTIVE).setMetric(metric)
                .setPointsExpiry(PointsExpiryPolicy.newBuilder().setKind(PointsExpiryPolicyKind.POINTS_EXPIRY_POLICY_KIND_STORE_DEFAULT))
                .setVersion(1).setCreateTime(ProtoTime.toProto(from)).setUpdateTime(ProtoTime.toProto(from));
        for (long t : targets) {
            b.addMilestones(Milestone.newBuilder().setTarget(t)
                    .setReward(RewardSpec.newBuilder().setPoints(PointsReward.newBuilder().setFixedPoints(t * 10))));
        }
        return b;
    }

    /** Seeds a store with settings effective from {@code from}. */
    void store(String store, Instant from) {
        apply(ConfigChange.newBuilder().setStoreId(store).setKind(ConfigKind.CONFIG_KIND_STORE_SETTINGS)
                .setResourceId(store).setVersion(1).setStoreSettings(settings(store, from)).build());
    }

    MilestoneProgram program(MilestoneProgram program) {
        apply(ConfigChange.newBuilder().setStoreId(program.getStoreId()).setKind(ConfigKind.CONFIG_KIND_MILESTONE_PROGRAM)
                .setResourceId(program.getProgramId()).setVersion(program.getVersion())
                .setMilestoneProgram(program).build());
        return program;
    }

    private void apply(ConfigChange change) {
        ConfigChange sequenced = change.toBuilder().setSequence(SEQUENCE.incrementAndGet()).build();
        pool.withTransaction(tx -> handler.apply(tx, sequenced)).await().atMost(Duration.ofSeconds(10));
        catalogs.forget(change.getStoreId());
    }
}
