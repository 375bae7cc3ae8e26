package io.laurel.devstack;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RedisUrlTest {

    @Test
    void hostAndPort() {
        RedisUrl url = RedisUrl.parse("redis://cache:6380");

        assertThat(url).isEqualTo(new RedisUrl("redis://cache:6380", "cache", 6380, "", "", false));
    }

    @Test
    void defaultPortAndBareHostPort() {
        assertThat(RedisUrl.parse("redis://cache").port()).isEqualTo(6379);
        assertThat(RedisUrl.parse("localhost:16379"))
                .isEqualTo(new RedisUrl("redis://localhost:16379", "localhost", 16379, "", "", false));
    }

    @Test
    void credentialsDatabaseAndTls() {
        RedisUrl url = RedisUrl.parse("rediss://app:p%40ss@cache:6390/2");

        assertThat(url.username()).isEqualTo("app");
        assertThat(url.password()).isEqualTo("p@ss");
        assertThat(url.tls()).isTrue();
        assertThat(url.port()).isEqualTo(6390);
        assertThat(url.uri()).as("handed to quarkus.redis.hosts as given").isEqualTo("rediss://app:p%40ss@cache:6390/2");
        assertThat(url.toString()).doesNotContain("p%40ss").doesNotContain("p@ss");
    }

    @Test
    void passwordOnly() {
        RedisUrl url = RedisUrl.parse("redis://:secret@cache");

        assertThat(url.username()).isEmpty();
        assertThat(url.password()).isEqualTo("secret");
    }

    @Test
    void environment() {
        assertThat(RedisUrl.fromEnvironment(Map.of("REDIS_URL", "redis://h:1"))).map(RedisUrl::port).contains(1);
        assertThat(RedisUrl.fromEnvironment(Map.of())).isEmpty();
    }

    @Test
    void otherSchemesAreRefused() {
        assertThatThrownBy(() -> RedisUrl.parse("http://cache:6379")).hasMessageContaining("not a Redis URL");
    }
}
