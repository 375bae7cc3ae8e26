package io.laurel.progress.cache;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness of the progress cache. Redis down does NOT make the service unready: the views then
 * answer from Postgres (slower, still right) and ingestion skips the cache writes, so taking every
 * replica out of the load balancer would turn a degraded service into a dead one. The check stays
 * UP and says which way the views are served ({@code redis: up|down}, {@code views: redis|postgres}).
 * Quarkus' own Redis check, which would go DOWN, is switched off (quarkus.redis.health.enabled).
 */
@Readiness
@ApplicationScoped
public class ProgressCacheHealth implements AsyncHealthCheck {

    static final String NAME = "Progress cache (Redis)";

    private final ReactiveRedisDataSource redis;

    public ProgressCacheHealth(ReactiveRedisDataSource redis) {
        this.redis = redis;
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        return redis.execute("PING")
                .ifNoItem().after(Duration.ofMillis(500)).fail()
                .map(pong -> true)
                .onFailure().recoverWithItem(false)
                .map(up -> HealthCheckResponse.named(NAME).up()
                        .withData("redis", up ? "up" : "down")
                        .withData("views", up ? "redis" : "postgres")
                        .build());
    }
}
