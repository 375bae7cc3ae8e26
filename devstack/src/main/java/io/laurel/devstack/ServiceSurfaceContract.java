package io.laurel.devstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import io.grpc.stub.StreamObserver;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * What every Laurel service shows operators and tools, checked the same way in each: Kubernetes
 * health endpoints, Prometheus metrics, and gRPC server reflection listing the service's own gRPC
 * services — all on the one port. A service's test extends it:
 * <pre>{@code
 * @QuarkusTest
 * @WithTestResource(...)
 * class ServiceSurfaceTest extends ServiceSurfaceContract {
 *     ServiceSurfaceTest() { super("laurel.reward.v1.LedgerService"); }
 * }
 * }</pre>
 */
public abstract class ServiceSurfaceContract {

    private final List<String> grpcServices;
    private final HttpClient http = HttpClient.newHttpClient();

    /** @param grpcServices full names of gRPC services the service must list via reflection */
    protected ServiceSurfaceContract(String... grpcServices) {
        this.grpcServices = List.of(grpcServices);
    }

    protected int port() {
        return ConfigProvider.getConfig().getValue("quarkus.http.test-port", Integer.class);
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void healthEndpointsAnswerUpForKubernetes() throws Exception {
        for (String probe : List.of("/q/health/live", "/q/health/ready", "/q/health/started")) {
            HttpResponse<String> response = get(probe);
            assertEquals(200, response.statusCode(), probe + " → " + response.body());
            assertTrue(response.body().contains("\"UP\""), probe + " → " + response.body());
        }
        assertTrue(get("/q/health/ready").body().contains("Database connections health check"),
                "readiness covers the database");
    }

    @Test
    void prometheusMetricsAreServed() throws Exception {
        HttpResponse<String> response = get("/q/metrics");
        assertEquals(200, response.statusCode());
        assertTrue(response.body().contains("jvm_memory_used_bytes"), "Prometheus text format with JVM metrics");
    }

    @Test
    void grpcReflectionListsTheServicesOnTheSamePort() throws Exception {
        ManagedChannel channel = ManagedChannelBuilder.forAddress("localhost", port()).usePlaintext().build();
        try {
            CompletableFuture<ServerReflectionResponse> answer = new CompletableFuture<>();
            StreamObserver<ServerReflectionRequest> requests = ServerReflectionGrpc.newStub(channel)
                    .serverReflectionInfo(new StreamObserver<>() {
                        @Override
                        public void onNext(ServerReflectionResponse value) {
                            answer.complete(value);
                        }

                        @Override
                        public void onError(Throwable t) {
                            answer.completeExceptionally(t);
                        }

                        @Override
                        public void onCompleted() {
                        }
                    });
            requests.onNext(ServerReflectionRequest.newBuilder().setListServices("*").build());
            List<String> listed = answer.get(10, TimeUnit.SECONDS).getListServicesResponse().getServiceList().stream()
                    .map(service -> service.getName()).toList();
            requests.onCompleted();
            for (String expected : grpcServices) {
                assertTrue(listed.contains(expected), expected + " is not among " + listed);
            }
        } finally {
            channel.shutdownNow();
        }
    }
}
