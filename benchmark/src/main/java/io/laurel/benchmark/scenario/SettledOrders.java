package io.laurel.benchmark.scenario;

import io.laurel.benchmark.BenchContext;
import io.laurel.benchmark.Figure;
import io.laurel.benchmark.Load;
import io.laurel.benchmark.Outboxes;
import io.laurel.benchmark.Scenario;
import io.laurel.proto.common.v1.MilestoneMetric;
import io.laurel.proto.common.v1.Money;
import io.laurel.proto.common.v1.PointsExpiryPolicy;
import io.laurel.proto.common.v1.PointsExpiryPolicyKind;
import io.laurel.proto.common.v1.PointsReward;
import io.laurel.proto.common.v1.RewardSpec;
import io.laurel.proto.program.v1.ActivateMilestoneProgramRequest;
import io.laurel.proto.program.v1.CreateMilestoneProgramRequest;
import io.laurel.proto.program.v1.Milestone;
import io.laurel.proto.program.v1.MilestoneProgram;
import io.laurel.proto.program.v1.MilestoneProgramServiceGrpc;
import io.laurel.proto.program.v1.RefundPolicy;
import io.laurel.proto.progress.v1.CustomerEvent;
import io.laurel.proto.progress.v1.IngestEventsRequest;
import io.laurel.proto.progress.v1.OrderCompleted;
import io.laurel.proto.progress.v1.ProgressServiceGrpc;
import com.google.protobuf.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * End to end (issue 10): many customers' orders into progress-service, then every consequence through all four
 * services — milestones → rewards, base earning, tier input, points back to progress — until every outbox has
 * drained. Settled orders/s is orders ÷ (first order sent → last outbox message delivered), beside the same
 * Postgres's raw single-row-update TPS. Also the relays' lag (enqueue → delivery) and what was parked.
 */
public final class SettledOrders implements Scenario {

    private static final int CUSTOMERS = 2_000;
    private static final int ORDERS_PER_CUSTOMER = 3;
    private static final int EVENTS_PER_CALL = 50;
    private static final int IN_FLIGHT = 8;

    @Override
    public String name() {
        return "settled-orders";
    }

    @Override
    public String description() {
        return CUSTOMERS + " customers × " + ORDERS_PER_CUSTOMER + " orders (" + EVENTS_PER_CALL
                + " per IngestEvents, " + IN_FLIGHT + " in flight), a milestone at the 3rd order, until every outbox drained";
    }

    @Override
    public List<Figure> run(BenchContext context) throws Exception {
        String store = "bench-e2e-" + UUID.randomUUID().toString().substring(0, 8);
        configure(context, store);
        int customers = context.scaled(CUSTOMERS);
        int orders = customers * ORDERS_PER_CUSTOMER;
        int calls = (orders + EVENTS_PER_CALL - 1) / EVENTS_PER_CALL;
        var progress = ProgressServiceGrpc.newBlockingStub(context.channel("progress"));

        Instant since = Instant.now().minusSeconds(1);
        Map<String, Double> cpuBefore = context.cpu();
        long started = System.nanoTime();
        Load.Result ingest = Load.calls(IN_FLIGHT, calls, call -> {
            IngestEventsRequest.Builder batch = IngestEventsRequest.newBuilder()
                    .setRequestId(UUID.randomUUID().toString()).setStoreId(store);
            for (int e = call * EVENTS_PER_CALL; e < Math.min(orders, (call + 1) * EVENTS_PER_CALL); e++) {
                // order e: customer e % customers, so each batch spreads over many customers
                String orderId = "o-" + e;
                batch.addEvents(CustomerEvent.newBuilder().setEventId(orderId).setStoreId(store)
                        .setCustomerId("c-" + (e % customers))
                        .setOccurredAt(Timestamp.newBuilder().setSeconds(System.currentTimeMillis() / 1000))
                        .setOrderCompleted(OrderCompleted.newBuilder().setOrderId(orderId)
                                .setAmount(Money.newBuilder().setCurrencyCode("USD").setAmountMinor(2_500))));
            }
            progress.ingestEvents(batch.build());
        });
        Outboxes.Drained drained = Outboxes.awaitDrained(context.postgres(), since, Duration.ofMinutes(10));
        double seconds = (System.nanoTime() - started) / 1e9;

        return Figure.listOf(
                Figure.atLeast("settled orders/s", orders / seconds, "/s", "raw update TPS", context.rawUpdateTps(), 1),
                Figure.info("ingested orders/s", orders / ingest.seconds(), "/s", "raw update TPS", context.rawUpdateTps()),
                Figure.info("outbox messages delivered", drained.delivered(), "", "orders", orders),
                Figure.info("relay lag p99", drained.lagP99Ms(), "ms", "relay lag max", drained.lagMaxMs()),
                Figure.info("parked messages", drained.parked(), "", "orders", orders),
                context.cpuPerUnit("suite CPU per settled order", cpuBefore, orders));
    }

    private static void configure(BenchContext context, String store) throws Exception {
        StoreSetup.settings(context, store, "USD", "UTC",
                PointsExpiryPolicy.newBuilder().setKind(PointsExpiryPolicyKind.POINTS_EXPIRY_POLICY_KIND_NEVER).build());
        var programs = MilestoneProgramServiceGrpc.newBlockingStub(context.channel("program"));
        MilestoneProgram created = programs.createMilestoneProgram(CreateMilestoneProgramRequest.newBuilder()
                .setRequestId(UUID.randomUUID().toString()).setStoreId(store)
                .setMilestoneProgram(MilestoneProgram.newBuilder().setInternalName("third order").setTitle("3rd order: 100 points")
                        .setMetric(MilestoneMetric.MILESTONE_METRIC_ORDER_COUNT).setRefundPolicy(RefundPolicy.REFUND_POLICY_KEEP)
                        .setPointsExpiry(PointsExpiryPolicy.newBuilder().setKind(PointsExpiryPolicyKind.POINTS_EXPIRY_POLICY_KIND_STORE_DEFAULT))
                        .addMilestones(Milestone.newBuilder().setTarget(3).setReward(RewardSpec.newBuilder()
                                .setPoints(PointsReward.newBuilder().setFixedPoints(100)))))
                .build()).getMilestoneProgram();
        programs.activateMilestoneProgram(ActivateMilestoneProgramRequest.newBuilder()
                .setRequestId(UUID.randomUUID().toString()).setStoreId(store).setProgramId(created.getProgramId())
                .setExpectedVersion(created.getVersion()).build());
        Thread.sleep(2_000); // let the configuration feed reach every consumer before the clock starts
    }
}
