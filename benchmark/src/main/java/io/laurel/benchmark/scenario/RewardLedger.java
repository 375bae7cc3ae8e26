package io.laurel.benchmark.scenario;

import io.laurel.benchmark.BenchContext;
import io.laurel.devstack.LaurelService;
import io.laurel.proto.common.v1.PointsExpiryPolicy;
import io.laurel.proto.common.v1.PointsExpiryPolicyKind;
import io.laurel.proto.program.v1.StoreSettings;
import io.laurel.proto.program.v1.StoreSettingsServiceGrpc;
import io.laurel.proto.program.v1.UpdateStoreSettingsRequest;
import io.laurel.proto.reward.v1.GetBalanceRequest;
import io.laurel.proto.reward.v1.LedgerServiceGrpc;
import java.util.List;
import java.util.UUID;

/** What the reward-service scenarios share: the services they run and a store its settings reached. */
final class RewardLedger {

    static final List<LaurelService> SERVICES = List.of(LaurelService.ALL.get(0), LaurelService.ALL.get(2));

    private RewardLedger() {
    }

    /** Creates a store in program-service and waits until its settings reach reward-service over the feed. */
    static String configuredStore(BenchContext context) throws InterruptedException {
        String store = "bench-reward-" + UUID.randomUUID().toString().substring(0, 8);
        StoreSettingsServiceGrpc.newBlockingStub(context.channel("program")).updateStoreSettings(
                UpdateStoreSettingsRequest.newBuilder().setRequestId(UUID.randomUUID().toString()).setStoreId(store)
                        .setExpectedVersion(0)
                        .setSettings(StoreSettings.newBuilder().setCurrencyCode("USD").setTimeZone("Europe/Paris")
                                .setDefaultPointsExpiry(PointsExpiryPolicy.newBuilder()
                                        .setKind(PointsExpiryPolicyKind.POINTS_EXPIRY_POLICY_KIND_AFTER_DAYS).setDays(365))
                                .setBaseEarningRateMilli(1000).setPointValueMinorMilli(1000))
                        .build());
        var ledger = LedgerServiceGrpc.newBlockingStub(context.channel("reward"));
        for (int attempt = 0; attempt < 300; attempt++) {
            try {
                ledger.getBalance(GetBalanceRequest.newBuilder().setStoreId(store).setCustomerId("probe").build());
                return store;
            } catch (io.grpc.StatusRuntimeException notYet) {
                Thread.sleep(100);
            }
        }
        throw new IllegalStateException("store settings did not reach reward-service within 30 s");
    }
}
