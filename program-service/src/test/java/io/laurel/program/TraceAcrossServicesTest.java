package io.laurel.program;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.grpc.StatusRuntimeException;
import io.laurel.devstack.LaurelTestResource;
import io.laurel.platform.grpc.PeerChannels;
import io.laurel.platform.outbox.Outbox;
import io.laurel.platform.outbox.OutboxMessage;
import io.laurel.proto.program.v1.ConfigChangeServiceGrpc;
import io.laurel.proto.program.v1.ListCurrentConfigRequest;
import io.laurel.proto.program.v1.GetStoreSettingsRequest;
import io.laurel.proto.program.v1.StoreSettingsServiceGrpc;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Transaction;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The in-process pieces of tracing, cheaply, in one service: a call to a peer through platform's
 * {@link PeerChannels} joins the caller's trace (the calling span, the client span of the call and the
 * called server span share one trace id, each the parent of the next, the SQL under the server span),
 * and an outbox message's delivery joins the trace of the change that queued it. Here program-service
 * plays both sides (peer {@code self} is its own port): the hop is a real gRPC call over the network,
 * with the context carried in its metadata. That it holds between separate processes — the services
 * as they are packaged, tracing switched on by configuration alone, spans exported over OTLP — is
 * e2e's {@code TraceStoryTest}.
 */
@QuarkusTest
@TestProfile(TraceAcrossServicesTest.TracingOn.class)
@WithTestResource(value = LaurelTestResource.class,
        initArgs = {@ResourceArg(name = LaurelTestResource.DATABASE, value = "laurel_program"),
                    @ResourceArg(name = LaurelTestResource.REDIS, value = "false")})
class TraceAcrossServicesTest {

    /** Tracing switched on as an operator would (the SDK on), spans kept in memory instead of exported. */
    public static class TracingOn implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "quarkus.otel.sdk.disabled", "false",
                    "quarkus.otel.exporter.otlp.enabled", "false",
                    "quarkus.otel.bsp.schedule.delay", "PT0.01S",
                    "laurel.outbox.relay-enabled", "true",
                    "laurel.peers.self", "localhost:${quarkus.http.test-port}");
        }
    }

    @Singleton
    static class SpansInMemory {
        private final InMemorySpanExporter exporter = InMemorySpanExporter.create();

        @Produces
        @Singleton
        InMemorySpanExporter exporter() {
            return exporter;
        }
    }

    @Inject
    InMemorySpanExporter spans;

    @Inject
    Tracer tracer;

    @Inject
    PeerChannels peers;

    @Inject
    Outbox outbox;

    @Inject
    Pool pool;

    @Test
    void aCallToAPeerJoinsTheCallersTrace() {
        spans.reset();
        Span caller = tracer.spanBuilder("caller's change").startSpan();
        try (Scope ignored = caller.makeCurrent()) {
            StoreSettingsServiceGrpc.newBlockingStub(peers.channel("self"))
                    .getStoreSettings(GetStoreSettingsRequest.newBuilder().setStoreId("store-" + UUID.randomUUID()).build());
        } catch (StatusRuntimeException expected) {
            // a store without settings: the answer does not matter, the trace does
        } finally {
            caller.end();
        }
        String traceId = caller.getSpanContext().getTraceId();

        String method = "laurel.program.v1.StoreSettingsService/GetStoreSettings";
        List<SpanData> chain = await().atMost(Duration.ofSeconds(10)).until(
                () -> spans.getFinishedSpanItems().stream().filter(s -> s.getTraceId().equals(traceId)).toList(),
                found -> has(found, SpanKind.CLIENT, method) && has(found, SpanKind.SERVER, method)
                        && found.stream().anyMatch(s -> s.getName().startsWith("SELECT")));

        SpanData client = only(chain, SpanKind.CLIENT, method);
        SpanData server = only(chain, SpanKind.SERVER, method);
        assertThat(client.getParentSpanId()).isEqualTo(caller.getSpanContext().getSpanId());
        assertThat(server.getParentSpanId()).isEqualTo(client.getSpanId());
        assertThat(server.getParentSpanContext().isRemote()).as("the context came over the wire").isTrue();
        assertThat(chain).as("the called service's SQL is in the trace, under its server span")
                .anySatisfy(span -> {
                    assertThat(span.getName()).startsWith("SELECT");
                    assertThat(span.getParentSpanId()).isEqualTo(server.getSpanId());
                });
    }

    @Test
    void anOutboxDeliveryJoinsTheTraceOfTheChangeThatQueuedIt() {
        spans.reset();
        Span change = tracer.spanBuilder("change that queues a message").startSpan();
        try (Scope ignored = change.makeCurrent()) {
            OutboxMessage message = OutboxMessage.of("self", ConfigChangeServiceGrpc.getListCurrentConfigMethod(),
                    ListCurrentConfigRequest.newBuilder().addStoreIds("store-" + UUID.randomUUID()).build(),
                    "trace-test:" + UUID.randomUUID());
            // the message is queued while the change's span is current, as in a service's gRPC call
            SqlConnection connection = pool.getConnection().await().atMost(Duration.ofSeconds(10));
            try {
                Transaction tx = connection.begin().await().atMost(Duration.ofSeconds(10));
                outbox.enqueue(connection, message).await().atMost(Duration.ofSeconds(10));
                tx.commit().await().atMost(Duration.ofSeconds(10));
            } finally {
                connection.closeAndAwait();
            }
        } finally {
            change.end();
        }
        String traceId = change.getSpanContext().getTraceId();

        String method = "laurel.program.v1.ConfigChangeService/ListCurrentConfig";
        List<SpanData> chain = await().atMost(Duration.ofSeconds(10)).until(
                () -> spans.getFinishedSpanItems().stream().filter(s -> s.getTraceId().equals(traceId)).toList(),
                found -> has(found, SpanKind.CLIENT, method) && has(found, SpanKind.SERVER, method));

        SpanData delivery = only(chain, SpanKind.CLIENT, method);
        SpanData received = only(chain, SpanKind.SERVER, method);
        assertThat(delivery.getParentSpanId()).as("the relay's call continues the queuing change")
                .isEqualTo(change.getSpanContext().getSpanId());
        assertThat(received.getParentSpanId()).isEqualTo(delivery.getSpanId());
    }

    private static boolean has(List<SpanData> spans, SpanKind kind, String name) {
        return spans.stream().anyMatch(s -> s.getKind() == kind && s.getName().equals(name));
    }

    private static SpanData only(List<SpanData> spans, SpanKind kind, String name) {
        List<SpanData> ofKind = spans.stream().filter(s -> s.getKind() == kind && s.getName().equals(name)).toList();
        assertThat(ofKind).as(kind + " " + name + " in " + spans).hasSize(1);
        return ofKind.getFirst();
    }
}
