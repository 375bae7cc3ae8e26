package io.laurel.devstack;

import org.testcontainers.containers.GenericContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * Postgres and Redis in containers, when a Docker engine answers: Postgres 15 like the embedded one, Redis 7 as in
 * production (the embedded binary is 6.2). Containers map a free port whatever {@link Infrastructure.Options#port()}
 * says; Testcontainers' reaper removes them if the JVM dies.
 */
final class Containers {

    static final String POSTGRES_IMAGE = "postgres:15-alpine";
    static final String REDIS_IMAGE = "redis:7-alpine";
    private static final String USER = "laurel";
    private static final String PASSWORD = "laurel";

    private Containers() {
    }

    static PostgresServer postgres(Infrastructure.Options options) {
        PostgreSQLContainer container = new PostgreSQLContainer(DockerImageName.parse(POSTGRES_IMAGE))
                .withUsername(USER)
                .withPassword(PASSWORD)
                .withDatabaseName("postgres");
        // throwaway data: trade durability for speed, as the embedded test server does
        container.withCommand("postgres", "-c", "fsync=off", "-c", "synchronous_commit=off",
                "-c", "full_page_writes=off", "-c", "max_connections=300");
        container.start();
        PostgresServer server = new PostgresServer(Infrastructure.Source.TESTCONTAINERS, container.getHost(),
                container.getMappedPort(PostgreSQLContainer.POSTGRESQL_PORT), USER, PASSWORD, "postgres", "",
                "Testcontainers " + POSTGRES_IMAGE, container::stop);
        if (options.shutdownHook()) {
            Runtime.getRuntime().addShutdownHook(new Thread(server::close, "laurel-postgres-stop"));
        }
        return server;
    }

    static RedisServer redis(Infrastructure.Options options) {
        GenericContainer<?> container = new GenericContainer<>(DockerImageName.parse(REDIS_IMAGE))
                .withExposedPorts(6379)
                .withCommand("redis-server", "--save", "", "--appendonly", "no");
        container.start();
        RedisServer server = RedisServer.local(Infrastructure.Source.TESTCONTAINERS, container.getHost(),
                container.getMappedPort(6379), "Testcontainers " + REDIS_IMAGE, container::stop);
        if (options.shutdownHook()) {
            Runtime.getRuntime().addShutdownHook(new Thread(server::close, "laurel-redis-stop"));
        }
        return server;
    }
}
