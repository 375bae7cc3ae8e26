package io.laurel.e2e;

import static io.laurel.e2e.OtlpCollector.SPAN_KIND_CLIENT;
import static io.laurel.e2e.OtlpCollector.SPAN_KIND_SERVER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.laurel.e2e.OtlpCollector.ExportedSpan;
import io.laurel.proto.progress.v1.EventOutcome;
import io.laurel.proto.progress.v1.EventResult;
import io.laurel.proto.progress.v1.ProgressServiceGrpc;
import io.laurel.proto.reward.v1.EarningServiceGrpc;
import io.laurel.proto.tier.v1.TierServiceGrpc;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Traces across processes: the four services, tracing switched on by configuration alone, export
 * OTLP to a collector in this JVM ({@link OtlpCollector}); one order sent to progress-service is then
 * one trace through every process it reaches, outbox deliveries included — the delivery of a message,
 * made later by the relay, joins the trace of the change that queued it (platform's
 * {@code OutboxTrace}), and the receiving process continues it (the {@code traceparent} in gRPC
 * metadata).
 *
 * <p>This story starts a suite of its own rather than switching tracing on in the shared one
 * ({@link LaurelSuite}). The shared suite runs the configuration every install starts with — tracing
 * off — and the other stories prove what that configuration does; with tracing on there, every story
 * would run a configuration no default install runs, and every span of every story would be recorded,
 * exported and decoded here on every run (the one order below makes some 60 spans in four processes —
 * each gRPC call, each SQL statement; the fault streams send hundreds of grants). Its own suite costs
 * one more start of the same jars by the same {@code Launcher} (≈ 45 s on two busy cores), only while
 * this story runs, stopped when it ends; the one difference from {@code ./laurel up} is the environment
 * in {@link #tracingOn}, which is what an operator sets (docs/operations.md, "Traces"). Ports: services
 * 28181–28184, Postgres 25532, Redis 26479; state and logs in {@code e2e/target/trace-suite}.
 */
class TraceStoryTest {

    static final int PORT_SHIFT = LaurelSuite.PORT_SHIFT + 100;
    private static final String INGEST = ProgressServiceGrpc.getIngestEventsMethod().getFullMethodName();
    private static final String EARN = EarningServiceGrpc.getEarnForOrderMethod().getFullMethodName();
    private static final String TIER_ACTIVITY = TierServiceGrpc.getRecordQualifyingActivityMethod().getFullMethodName();

    /**
     * Tracing switched on, as in docs/operations.md: the SDK on, OTLP over HTTP to {@code endpoint}; spans
     * are sent every 200 ms rather than every 5 s so the story does not wait.
     */
    static Map<String, String> tracingOn(String endpoint) {
        return Map.of(
                "QUARKUS_OTEL_SDK_DISABLED", "false",
                "QUARKUS_OTEL_EXPORTER_OTLP_TRACES_PROTOCOL", "http/protobuf",
                "QUARKUS_OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", endpoint,
                "QUARKUS_OTEL_BSP_SCHEDULE_DELAY", "PT0.2S");
    }

    private static OtlpCollector collector;
    private static LaurelSuite.Running traced;

    @BeforeAll
    static void startATracedSuite() throws IOException {
        collector = OtlpCollector.start();
        traced = new LaurelSuite.Running(LaurelSuite.home().resolveSibling("trace-suite"), PORT_SHIFT,
                15432 + 10_100, 16379 + 10_100, tracingOn(collector.endpoint()));
    }

    @AfterAll
    static void stop() {
        if (traced != null) {
            traced.close();
        }
        if (collector != null) {
            collector.close();
        }
    }

    @Test
    void anOrderIsOneTraceThroughEveryProcessItsOutboxMessagesReach() throws Exception {
        Shop shop = Shop.open(traced, "trace", "Europe/Paris");

        // sent without a traceparent, as by a caller that does not trace: the trace starts at the change
        List<EventResult> results = shop.ingest(shop.order("ada", "trace-1", 4_250)).getResultsList();
        shop.settleAndCheck();

        assertThat(results).extracting(EventResult::getOutcome).containsExactly(EventOutcome.EVENT_OUTCOME_ACCEPTED);
        assertThat(shop.balance("ada")).as("the order earned points in reward-service").isPositive();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            List<ExportedSpan> all = collector.spans();
            assertThat(collector.refused()).as("exports the collector could not take").isEmpty();
            ExportedSpan earned = first(all, "reward", SPAN_KIND_SERVER, EARN)
                    .orElseThrow(() -> new AssertionError("no EarnForOrder server span from reward-service yet; spans: "
                            + all.size()));
            List<ExportedSpan> trace = all.stream().filter(s -> s.traceId().equals(earned.traceId())).toList();
            String shown = "trace " + earned.traceId() + ":\n" + describe(trace);

            // progress-service: the change (its gRPC server span, under the HTTP request gRPC rides on) → … →
            // the outbox's delivery call; reward-service: the call received
            List<ExportedSpan> toTheRoot = lineage(earned, trace);
            assertThat(toTheRoot).as("EarnForOrder's ancestors, all exported\n" + shown).hasSizeGreaterThanOrEqualTo(3);
            ExportedSpan delivery = toTheRoot.get(1);
            assertThat(delivery).as("parent of reward-service's server span\n" + shown)
                    .matches(s -> s.is(SPAN_KIND_CLIENT, EARN) && s.service().equals("progress"));
            ExportedSpan change = toTheRoot.stream().filter(s -> s.is(SPAN_KIND_SERVER, INGEST)).findFirst()
                    .orElseThrow(() -> new AssertionError("the order's IngestEvents is no ancestor of the delivery\n" + shown));
            assertThat(toTheRoot.subList(1, toTheRoot.size())).as("from the delivery up to the root\n" + shown)
                    .allMatch(s -> s.service().equals("progress"));
            assertThat(toTheRoot.getLast().kind()).as("the trace begins where the order came in\n" + shown)
                    .isEqualTo(SPAN_KIND_SERVER);
            assertThat(earned.service()).as("two processes").isNotEqualTo(delivery.service());

            // and on: reward-service's own outbox delivers the points to progress-service (a second outbox
            // hop in the same trace), and tier-service hears of the order and the points
            ExportedSpan pointsReceived = trace.stream()
                    .filter(s -> s.service().equals("progress") && s.is(SPAN_KIND_SERVER, INGEST))
                    .filter(s -> !s.spanId().equals(change.spanId()))
                    .findFirst().orElseThrow(() -> new AssertionError("no second IngestEvents in progress-service\n" + shown));
            List<ExportedSpan> pointsLineage = lineage(pointsReceived, trace);
            assertThat(pointsLineage).as("the points' delivery, back to the change\n" + shown)
                    .contains(earned, change);
            assertThat(pointsLineage.get(1)).as("parent of the points received\n" + shown)
                    .matches(s -> s.is(SPAN_KIND_CLIENT, INGEST) && s.service().equals("reward"));
            assertThat(trace).as("tier-service's server spans lead back to the change\n" + shown)
                    .filteredOn(s -> s.service().equals("tier") && s.is(SPAN_KIND_SERVER, TIER_ACTIVITY))
                    .isNotEmpty()
                    .allSatisfy(s -> assertThat(lineage(s, trace)).contains(change));
        });
    }

    private static Optional<ExportedSpan> first(List<ExportedSpan> spans, String service, int kind, String name) {
        return spans.stream().filter(s -> s.service().equals(service) && s.is(kind, name)).findFirst();
    }

    /** The span, its parent, its parent's parent … up to the root; empty when a link has not been exported. */
    private static List<ExportedSpan> lineage(ExportedSpan span, List<ExportedSpan> trace) {
        Map<String, ExportedSpan> byId = trace.stream()
                .collect(Collectors.toMap(ExportedSpan::spanId, s -> s, (a, b) -> a));
        List<ExportedSpan> lineage = new ArrayList<>();
        ExportedSpan current = span;
        while (current != null && lineage.size() <= trace.size()) {
            lineage.add(current);
            if (current.parentSpanId().isEmpty()) {
                return lineage;
            }
            current = byId.get(current.parentSpanId());
        }
        return List.of();
    }

    /** The trace as a tree, for failure messages. */
    private static String describe(List<ExportedSpan> trace) {
        StringBuilder out = new StringBuilder();
        trace.stream().filter(s -> s.parentSpanId().isEmpty() || trace.stream().noneMatch(p -> p.spanId().equals(s.parentSpanId())))
                .forEach(root -> describe(root, trace, 1, out));
        return out.toString();
    }

    private static void describe(ExportedSpan span, List<ExportedSpan> trace, int depth, StringBuilder out) {
        out.append("  ".repeat(depth)).append(span).append('\n');
        trace.stream().filter(s -> s.parentSpanId().equals(span.spanId()))
                .sorted(Comparator.comparing(ExportedSpan::service).thenComparing(ExportedSpan::name))
                .forEach(child -> describe(child, trace, depth + 1, out));
    }
}
