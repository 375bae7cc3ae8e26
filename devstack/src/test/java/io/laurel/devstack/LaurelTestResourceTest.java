package io.laurel.devstack;

import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

class LaurelTestResourceTest {

    @Test
    void startReturnsTheDocumentedKeysWithWorkingUrls() throws Exception {
        LaurelTestResource resource = new LaurelTestResource();
        resource.init(Map.of(LaurelTestResource.DATABASE, "reward"));

        Map<String, String> config = resource.start();

        assertThat(config).containsOnlyKeys("quarkus.datasource.jdbc.url", "quarkus.datasource.reactive.url",
                "quarkus.datasource.username", "quarkus.datasource.password", "quarkus.redis.hosts",
                "quarkus.devservices.enabled");
        assertThat(config).containsEntry("quarkus.devservices.enabled", "false");
        assertThat(config.get("quarkus.datasource.reactive.url")).matches("postgresql://[^/]+:\\d+/reward");
        assertThat(config.get("quarkus.datasource.jdbc.url"))
                .isEqualTo("jdbc:" + config.get("quarkus.datasource.reactive.url"));

        Properties credentials = new Properties();
        credentials.setProperty("user", config.get("quarkus.datasource.username"));
        credentials.setProperty("password", config.get("quarkus.datasource.password"));
        try (Connection c = new org.postgresql.Driver().connect(config.get("quarkus.datasource.jdbc.url"), credentials);
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT current_database()")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("reward");
        }

        RedisUrl redis = RedisUrl.parse(config.get("quarkus.redis.hosts"));
        assertThat(RedisServer.view(Infrastructure.Source.EMBEDDED, redis.uri(), "test").ping()).isEqualTo("PONG");

        resource.stop();
        assertThat(LaurelInfra.postgres().ensureDatabase("reward").name())
                .as("stop() leaves the shared servers to the next test class").isEqualTo("reward");
    }

    @Test
    void redisCanBeLeftOutAndTheDatabaseDefaults() {
        LaurelTestResource resource = new LaurelTestResource();
        resource.init(Map.of(LaurelTestResource.REDIS, "false"));

        Map<String, String> config = resource.start();

        assertThat(config).doesNotContainKey("quarkus.redis.hosts");
        assertThat(config.get("quarkus.datasource.reactive.url")).endsWith("/laurel_test");
    }

    @Test
    void theSameJvmGetsTheSameServersFromEveryClassLoaderAndKeepsDatabaseContent() throws Exception {
        LaurelTestResource resource = new LaurelTestResource();
        resource.init(Map.of(LaurelTestResource.DATABASE, "kept_across_boots"));
        resource.start();
        EmbeddedPostgresTest.execute(LaurelInfra.postgres(), "kept_across_boots",
                "CREATE TABLE IF NOT EXISTS boot (n int)", "INSERT INTO boot VALUES (1)");

        Map<String, String> again = resource.start(); // what the next Quarkus boot in this JVM does

        assertThat(again.get("quarkus.datasource.jdbc.url")).contains(":" + LaurelInfra.postgres().port() + "/");
        assertThat(System.getProperty("laurel.devstack.postgres.url"))
                .as("published for other class loaders").contains(":" + LaurelInfra.postgres().port() + "/");
        assertThat(EmbeddedPostgresTest.query(LaurelInfra.postgres(), "kept_across_boots", "SELECT count(*) FROM boot"))
                .isEqualTo("1");
    }
}
