package io.laurel.benchmark.scenario;

import io.laurel.benchmark.BenchContext;
import io.laurel.benchmark.Figure;
import io.laurel.benchmark.Load;
import io.laurel.benchmark.Scenario;
import io.laurel.proto.common.v1.Money;
import io.laurel.proto.common.v1.PointsExpiryPolicy;
import io.laurel.proto.common.v1.PointsExpiryPolicyKind;
import io.laurel.proto.tier.v1.QualifyingActivityKind;
import io.laurel.proto.tier.v1.RecordQualifyingActivitiesRequest;
import io.laurel.proto.tier.v1.RecordQualifyingActivityRequest;
import io.laurel.proto.tier.v1.TierServiceGrpc;
import com.google.protobuf.Timestamp;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Completed orders as qualifying activity, spread over many customers of one store: each activity
 * locks its customer, keeps the activity, replays it, and writes state, history, messages and entry
 * rewards when a tier moves — judged against the raw single-row-update TPS, twice: one
 * RecordQualifyingActivity per call (16 in flight, how an outside caller sends it), and
 * RecordQualifyingActivities of 100 activities (4 in flight, how the outboxes of progress-service
 * and reward-service deliver it), each on customers of its own.
 */
public final class TierActivity implements Scenario {

    private static final int CUSTOMERS = 10_000;
    private static final int IN_FLIGHT = 16;
    private static final int BATCH = 100;
    private static final int BATCHES_IN_FLIGHT = 4;

    @Override
    public String name() {
        return "tier-activity";
    }

    @Override
    public String description() {
        return "RecordQualifyingActivity over " + CUSTOMERS + " customers, " + IN_FLIGHT + " in flight, and"
                + " RecordQualifyingActivities of " + BATCH + " over as many others, " + BATCHES_IN_FLIGHT
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
        Load.Result result = Load.during(IN_FLIGHT, context.duration(),
                i -> tier.recordQualifyingActivity(order(run, store, "c-" + (i % customers), "evt-" + run + "-" + i, i, now)));
        context.awaitQuiet(); // the CPU figure includes what the calls set going through the outboxes
        Figure cpu = context.cpuPerUnit("suite CPU per qualifying activity", cpuBefore, result.calls());

        Map<String, Double> cpuBeforeBatches = context.cpu();
        Load.Result batches = Load.during(BATCHES_IN_FLIGHT, context.duration(), b -> {
            RecordQualifyingActivitiesRequest.Builder batch = RecordQualifyingActivitiesRequest.newBuilder().setStoreId(store);
            for (int k = 0; k < BATCH; k++) {
                int i = b * BATCH + k;
                batch.addActivities(order(run, store, "b-" + (i % customers), "evt-" + run + "-b" + i, i, now));
            }
            tier.recordQualifyingActivities(batch.build());
        });
        context.awaitQuiet();
        int activities = batches.calls() * BATCH;
        Figure batchCpu = context.cpuPerUnit("suite CPU per qualifying activity in batches", cpuBeforeBatches, activities);
        return Figure.listOf(
                Figure.atLeast("qualifying activity/s, one a call", result.perSecond(), "/s", "raw update TPS",
                        context.rawUpdateTps(), 0.5),
                Figure.info("qualifying activity p99, one a call", result.p99Ms(), "ms", "calls", result.calls()),
                cpu,
                Figure.atLeast("qualifying activity/s, " + BATCH + " a call", activities / batches.seconds(), "/s",
                        "raw update TPS", context.rawUpdateTps(), 0.5),
                Figure.info("batch of " + BATCH + " p99", batches.p99Ms(), "ms", "calls", batches.calls()),
                batchCpu);
    }

    private static RecordQualifyingActivityRequest order(String run, String store, String customer, String activityId,
                                                         long i, long now) {
        return RecordQualifyingActivityRequest.newBuilder().setRequestId(activityId + "-req").setStoreId(store)
                .setCustomerId(customer).setActivityId(activityId)
                .setKind(QualifyingActivityKind.QUALIFYING_ACTIVITY_KIND_ORDER_COMPLETED)
                .setOrderId("o-" + run + "-" + i)
                .setAmount(Money.newBuilder().setAmountMinor(40_000 + (i * 7919L) % 300_000).setCurrencyCode("EUR"))
                .setOccurredAt(Timestamp.newBuilder().setSeconds(now - 60 + (i % 60)))
                .build();
    }
}
