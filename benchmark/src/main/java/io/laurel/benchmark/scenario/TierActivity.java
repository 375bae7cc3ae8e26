package io.laurel.benchmark.scenario;

import io.laurel.benchmark.BenchContext;
import io.laurel.benchmark.Figure;
import io.laurel.benchmark.Load;
import io.laurel.benchmark.Scenario;
import io.laurel.proto.common.v1.Money;
import io.laurel.proto.common.v1.PointsExpiryPolicy;
import io.laurel.proto.common.v1.PointsExpiryPolicyKind;
import io.laurel.proto.tier.v1.QualifyingActivityKind;
import io.laurel.proto.tier.v1.RecordQualifyingActivityRequest;
import io.laurel.proto.tier.v1.TierServiceGrpc;
import com.google.protobuf.Timestamp;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * RecordQualifyingActivity (completed orders) spread over many customers of one store, 16 in
 * flight: each call locks the customer, keeps the activity, replays it, and writes state, history,
 * messages and entry rewards when a tier moves — judged against the raw single-row-update TPS.
 */
public final class TierActivity implements Scenario {

    private static final int CUSTOMERS = 10_000;
    private static final int IN_FLIGHT = 16;

    @Override
    public String name() {
        return "tier-activity";
    }

    @Override
    public String description() {
        return "RecordQualifyingActivity over " + CUSTOMERS + " customers, " + IN_FLIGHT
                + " in flight, vs raw update TPS (aim ≥ 0.5×)";
    }

    @Override
    public List<Figure> run(BenchContext context) throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String store = "bench-tier-" + run;
        // through program-service, so reward-service knows the store when gold's entry reward reaches it
        StoreSetup.settings(context, store, "EUR", "Europe/Paris",
                PointsExpiryPolicy.newBuilder().setKind(PointsExpiryPolicyKind.POINTS_EXPIRY_POLICY_KIND_NEVER).build());
        StoreSetup.activeTierProgram(context, store, TierSetupSql.vipProgram());
        var tier = TierServiceGrpc.newBlockingStub(context.channel("tier"));
        int customers = context.scaled(CUSTOMERS);
        long now = System.currentTimeMillis() / 1000;
        Map<String, Double> cpuBefore = context.cpu();
        Load.Result result = Load.during(IN_FLIGHT, context.duration(), i -> tier.recordQualifyingActivity(
                RecordQualifyingActivityRequest.newBuilder().setRequestId(run + "-" + i).setStoreId(store)
                        .setCustomerId("c-" + (i % customers)).setActivityId("evt-" + run + "-" + i)
                        .setKind(QualifyingActivityKind.QUALIFYING_ACTIVITY_KIND_ORDER_COMPLETED)
                        .setOrderId("o-" + i)
                        .setAmount(Money.newBuilder().setAmountMinor(40_000 + (i * 7919L) % 300_000).setCurrencyCode("EUR"))
                        .setOccurredAt(Timestamp.newBuilder().setSeconds(now - 60 + (i % 60)))
                        .build()));
        context.awaitQuiet(); // the CPU figure includes what the calls set going through the outboxes
        Figure cpu = context.cpuPerUnit("suite CPU per qualifying activity", cpuBefore, result.calls());
        return Figure.listOf(
                Figure.atLeast("qualifying activity/s", result.perSecond(), "/s", "raw update TPS",
                        context.rawUpdateTps(), 0.5),
                Figure.info("qualifying activity p99", result.p99Ms(), "ms", "calls", result.calls()),
                cpu);
    }
}
