package io.laurel.reward;

import static io.laurel.reward.grpc.LedgerFixture.adjust;
import static io.laurel.reward.grpc.LedgerFixture.newCustomer;
import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;
import io.laurel.devstack.LaurelTestResource;
import io.laurel.proto.reward.v1.LedgerEntry;
import io.laurel.proto.reward.v1.LedgerServiceGrpc.LedgerServiceBlockingStub;
import io.laurel.reward.grpc.LedgerFixture;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * Traces are off until configured (docs/operations.md, "Traces"): with the defaults every service
 * shares (platform's {@code microprofile-config.properties}: the OpenTelemetry SDK disabled) a service
 * makes no span of its own, even for a caller that traces, so it has nothing to export and its outbox
 * keeps no trace with the messages a change queues. e2e's {@code TraceStoryTest} switches tracing on
 * by configuration alone and follows one trace across the processes.
 */
@QuarkusTest
@WithTestResource(value = LaurelTestResource.class,
        initArgs = {@ResourceArg(name = LaurelTestResource.DATABASE, value = "laurel_reward"),
                    @ResourceArg(name = LaurelTestResource.REDIS, value = "false")})
class TracingOffByDefaultTest {

    /** A sampled caller's W3C trace context. */
    private static final String TRACED_CALLER = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    @GrpcClient("reward")
    LedgerServiceBlockingStub ledger;

    @Inject
    LedgerFixture fixture;

    @Test
    void withoutConfigurationAChangeIsNotTracedEvenWhenItsCallerIs() {
        assertThat(ConfigProvider.getConfig().getValue("quarkus.otel.sdk.disabled", Boolean.class)).isTrue();
        Metadata headers = new Metadata();
        headers.put(Metadata.Key.of("traceparent", Metadata.ASCII_STRING_MARSHALLER), TRACED_CALLER);

        LedgerEntry grant = ledger.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
                .adjustPoints(adjust(fixture.parisStore(), newCustomer(), 250).build()).getEntry();

        List<String> queued = new ArrayList<>();
        for (Row row : fixture.pool().preparedQuery(
                        "SELECT destination, trace_context FROM laurel_outbox WHERE message_key = $1 ORDER BY id")
                .execute(Tuple.of("ledger:" + grant.getEntryId())).await().indefinitely()) {
            queued.add(row.getString("destination") + " " + row.getString("trace_context"));
        }
        assertThat(queued).as("the grant's messages, with the trace they carry")
                .containsExactlyInAnyOrder("progress null", "tier null");
    }
}
