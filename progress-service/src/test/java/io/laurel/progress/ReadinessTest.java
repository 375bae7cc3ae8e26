package io.laurel.progress;

import static org.assertj.core.api.Assertions.assertThat;

import io.laurel.devstack.LaurelTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Readiness covers Postgres (the truth; DOWN makes the service unready) and reports the progress
 * cache (Redis), which never makes it unready: the views then answer from Postgres.
 */
@QuarkusTest
@WithTestResource(value = LaurelTestResource.class,
        initArgs = @ResourceArg(name = LaurelTestResource.DATABASE, value = "laurel_progress"))
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReadinessTest {

    @TestHTTPResource("/q/health/ready")
    URI readiness;

    @Test
    @Order(1)
    void readinessIsUpAndChecksTheDatabaseAndRedis() throws Exception {
        HttpResponse<String> ready = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(readiness).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
        String body = ready.body().replaceAll("\\s", "");
        assertThat(body).startsWith("{\"status\":\"UP\"");
        assertThat(ready.body()).contains("Database connections health check", "Progress cache (Redis)");
        assertThat(body).contains("\"redis\":\"up\"", "\"views\":\"redis\"");
        assertThat(body).doesNotContain("\"DOWN\"");
    }

    // Redis down (readiness stays UP, redis: down): grpc.RedisDownTest, against a closed port
}
