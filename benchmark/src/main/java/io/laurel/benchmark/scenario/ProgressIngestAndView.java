package io.laurel.benchmark.scenario;

import com.google.protobuf.Timestamp;
import io.laurel.benchmark.BenchContext;
import io.laurel.benchmark.Figure;
import io.laurel.benchmark.Load;
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
import io.laurel.proto.program.v1.StoreSettings;
import io.laurel.proto.program.v1.StoreSettingsServiceGrpc;
import io.laurel.proto.program.v1.UpdateStoreSettingsRequest;
import io.laurel.proto.progress.v1.CustomerEvent;
import io.laurel.proto.progress.v1.GetCustomerProgressRequest;
import io.laurel.proto.progress.v1.IngestEventsRequest;
import io.laurel.proto.progress.v1.IngestEventsResponse;
import io.laurel.proto.progress.v1.OrderCompleted;
import io.laurel.proto.progress.v1.ProgressServiceGrpc;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * progress-service's hot paths (issue 7): ingestion of 1,000 customers × 20 orders in batches of 500 (each batch
 * the 20 orders of 25 customers) into a store with two live milestone programs — every event stored once, applied to
 * progress under its customer's row lock, milestones detected, outbox messages written — beside the raw single-row
 * update TPS of the same Postgres; then, once what the ingest set going has settled, the shopper view
 * (GetCustomerProgress, from Redis) in turns with a bare gRPC call on the same server.
 */
public final class ProgressIngestAndView implements Scenario {

    private static final int CUSTOMERS = 1_000;
    private static final int ORDERS = 20;
    private static final int CUSTOMERS_PER_BATCH = 25;
    private static final int INGEST_IN_FLIGHT = 4;

    @Override
    public String name() {
        return "progress";
    }

    @Override
    public String description() {
        return "IngestEvents " + CUSTOMERS + " customers × " + ORDERS + " orders in batches of "
                + CUSTOMERS_PER_BATCH * ORDERS + " (" + INGEST_IN_FLIGHT + " in flight) vs raw update TPS; "
                + "GetCustomerProgress vs a bare gRPC call, in turns (" + BenchContext.ECHO_IN_FLIGHT + " in flight each)";
    }

    @Override
    public List<Figure> run(BenchContext context) throws Exception {
        String store = "bench-progress-" + UUID.randomUUID().toString().substring(0, 8);
        configure(context, store);
        var progress = ProgressServiceGrpc.newBlockingStub(context.channel("progress"));
        awaitConfiguration(progress, store);

        int customers = Math.max(CUSTOMERS_PER_BATCH, context.scaled(CUSTOMERS));
        int batches = customers / CUSTOMERS_PER_BATCH;
        Instant base = Instant.now(); // after the programs' activation: earlier orders would not count (R-PROG-8)
        Map<String, Double> cpuBefore = context.cpu();
        Load.Result ingest = Load.calls(INGEST_IN_FLIGHT, batches, b -> {
            IngestEventsResponse response = progress.ingestEvents(batch(store, b, base));
            if (response.getAcceptedCount() != CUSTOMERS_PER_BATCH * ORDERS) {
                throw new IllegalStateException("batch " + b + " accepted " + response.getAcceptedCount());
            }
        });
        double eventsPerSecond = batches * (double) CUSTOMERS_PER_BATCH * ORDERS / ingest.seconds();

        // the view is measured on its own: the ingest's consequences (rewards, base earning, tier input) drain first
        context.awaitQuiet();
        Figure cpu = context.cpuPerUnit("suite CPU per ingested event (consequences drained)", cpuBefore,
                (long) batches * CUSTOMERS_PER_BATCH * ORDERS);
        context.vacuum();
        int viewed = batches * CUSTOMERS_PER_BATCH;
        BenchContext.Beside measured = context.echoBeside("progress", i -> progress.getCustomerProgress(
                GetCustomerProgressRequest.newBuilder().setStoreId(store).setCustomerId(customer(i % viewed)).build()));
        Load.Result echo = measured.echo();
        Load.Result views = measured.call();
        return Figure.listOf(
                Figure.atLeast("ingested events/s", eventsPerSecond, "/s", "raw update TPS", context.rawUpdateTps(), 3),
                Figure.info("ingest batch p99 (" + CUSTOMERS_PER_BATCH * ORDERS + " events)", ingest.p99Ms(), "ms",
                        "gRPC echo p99", echo.p99Ms()),
                Figure.atLeast("progress views/s", views.perSecond(), "/s", "gRPC echo", echo.perSecond(), 0.5),
                Figure.atMost("progress view p99", views.p99Ms(), "ms", "gRPC echo p99", echo.p99Ms(), 2),
                measured.serviceMicrosPerCall() == 0 ? null : Figure.info("progress-service CPU per view",
                        measured.serviceMicrosPerCall(), "µs", "per gRPC echo", measured.serviceMicrosPerEcho()),
                cpu);
    }

