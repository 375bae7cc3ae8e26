package io.laurel.benchmark.scenario;

import com.google.protobuf.Timestamp;
import io.laurel.proto.common.v1.PointsExpiryPolicy;
import io.laurel.proto.common.v1.PointsExpiryPolicyKind;
import io.laurel.proto.common.v1.PointsReward;
import io.laurel.proto.common.v1.RewardSpec;
import io.laurel.proto.program.v1.Tier;
import io.laurel.proto.program.v1.TierCriterion;
import io.laurel.proto.program.v1.TierPerks;
import io.laurel.proto.program.v1.TierProgram;
import io.laurel.proto.program.v1.TierProgramStatus;
import io.laurel.proto.program.v1.TierWindow;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * The bench's tier program, and a way to give a store that program straight in tier-service's own copy of the
 * configuration (what the feed from program-service would write) — for the period-end pass, whose seeded customers
 * need the program's id before any service runs. Scenarios whose calls set the chain going configure the store
 * through program-service instead ({@link StoreSetup}), so every consumer knows it.
 */
final class TierSetupSql {

    static final String DATABASE = "laurel_tier";

    private TierSetupSql() {
    }

    static String programId(String store) {
        return "tp-" + store;
    }

    /**
     * The bench's calendar-year amount program: silver 1,000.00, gold 5,000.00 (+500 points on entry), platinum
     * 20,000.00 — what a merchant would send to program-service (no ids, status or version yet).
     */
    static TierProgram.Builder vipProgram() {
        return TierProgram.newBuilder().setInternalName("VIP")
                .setCriterion(TierCriterion.TIER_CRITERION_AMOUNT_SPENT).setWindow(TierWindow.TIER_WINDOW_CALENDAR_YEAR)
                .addTiers(tier("silver", 100_000, 0)).addTiers(tier("gold", 500_000, 500))
                .addTiers(tier("platinum", 2_000_000, 0));
    }

    /** {@link #vipProgram()}, active, in tier-service's copy only; EUR, Europe/Paris. */
    static void activeProgram(Connection db, String store) throws SQLException {
        Timestamp t = Timestamp.newBuilder().setSeconds(1_767_225_600L).build();
        TierProgram program = vipProgram().setTierProgramId(programId(store)).setStoreId(store)
                .setStatus(TierProgramStatus.TIER_PROGRAM_STATUS_ACTIVE).setVersion(1).setCreateTime(t).setUpdateTime(t)
                .build();
        try (PreparedStatement settings = db.prepareStatement("""
                INSERT INTO store_settings (store_id, version, currency_code, time_zone, update_time,
                                            default_expiry_kind, default_expiry_days)
                VALUES (?, 1, 'EUR', 'Europe/Paris', now(), 'NEVER', 0)""");
             PreparedStatement tiers = db.prepareStatement("""
                INSERT INTO tier_program (store_id, tier_program_id, version, status, criterion, tier_window,
                                          update_time, snapshot)
                VALUES (?, ?, 1, 'ACTIVE', 'AMOUNT_SPENT', 'CALENDAR_YEAR', now(), ?)""")) {
            settings.setString(1, store);
            settings.executeUpdate();
            tiers.setString(1, store);
            tiers.setString(2, programId(store));
            tiers.setBytes(3, program.toByteArray());
            tiers.executeUpdate();
        }
    }

    private static Tier tier(String id, long threshold, long entryPoints) {
        TierPerks.Builder perks = TierPerks.newBuilder().setEarningMultiplierBps(10_000 + (int) (threshold / 1000));
        if (entryPoints > 0) {
            perks.setEntryReward(RewardSpec.newBuilder().setPoints(PointsReward.newBuilder().setFixedPoints(entryPoints)))
                    .setEntryRewardExpiry(PointsExpiryPolicy.newBuilder()
                            .setKind(PointsExpiryPolicyKind.POINTS_EXPIRY_POLICY_KIND_STORE_DEFAULT));
        }
        return Tier.newBuilder().setTierId(id).setName(id).setThreshold(threshold).setPerks(perks).build();
    }
}
