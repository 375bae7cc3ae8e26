package io.laurel.benchmark.scenario;

import io.grpc.StatusRuntimeException;
import io.laurel.benchmark.BenchContext;
import io.laurel.proto.common.v1.PointsExpiryPolicy;
import io.laurel.proto.common.v1.PointsExpiryPolicyKind;
import io.laurel.proto.program.v1.ActivateTierProgramRequest;
import io.laurel.proto.program.v1.CreateTierProgramRequest;
import io.laurel.proto.program.v1.StoreSettings;
import io.laurel.proto.program.v1.StoreSettingsServiceGrpc;
import io.laurel.proto.program.v1.TierProgram;
import io.laurel.proto.program.v1.TierProgramServiceGrpc;
import io.laurel.proto.program.v1.UpdateStoreSettingsRequest;
import io.laurel.proto.reward.v1.GetBalanceRequest;
import io.laurel.proto.reward.v1.LedgerServiceGrpc;
import io.laurel.proto.tier.v1.CustomerTier;
import io.laurel.proto.tier.v1.GetCustomerTierRequest;
import io.laurel.proto.tier.v1.TierServiceGrpc;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.UUID;

/**
 * Configures a bench store the way a merchant does — through program-service — and waits until the configuration
 * feed has brought it to the services a scenario's calls reach, so no message of the chain is refused for a store
 * its receiver does not know yet (a refusal is retried with back-off, and would be billed to the scenario).
 */
final class StoreSetup {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final Duration PAUSE = Duration.ofMillis(100);

    private StoreSetup() {
    }

    /** A new store (USD, points valid 365 days) whose settings reached reward-service. */
    static String rewardStore(BenchContext context) throws Exception {
        String store = "bench-reward-" + UUID.randomUUID().toString().substring(0, 8);
        settings(context, store, "USD", "Europe/Paris", PointsExpiryPolicy.newBuilder()
                .setKind(PointsExpiryPolicyKind.POINTS_EXPIRY_POLICY_KIND_AFTER_DAYS).setDays(365).build());
        return store;
    }

    /** Saves the store's settings and waits until reward-service answers for the store. */
    static void settings(BenchContext context, String store, String currency, String timeZone, PointsExpiryPolicy expiry)
            throws Exception {
        StoreSettingsServiceGrpc.newBlockingStub(context.channel("program")).updateStoreSettings(
                UpdateStoreSettingsRequest.newBuilder().setRequestId(UUID.randomUUID().toString()).setStoreId(store)
                        .setExpectedVersion(0)
                        .setSettings(StoreSettings.newBuilder().setCurrencyCode(currency).setTimeZone(timeZone)
                                .setDefaultPointsExpiry(expiry).setBaseEarningRateMilli(1000).setPointValueMinorMilli(1000))
                        .build());
        var ledger = LedgerServiceGrpc.newBlockingStub(context.channel("reward"));
        await("store " + store + "'s settings to reach reward-service", () -> {
            ledger.getBalance(GetBalanceRequest.newBuilder().setStoreId(store).setCustomerId("probe").build());
            return true;
        });
    }

    /**
     * Creates and activates {@code program} for the store; waits until tier-service computes with that version and has
     * finished the program-change pass the activation opened.
     */
    static void activeTierProgram(BenchContext context, String store, TierProgram.Builder program)
            throws Exception {
        var programs = TierProgramServiceGrpc.newBlockingStub(context.channel("program"));
        TierProgram created = programs.createTierProgram(CreateTierProgramRequest.newBuilder()
                .setRequestId(UUID.randomUUID().toString()).setStoreId(store).setTierProgram(program).build())
                .getTierProgram();
        TierProgram active = programs.activateTierProgram(ActivateTierProgramRequest.newBuilder()
                .setRequestId(UUID.randomUUID().toString()).setStoreId(store)
                .setTierProgramId(created.getTierProgramId()).setExpectedVersion(created.getVersion()).build())
                .getTierProgram();
        var tier = TierServiceGrpc.newBlockingStub(context.channel("tier"));
        await("version " + active.getVersion() + " of store " + store + "'s tier program to reach tier-service", () -> {
            CustomerTier known = tier.getCustomerTier(GetCustomerTierRequest.newBuilder().setStoreId(store)
                    .setCustomerId("probe").build()).getCustomerTier();
            return known.getTierProgramId().equals(active.getTierProgramId())
                    && known.getTierProgramVersion() >= active.getVersion();
        });
        // the activation opens a program-change pass over the store's customers (none yet); a pass still open when the
        // load starts would re-evaluate every customer the load touched, billed to the scenario
        try (Connection db = context.postgres().connect(TierSetupSql.DATABASE);
             PreparedStatement open = db.prepareStatement(
                     "SELECT EXISTS (SELECT 1 FROM tier_program_pass WHERE store_id = ? AND complete_time IS NULL)")) {
            open.setString(1, store);
            await("the activation's program-change pass of store " + store + " to complete", () -> {
                try (ResultSet rows = open.executeQuery()) {
                    rows.next();
                    return !rows.getBoolean(1);
                }
            });
        }
    }

    /** Polls {@code reached} until it holds; a gRPC refusal counts as not yet (the store is not known there). */
    private static void await(String what, Poll.Check reached) throws Exception {
        Poll.until(what, TIMEOUT, PAUSE, () -> {
            try {
                return reached.met();
            } catch (StatusRuntimeException notYet) {
                return false;
            }
        });
    }
}