    private static void configure(BenchContext context, String store) {
        var settings = StoreSettingsServiceGrpc.newBlockingStub(context.channel("program"));
        settings.updateStoreSettings(UpdateStoreSettingsRequest.newBuilder().setRequestId(UUID.randomUUID().toString())
                .setStoreId(store).setExpectedVersion(0)
                .setSettings(StoreSettings.newBuilder().setCurrencyCode("USD").setTimeZone("Europe/Paris")
                        .setDefaultPointsExpiry(PointsExpiryPolicy.newBuilder()
                                .setKind(PointsExpiryPolicyKind.POINTS_EXPIRY_POLICY_KIND_NEVER))
                        .setBaseEarningRateMilli(1000).setPointValueMinorMilli(1000))
                .build());
        var programs = MilestoneProgramServiceGrpc.newBlockingStub(context.channel("program"));
        for (MilestoneMetric metric : List.of(MilestoneMetric.MILESTONE_METRIC_ORDER_COUNT,
                MilestoneMetric.MILESTONE_METRIC_AMOUNT_SPENT)) {
            MilestoneProgram.Builder program = MilestoneProgram.newBuilder().setStoreId(store)
                    .setInternalName("bench " + metric).setTitle("Bench").setMetric(metric)
                    .setPointsExpiry(PointsExpiryPolicy.newBuilder()
                            .setKind(PointsExpiryPolicyKind.POINTS_EXPIRY_POLICY_KIND_STORE_DEFAULT));
            long step = metric == MilestoneMetric.MILESTONE_METRIC_ORDER_COUNT ? 5 : 25_000;
            for (int m = 1; m <= 4; m++) {
                program.addMilestones(Milestone.newBuilder().setTarget(step * m).setReward(RewardSpec.newBuilder()
                        .setPoints(PointsReward.newBuilder().setFixedPoints(100L * m))));
            }
            String programId = programs.createMilestoneProgram(CreateMilestoneProgramRequest.newBuilder()
                    .setRequestId(UUID.randomUUID().toString()).setStoreId(store).setMilestoneProgram(program).build())
                    .getMilestoneProgram().getProgramId();
            programs.activateMilestoneProgram(ActivateMilestoneProgramRequest.newBuilder()
                    .setRequestId(UUID.randomUUID().toString()).setStoreId(store).setProgramId(programId)
                    .setExpectedVersion(1).build());
        }
    }

    /** Waits until progress-service has followed the configuration feed up to both live programs. */
    private static void awaitConfiguration(ProgressServiceGrpc.ProgressServiceBlockingStub progress, String store)
            throws Exception {
        Poll.until("progress-service to receive both programs", Duration.ofSeconds(60), Duration.ofMillis(100),
                () -> progress.getCustomerProgress(GetCustomerProgressRequest.newBuilder().setStoreId(store)
                        .setCustomerId("probe").build()).getProgramsCount() >= 2);
    }

    private static IngestEventsRequest batch(String store, int b, Instant base) {
        IngestEventsRequest.Builder request = IngestEventsRequest.newBuilder()
                .setRequestId(UUID.randomUUID().toString()).setStoreId(store);
        for (int c = b * CUSTOMERS_PER_BATCH; c < (b + 1) * CUSTOMERS_PER_BATCH; c++) {
            for (int o = 0; o < ORDERS; o++) {
                String order = "o-" + c + "-" + o;
                Instant at = base.plusMillis(o);
                request.addEvents(CustomerEvent.newBuilder().setEventId("order-completed:" + order).setStoreId(store)
                        .setCustomerId(customer(c))
                        .setOccurredAt(Timestamp.newBuilder().setSeconds(at.getEpochSecond()).setNanos(at.getNano()))
                        .setOrderCompleted(OrderCompleted.newBuilder().setOrderId(order)
                                .setAmount(Money.newBuilder().setAmountMinor(2_500 + o).setCurrencyCode("USD"))));
            }
        }
        return request.build();
    }

    private static String customer(int i) {
        return "customer-" + i;
    }
}
