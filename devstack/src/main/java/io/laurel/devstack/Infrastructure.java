package io.laurel.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * Starts (or finds) the Postgres and Redis that Laurel runs on, never a mock. For each of the two, independently:
 * <ol>
 *   <li>the server named by the environment: {@code PG_URL} (+ {@code PG_USER}/{@code PG_PASSWORD}),
 *       {@code REDIS_URL};</li>
 *   <li>else a Testcontainers container, if a Docker engine answers (only for throwaway servers: a persistent one
 *       must outlive the container);</li>
 *   <li>else an embedded server: zonky's Postgres binaries, codemonstur's Redis binary.</li>
 * </ol>
 * {@code LAUREL_INFRA=embedded} (or {@code -Dlaurel.infra=embedded}) skips the Docker probe;
 * {@code LAUREL_INFRA=testcontainers} insists on containers.
 */
public final class Infrastructure {

    /** Where a server comes from. */
    public enum Source {
        /** named by {@code PG_URL} / {@code REDIS_URL}; Laurel neither starts nor stops it */
        ENVIRONMENT,
        /** a container started through Testcontainers */
        TESTCONTAINERS,
        /** a server process started from binaries shipped in jars */
        EMBEDDED
    }

    private Infrastructure() {
    }

    /** Starts or finds a Postgres server as {@code options} ask. The caller closes it. */
    public static PostgresServer postgres(Options options) {
        Optional<PostgresUrl> named = PostgresUrl.fromEnvironment(options.env());
        return switch (choose(named.isPresent(), options, () -> DockerProbe.answers(options.env()))) {
            case ENVIRONMENT -> PostgresServer.external(named.orElseThrow());
            case TESTCONTAINERS -> Containers.postgres(options);
            case EMBEDDED -> EmbeddedPostgresServers.start(options);
        };
    }

    /** Starts or finds a Redis server as {@code options} ask. The caller closes it. */
    public static RedisServer redis(Options options) {
        Optional<RedisUrl> named = RedisUrl.fromEnvironment(options.env());
        return switch (choose(named.isPresent(), options, () -> DockerProbe.answers(options.env()))) {
            case ENVIRONMENT -> RedisServer.external(named.orElseThrow());
            case TESTCONTAINERS -> Containers.redis(options);
            case EMBEDDED -> EmbeddedRedisServers.start(options);
        };
    }

    /**
     * The selection rule on its own: a server named by the environment wins; then {@code LAUREL_INFRA}
     * ({@code auto}, {@code embedded}, {@code testcontainers}); in {@code auto}, containers when allowed and a Docker
     * engine answers. {@code dockerAnswers} is asked only when its answer matters.
     */
    static Source choose(boolean namedByEnvironment, Options options, BooleanSupplier dockerAnswers) {
        if (namedByEnvironment) {
            return Source.ENVIRONMENT;
        }
        String mode = options.infraMode();
        return switch (mode) {
            case "embedded" -> Source.EMBEDDED;
            case "testcontainers", "docker" -> {
                if (!options.containersAllowed()) {
                    throw new IllegalStateException("LAUREL_INFRA=" + mode + ", but this server may not be a"
                            + " container (`./laurel up` keeps Postgres data across runs and serves on fixed ports):"
                            + " unset LAUREL_INFRA, or name a server with PG_URL / REDIS_URL");
                }
                yield Source.TESTCONTAINERS;
            }
            case "auto", "" -> options.containersAllowed() && dockerAnswers.getAsBoolean()
                    ? Source.TESTCONTAINERS : Source.EMBEDDED;
            default -> throw new IllegalArgumentException(
                    "LAUREL_INFRA must be auto, embedded or testcontainers, not '" + mode + "'");
        };
    }

    /**
     * How to start a server.
     *
     * @param dataDirectory     where a Postgres keeps its data across runs; null for a throwaway server whose data
     *                          lives under {@code java.io.tmpdir} and goes when it stops (ignored by Redis, which
     *                          Laurel uses as a cache and never persists)
     * @param port              fixed port for an embedded server; 0 for a free one (containers always map a free one)
     * @param logFile           where an embedded server's output goes (appended); null for a file under
     *                          {@code java.io.tmpdir}
     * @param containersAllowed whether Testcontainers may be used; false for persistent servers
     * @param detached          start embedded processes in their own session, so that a Ctrl-C at the terminal reaches
     *                          only the JVM, which then stops them in order (the launcher's case)
     * @param shutdownHook      stop the server when the JVM exits, in case the caller does not
     * @param env               the environment to read {@code PG_URL}, {@code REDIS_URL}, {@code LAUREL_INFRA} from
     */
    public record Options(Path dataDirectory, int port, Path logFile, boolean containersAllowed, boolean detached,
                          boolean shutdownHook, Map<String, String> env) {

        public Options {
            Objects.requireNonNull(env, "env");
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port " + port);
            }
        }

        /** A server for tests: any free port, data under {@code java.io.tmpdir} that goes when it stops. */
        public static Options throwaway() {
            return new Options(null, 0, null, true, false, true, System.getenv());
        }

        /** A Postgres whose data lives in {@code dataDirectory} and survives a stop and start. Never a container. */
        public static Options persistent(Path dataDirectory) {
            return new Options(Objects.requireNonNull(dataDirectory), 0, null, false, false, true, System.getenv());
        }

        public Options withPort(int port) {
            return new Options(dataDirectory, port, logFile, containersAllowed, detached, shutdownHook, env);
        }

        public Options withLogFile(Path logFile) {
            return new Options(dataDirectory, port, logFile, containersAllowed, detached, shutdownHook, env);
        }

        public Options withContainersAllowed(boolean containersAllowed) {
            return new Options(dataDirectory, port, logFile, containersAllowed, detached, shutdownHook, env);
        }

        public Options withDetached(boolean detached) {
            return new Options(dataDirectory, port, logFile, containersAllowed, detached, shutdownHook, env);
        }

        public Options withShutdownHook(boolean shutdownHook) {
            return new Options(dataDirectory, port, logFile, containersAllowed, detached, shutdownHook, env);
        }

        public Options withEnv(Map<String, String> env) {
            return new Options(dataDirectory, port, logFile, containersAllowed, detached, shutdownHook, Map.copyOf(env));
        }

        /** {@code LAUREL_INFRA} from {@link #env()}, else the system property {@code laurel.infra}, else auto. */
        String infraMode() {
            String mode = env.get("LAUREL_INFRA");
            if (mode == null || mode.isBlank()) {
                mode = System.getProperty("laurel.infra", "auto");
            }
            return mode.strip().toLowerCase(Locale.ROOT);
        }
    }

    /** {@code java.io.tmpdir}, created if missing (surefire points it at {@code target/tmp}, which may not exist). */
    static Path tmpDirectory() {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath();
        try {
            return Files.createDirectories(tmp);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create java.io.tmpdir " + tmp, e);
        }
    }
}
