package io.laurel.progress.grpc;

import static io.laurel.progress.grpc.ProgressFixture.newStore;
import static org.assertj.core.api.Assertions.assertThat;

import io.laurel.devstack.LaurelTestResource;
import io.laurel.proto.common.v1.MilestoneMetric;
import io.laurel.proto.progress.v1.GetCustomerProgressRequest;
import io.laurel.proto.progress.v1.IngestEventsRequest;
import io.laurel.proto.progress.v1.ProgressServiceGrpc.ProgressServiceBlockingStub;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Redis unreachable (the cache client points at a closed port): the views answer from Postgres
 * (R-PROG-TRACK-7) and readiness stays UP saying {@code redis: down} (L-TRACK-13). No timing involved.
 */
@QuarkusTest
@TestProfile(RedisDownTest.ClosedRedisPort.class)
@WithTestResource(value = LaurelTestResource.class, initArgs = {
        @ResourceArg(name = LaurelTestResource.DATABASE, value = "laurel_progress"),
        @ResourceArg(name = LaurelTestResource.REDIS, value = "false")})
class RedisDownTest {

    /** Nothing listens on port 1: every Redis call is refused. */
    public static class ClosedRedisPort implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.redis.hosts", "redis://127.0.0.1:1");
        }
    }

    @GrpcClient("progress")
    ProgressServiceBlockingStub progress;

    @Inject
    ProgressFixture fixture;

    @Inject
    Configs configs;

    @TestHTTPResource("/q/health/ready")
    URI readiness;

    private void order(String store, String order, long minor) {
        Instant at = fixture.clock().instant().minus(Duration.ofMinutes(1));
        progress.ingestEvents(IngestEventsRequest.newBuilder().setRequestId(UUID.randomUUID().toString()).setStoreId(store)
                .addEvents(Events.orderCompleted(store, "oc-" + order, "c-1", order, minor, at)).build());
    }

    @Test
    void r_prog_track_7_answersFromPostgresWhenRedisIsDown() {
        String store = newStore();
        Instant now = fixture.clock().instant();
        configs.store(store, now.minus(Duration.ofDays(400)));
        configs.program(Configs.program(store, MilestoneMetric.MILESTONE_METRIC_AMOUNT_SPENT, now.minus(Duration.ofDays(30)),
                10_000).build());

        order(store, "o-1", 2_000);
        order(store, "o-2", 500);

        assertThat(progress.getCustomerProgress(GetCustomerProgressRequest.newBuilder().setStoreId(store)
                .setCustomerId("c-1").build()).getPrograms(0).getCurrentValue()).isEqualTo(2_500);
    }

    @Test
    void l_track_13_redisDownKeepsTheServiceReadyAndSaysTheViewsComeFromPostgres() throws Exception {
        HttpResponse<String> ready = HttpClient.newHttpClient().send(HttpRequest.newBuilder(readiness).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
        String body = ready.body().replaceAll("\\s", "");
        assertThat(body).contains("\"redis\":\"down\"", "\"views\":\"postgres\"").doesNotContain("\"DOWN\"");
    }
}
