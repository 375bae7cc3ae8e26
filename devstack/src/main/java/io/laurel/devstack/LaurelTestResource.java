package io.laurel.devstack;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Points a {@code @QuarkusTest} at this JVM's Postgres and Redis ({@link LaurelInfra}), with Dev Services off:
 * <pre>{@code
 * @QuarkusTest
 * @WithTestResource(value = LaurelTestResource.class,
 *                   initArgs = @ResourceArg(name = LaurelTestResource.DATABASE, value = "reward"))
 * class RewardServiceTest { ... }
 * }</pre>
 * Arguments: {@value #DATABASE} (default {@code laurel_test}), the database to use, created empty the first time this
 * JVM asks for it; {@value #REDIS} ({@code true} unless {@code false}), whether to start Redis and set
 * {@code quarkus.redis.hosts}. Test classes with the same arguments share one Quarkus boot.
 * <p>Returns {@code quarkus.datasource.jdbc.url}, {@code quarkus.datasource.reactive.url},
 * {@code quarkus.datasource.username}, {@code quarkus.datasource.password}, {@code quarkus.redis.hosts} and
 * {@code quarkus.devservices.enabled=false}. {@link #stop()} leaves the servers running for the next test class; a
 * shutdown hook stops them with the JVM.
 */
public class LaurelTestResource implements QuarkusTestResourceLifecycleManager {

    /** Init argument: the database name. */
    public static final String DATABASE = "database";
    /** Init argument: {@code false} to leave Redis out. */
    public static final String REDIS = "redis";

    private String database = LaurelInfra.DEFAULT_DATABASE;
    private boolean withRedis = true;

    @Override
    public void init(Map<String, String> initArgs) {
        String name = initArgs.get(DATABASE);
        if (name != null && !name.isBlank()) {
            database = name.strip();
        }
        withRedis = !"false".equalsIgnoreCase(initArgs.getOrDefault(REDIS, "true").strip());
    }

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new LinkedHashMap<>(LaurelInfra.database(database).quarkusConfig());
        if (withRedis) {
            config.put("quarkus.redis.hosts", LaurelInfra.redis().uri());
        }
        config.put("quarkus.devservices.enabled", "false");
        return config;
    }

    @Override
    public void stop() {
        // the servers serve every test class of this JVM; LaurelInfra's shutdown hook stops them
    }
}
