package io.laurel.devstack;

import io.laurel.devstack.Infrastructure.Options;
import io.laurel.devstack.Infrastructure.Source;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class InfrastructureSelectionTest {

    private static final BooleanSupplier DOCKER = () -> true;
    private static final BooleanSupplier NO_DOCKER = () -> false;

    private static Options env(Map<String, String> env) {
        return Options.throwaway().withEnv(env);
    }

    @Test
    void aServerNamedByTheEnvironmentComesFirstAndDockerIsNotAsked() {
        AtomicInteger probes = new AtomicInteger();
        BooleanSupplier counting = () -> probes.incrementAndGet() > 0;

        assertThat(Infrastructure.choose(true, env(Map.of()), counting)).isEqualTo(Source.ENVIRONMENT);
        assertThat(Infrastructure.choose(true, env(Map.of("LAUREL_INFRA", "embedded")), counting))
                .isEqualTo(Source.ENVIRONMENT);
        assertThat(probes).hasValue(0);
    }

    @Test
    void containersWhenDockerAnswersElseEmbedded() {
        assertThat(Infrastructure.choose(false, env(Map.of()), DOCKER)).isEqualTo(Source.TESTCONTAINERS);
        assertThat(Infrastructure.choose(false, env(Map.of()), NO_DOCKER)).isEqualTo(Source.EMBEDDED);
        assertThat(Infrastructure.choose(false, env(Map.of("LAUREL_INFRA", "auto")), NO_DOCKER))
                .isEqualTo(Source.EMBEDDED);
    }

    @Test
    void laurelInfraEmbeddedSkipsTheDockerProbe() {
        BooleanSupplier mustNotBeAsked = () -> {
            throw new AssertionError("probed Docker");
        };

        assertThat(Infrastructure.choose(false, env(Map.of("LAUREL_INFRA", "Embedded")), mustNotBeAsked))
                .isEqualTo(Source.EMBEDDED);
    }

    @Test
    void laurelInfraTestcontainersInsists() {
        assertThat(Infrastructure.choose(false, env(Map.of("LAUREL_INFRA", "testcontainers")), NO_DOCKER))
                .isEqualTo(Source.TESTCONTAINERS);
        assertThatThrownBy(() -> Infrastructure.choose(false, env(Map.of("LAUREL_INFRA", "kubernetes")), DOCKER))
                .hasMessageContaining("LAUREL_INFRA must be");
    }

    @Test
    void aPersistentServerIsNeverAContainer() {
        Options persistent = Options.persistent(Path.of("pgdata")).withEnv(Map.of());

        assertThat(Infrastructure.choose(false, persistent, DOCKER)).isEqualTo(Source.EMBEDDED);
        assertThatThrownBy(() -> Infrastructure.choose(false,
                persistent.withEnv(Map.of("LAUREL_INFRA", "testcontainers")), DOCKER))
                .hasMessageContaining("may not be a container");
    }

    @Test
    void dockerHostMakesTheProbeWorthAsking() {
        assertThat(DockerProbe.plausible(Map.of("DOCKER_HOST", "tcp://localhost:2375"))).isTrue();
    }

    @Test
    void onAMachineWithoutEnvAndWithoutDockerTheSharedServersAreEmbedded() {
        assumeTrue(System.getenv("PG_URL") == null && System.getenv("REDIS_URL") == null,
                "PG_URL / REDIS_URL name servers here");
        assumeTrue(!DockerProbe.answers(System.getenv()), "a Docker engine answers here");

        assertThat(LaurelInfra.postgres().source()).isEqualTo(Source.EMBEDDED);
        assertThat(LaurelInfra.redis().source()).isEqualTo(Source.EMBEDDED);
    }

    @Test
    void pgUrlAndRedisUrlAreHonouredAndTheirServersLeftRunning() {
        PostgresServer running = LaurelInfra.postgres();
        RedisServer cache = LaurelInfra.redis();
        Map<String, String> env = Map.of(
                "PG_URL", "postgresql://" + running.host() + ":" + running.port() + "/postgres",
                "PG_USER", running.username(), "PG_PASSWORD", running.password(),
                "REDIS_URL", "redis://" + cache.host() + ":" + cache.port());

        try (PostgresServer named = Infrastructure.postgres(env(env));
             RedisServer namedRedis = Infrastructure.redis(env(env))) {
            assertThat(named.source()).isEqualTo(Source.ENVIRONMENT);
            assertThat(named.port()).isEqualTo(running.port());
            assertThat(named.ensureDatabase("named_by_env").jdbcUrl()).endsWith(":" + running.port() + "/named_by_env");
            assertThat(namedRedis.source()).isEqualTo(Source.ENVIRONMENT);
            assertThat(namedRedis.uri()).isEqualTo("redis://" + cache.host() + ":" + cache.port());
        }

        assertThat(running.ensureDatabase("still_answers").name()).isEqualTo("still_answers");
        assertThat(cache.ping()).isEqualTo("PONG");
    }

    @Test
    void aNamedServerThatDoesNotAnswerFailsAtOnceWithTheReason() {
        int nothingThere = Processes.freePort();

        assertThatThrownBy(() -> Infrastructure.postgres(env(Map.of("PG_URL",
                "postgresql://u:secret@127.0.0.1:" + nothingThere + "/postgres"))))
                .hasMessageContaining("PG_URL names")
                .hasMessageContaining("does not answer")
                .hasMessageNotContaining("secret");
        assertThatThrownBy(() -> Infrastructure.redis(env(Map.of("REDIS_URL", "redis://127.0.0.1:" + nothingThere))))
                .hasMessageContaining("REDIS_URL names");
    }
}
