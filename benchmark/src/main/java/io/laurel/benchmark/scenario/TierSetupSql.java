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
 * Gives a bench store an active calendar-year amount program in tier-service's own copy of the
 * configuration (what the feed from program-service would write), so tier scenarios need no other service.
 */
final class TierSetupSql {

    static final String DATABASE = "laurel_tier";

    private TierSetupSql() {
    }

    static String programId(String store) {
        return "tp-" + store;
    }

    /** Silver 1,000.00, gold 5,000.00 (+500 points on entry), platinum 20,000.00; EUR, Europe/Paris. */
    static void activeProgram(Connection db, String store) throws SQLException {
        Timestamp t = Timestamp.newBuilder().setSeconds(1_767_225_600L).build();
        TierProgram program = TierProgram.newBuilder().setTierProgramId(programId(store)).setStoreId(store)
                .setInternalName("VIP").setStatus(TierProgramStatus.TIER_PROGRAM_STATUS_ACTIVE)
                .setCriterion(TierCriterion.TIER_CRITERION_AMOUNT_SPENT).setWindow(TierWindow.TIER_WINDOW_CALENDAR_YEAR)
                .addTiers(tier("silver", 100_000, 0)).addTiers(tier("gold", 500_000, 500))
                .addTiers(tier("platinum", 2_000_000, 0)).setVersion(1).setCreateTime(t).setUpdateTime(t).build();
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
