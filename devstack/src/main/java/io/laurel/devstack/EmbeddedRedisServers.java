package io.laurel.devstack;

import redis.embedded.core.ExecutableProvider;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Redis from the binary codemonstur's embedded-redis ships (6.2). The binary is taken from that jar, but the process
 * is run here rather than through its {@code RedisServer}: that one registers a JVM shutdown hook of its own, which
 * would stop Redis while the launcher is still stopping the services that use it. No persistence: Laurel uses Redis
 * as a cache.
 */
final class EmbeddedRedisServers {

    private static final Duration STARTUP = Duration.ofSeconds(15);

    private EmbeddedRedisServers() {
    }

    static RedisServer start(Infrastructure.Options options) {
        int port = options.port() == 0 ? Processes.freePort() : options.port();
        if (options.port() != 0) {
            Processes.requireFree(port, "Redis",
                    ": is another Redis (or `./laurel up`) running? Stop it, or name it with REDIS_URL to use it.");
        }
        Path work = Infrastructure.tmpDirectory().resolve("laurel-redis")
                .resolve(ProcessHandle.current().pid() + "-" + UUID.randomUUID().toString().substring(0, 8));
        Path logFile = options.logFile() != null ? options.logFile().toAbsolutePath() : work.resolve("redis.log");
        Process process;
        try {
            Files.createDirectories(work);
            Files.createDirectories(logFile.getParent());
            File binary = ExecutableProvider.newJarResourceProvider(work.toFile()).get();
            List<String> command = new ArrayList<>(List.of(binary.getAbsolutePath(),
                    "--port", Integer.toString(port),
                    "--bind", "127.0.0.1",
                    "--save", "",
                    "--appendonly", "no",
                    "--dir", work.toString()));
            if (options.detached()) {
                command = Processes.detached(command);
            }
            process = new ProcessBuilder(command)
                    .directory(work.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .start();
        } catch (IOException e) {
            Processes.deleteTree(work);
            throw new IllegalStateException("embedded Redis did not start: " + e.getMessage(), e);
        }
        Process started = process;
        AutoCloseable stopper = () -> {
            Processes.stop(started.toHandle(), Duration.ofSeconds(10));
            Processes.deleteTree(work); // the binary, and the log unless it was put elsewhere
        };
        RedisServer server = RedisServer.local(Infrastructure.Source.EMBEDDED, "127.0.0.1", port,
                "embedded Redis 6.2, no persistence, log " + logFile, stopper);
        server.process = process.toHandle();
        awaitReady(server, process, logFile);
        if (options.shutdownHook()) {
            Runtime.getRuntime().addShutdownHook(new Thread(server::close, "laurel-redis-stop"));
        }
        return server;
    }

    private static void awaitReady(RedisServer server, Process process, Path logFile) {
        long deadline = System.nanoTime() + STARTUP.toNanos();
        RuntimeException last = null;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                server.close();
                throw new IllegalStateException("embedded Redis exited with " + process.exitValue() + "\n--- "
                        + logFile + " ---\n" + Processes.tail(logFile, 20));
            }
            try {
                if ("PONG".equals(server.ping())) {
                    return;
                }
            } catch (RuntimeException e) {
                last = e;
            }
            try {
                Thread.sleep(25);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        server.close();
        throw new IllegalStateException("embedded Redis did not answer PING within " + STARTUP.toSeconds() + " s"
                + (last == null ? "" : ": " + last.getMessage()) + "\n--- " + logFile + " ---\n"
                + Processes.tail(logFile, 20));
    }
}
