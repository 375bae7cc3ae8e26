package io.laurel.benchmark.scenario;

import io.laurel.benchmark.BenchContext;
import io.laurel.benchmark.Figure;
import io.laurel.benchmark.Load;
import io.laurel.benchmark.Scenario;
import io.laurel.proto.common.v1.Actor;
import io.laurel.proto.common.v1.ActorKind;
import io.laurel.proto.reward.v1.AdjustPointsRequest;
import io.laurel.proto.reward.v1.CommitRedemptionRequest;
import io.laurel.proto.reward.v1.LedgerServiceGrpc;
import io.laurel.proto.reward.v1.RedemptionServiceGrpc;
import io.laurel.proto.reward.v1.ReserveRedemptionRequest;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Checkout redemption: ReserveRedemption then CommitRedemption (holds on the soonest-expiring lots,
 * then the SPENT entry), over many customers; a pair counts once. Beside the raw single-row-update
 * TPS of the same Postgres: issue #8 aims at ≥ 0.5×.
 */
public final class ReserveCommit implements Scenario {

    private static final int CUSTOMERS = 2_000;
    private static final int IN_FLIGHT = 16;

    @Override
    public String name() {
        return "reserve-commit";
    }

    @Override
    public String description() {
        return "ReserveRedemption + CommitRedemption over " + CUSTOMERS + " customers, " + IN_FLIGHT
                + " in flight, vs raw update TPS";
    }

    @Override
    public List<Figure> run(BenchContext context) throws Exception {
        String store = StoreSetup.rewardStore(context);
        var ledger = LedgerServiceGrpc.newBlockingStub(context.channel("reward"));
        var redemptions = RedemptionServiceGrpc.newBlockingStub(context.channel("reward"));
        int customers = context.scaled(CUSTOMERS);
        Actor ops = Actor.newBuilder().setKind(ActorKind.ACTOR_KIND_PLATFORM).setId("bench").build();
        Load.calls(IN_FLIGHT, customers, i -> ledger.adjustPoints(AdjustPointsRequest.newBuilder()
                .setRequestId(UUID.randomUUID().toString()).setStoreId(store).setCustomerId("c-" + i)
                .setPointsDelta(1_000_000).setReason("benchmark balance").setActor(ops).build()));
        Map<String, Double> cpuBefore = context.cpu();
        Load.Result pairs = Load.during(IN_FLIGHT, context.duration(), i -> {
            String id = UUID.randomUUID().toString();
            var reserved = redemptions.reserveRedemption(ReserveRedemptionRequest.newBuilder().setRequestId(id)
                    .setStoreId(store).setCustomerId("c-" + i % customers).setCheckoutId("cart-" + id).setPoints(10)
                    .build()).getRedemption();
            redemptions.commitRedemption(CommitRedemptionRequest.newBuilder().setRequestId(id).setStoreId(store)
                    .setRedemptionId(reserved.getRedemptionId()).setOrderId("order-" + id).build());
        });
        context.awaitQuiet(); // the CPU figure includes what the calls set going through the outboxes
        Figure cpu = context.cpuPerUnit("suite CPU per reserve+commit pair", cpuBefore, pairs.calls());
        return Figure.listOf(
                Figure.atLeast("reserve+commit pairs/s", pairs.perSecond(), "/s", "raw update TPS",
                        context.rawUpdateTps(), 0.5),
                Figure.info("reserve+commit p99", pairs.p99Ms(), "ms", "gRPC echo p99", context.echo("reward").p99Ms()),
                cpu);
    }
}
