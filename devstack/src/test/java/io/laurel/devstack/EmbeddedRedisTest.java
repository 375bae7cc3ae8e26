package io.laurel.devstack;

import io.laurel.devstack.Infrastructure.Options;
import org.junit.jupiter.api.Test;

import java.io.BufferedInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EmbeddedRedisTest {

    @Test
    void answersPing() {
        assertThat(LaurelInfra.redis().ping()).isEqualTo("PONG");
    }

    @Test
    void storesAndReadsOverPlainResp() throws Exception {
        RedisServer redis = LaurelInfra.redis();
        try (Socket socket = new Socket(redis.host(), redis.port())) {
            OutputStream out = socket.getOutputStream();
            InputStream in = new BufferedInputStream(socket.getInputStream());

            assertThat(RedisServer.Resp.call(out, in, "SET", "laurel:tier:m-1", "GOLD")).isEqualTo("OK");
            assertThat(RedisServer.Resp.call(out, in, "GET", "laurel:tier:m-1")).isEqualTo("GOLD");
        }
    }

    @Test
    void fixedPortBindsTheLoopbackAndStopsOnClose() {
        int port = Processes.freePort();
        RedisServer redis = Infrastructure.redis(Options.throwaway().withEnv(Map.of()).withContainersAllowed(false)
                .withPort(port));
        try {
            assertThat(redis.uri()).as("the address it binds").isEqualTo("redis://127.0.0.1:" + port);
            assertThat(redis.ping()).isEqualTo("PONG");
            assertThatThrownBy(() -> Infrastructure.redis(Options.throwaway().withEnv(Map.of())
                    .withContainersAllowed(false).withPort(port)))
                    .hasMessageContaining("port " + port).hasMessageContaining("already in use");
        } finally {
            redis.close();
        }
        assertThat(Processes.listening(port)).isFalse();
    }
}
