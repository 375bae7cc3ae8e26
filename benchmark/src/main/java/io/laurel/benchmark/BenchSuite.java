package io.laurel.benchmark;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.laurel.devstack.Infrastructure;
import io.laurel.devstack.LaurelService;
import io.laurel.devstack.PostgresDatabase;
import io.laurel.devstack.PostgresServer;
import io.laurel.devstack.RedisServer;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

/**
 * Postgres, Redis and the services a run needs, started for the run alone: its own data directory under
 * {@code benchmark/target}, free ports, so it neither needs nor disturbs a running {@code ./laurel up}.
 */
final class BenchSuite implements AutoCloseable {

    private final Path root;
    private final Path work;
    private final PrintStream out;
    private final Map<LaurelService, Process> processes = new LinkedHashMap<>();
    private final Map<String, ManagedChannel> channels = new LinkedHashMap<>();
    private final Map<String, Integer> ports = new LinkedHashMap<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private PostgresServer postgres;
    private RedisServer redis;

    BenchSuite(Path root, PrintStream out) {
        this.root = root;
        this.work = root.resolve("benchmark").resolve("target").resolve("run");
        this.out = out;
        // a run stopped by Ctrl-C or SIGTERM stops its services too (they would otherwise outlive it, holding
        // Postgres open); on a normal end close() has already run and this does nothing
        Runtime.getRuntime().addShutdownHook(new Thread(this::close, "laurel-bench-stop"));
    }

    /** Starts Postgres (fsync on, as a persistent {@code ./laurel up}) with the commit setting asked for, and Redis. */
    void startInfrastructure(boolean durable, boolean statements) throws Exception {
        deleteTree(work);
        Files.createDirectories(work);
        Infrastructure.Options options = Infrastructure.Options.persistent(work.resolve("pgdata"))
                .withLogFile(work.resolve("postgres.log"))
                .withShutdownHook(true);
        postgres = Infrastructure.postgres(options);
        try (Connection c = postgres.connect(postgres.adminDatabase()); Statement s = c.createStatement()) {
            // for the role every connection of the run uses: the embedded server is started with
            // -c synchronous_commit=off, which a server-wide ALTER SYSTEM would not override
            s.execute("ALTER ROLE CURRENT_USER SET synchronous_commit = " + (durable ? "on" : "off"));
            if (statements) {
                // a library loaded at server start only: set it, then start the same data directory again
                s.execute("ALTER SYSTEM SET shared_preload_libraries = 'pg_stat_statements'");
            }
        }
        if (statements) {
            postgres.close();
            postgres = Infrastructure.postgres(options);
            try (Connection c = postgres.connect(postgres.adminDatabase()); Statement s = c.createStatement()) {
                s.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
            }
        }
        redis = Infrastructure.redis(Infrastructure.Options.throwaway().withContainersAllowed(false)
                .withLogFile(work.resolve("redis.log")).withShutdownHook(true));
        for (LaurelService service : LaurelService.ALL) {
            ports.put(service.area(), freePort());
        }
    }

    PostgresServer postgres() {
        return postgres;
    }

    RedisServer redis() {
        return redis;
    }

    /** Starts {@code services} (those not running yet) and waits until each is ready. */
    void start(List<LaurelService> services, Duration timeout) throws Exception {
        List<LaurelService> starting = new ArrayList<>();
        for (LaurelService service : services) {
            if (!processes.containsKey(service)) {
                Process process = launch(service);
                synchronized (processes) { // the shutdown hook may be reading it
                    processes.put(service, process);
                }
                starting.add(service);
            }
        }
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        for (LaurelService service : starting) {
            URI ready = URI.create("http://localhost:" + ports.get(service.area()) + "/q/health/ready");
            while (true) {
                Process process = processes.get(service);
                if (!process.isAlive()) {
                    throw new IllegalStateException(service.name() + " exited (" + process.exitValue() + "); see "
                            + log(service));
                }
                try {
                    if (http.send(HttpRequest.newBuilder(ready).GET().build(),
                            HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                        break;
                    }
                } catch (IOException notYet) {
                    // not listening yet
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(service.name() + " not ready after " + timeout.toSeconds()
                            + " s; see " + log(service));
                }
                Thread.sleep(250);
            }
            out.println("  " + service.name() + " ready on port " + ports.get(service.area()));
        }
    }

    private Process launch(LaurelService service) throws IOException {
        PostgresDatabase database = postgres.ensureDatabase(service.database());
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        String javaOpts = System.getenv("LAUREL_JAVA_OPTS");
        if (javaOpts != null && !javaOpts.isBlank()) {
            command.addAll(List.of(javaOpts.strip().split("\\s+")));
        }
        command.add("-jar");
        command.add(service.jar(root).toString());
        ProcessBuilder builder = new ProcessBuilder(command).directory(root.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(log(service).toFile()));
        Map<String, String> env = builder.environment();
        env.put("QUARKUS_HTTP_PORT", Integer.toString(ports.get(service.area())));
        env.putAll(Map.of(
                "QUARKUS_DATASOURCE_JDBC_URL", database.jdbcUrl(),
                "QUARKUS_DATASOURCE_REACTIVE_URL", database.reactiveUrl(),
                "QUARKUS_DATASOURCE_USERNAME", database.username(),
                "QUARKUS_DATASOURCE_PASSWORD", database.password(),
                "QUARKUS_REDIS_HOSTS", redis.uri()));
        for (LaurelService peer : LaurelService.ALL) {
            env.put("LAUREL_PEERS_" + peer.area().toUpperCase(java.util.Locale.ROOT),
                    "localhost:" + ports.get(peer.area()));
        }
        return builder.start();
    }

    Path log(LaurelService service) {
        return work.resolve(service.name() + ".log");
    }

    /** A plaintext channel to the service of that area ({@code reward}), made once. */
    /** The running services' process ids, by area. */
    Map<String, Long> pids() {
        Map<String, Long> pids = new LinkedHashMap<>();
        processes.forEach((service, process) -> pids.put(service.area(), process.pid()));
        return pids;
    }

    synchronized ManagedChannel channel(String area) {
        Integer port = ports.get(area);
        if (port == null) {
            throw new IllegalArgumentException("no service " + area);
        }
        return channels.computeIfAbsent(area, a -> ManagedChannelBuilder.forAddress("localhost", port)
                .usePlaintext().maxInboundMessageSize(64 << 20).build());
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        List<Process> started;
        synchronized (processes) {
            started = new ArrayList<>(processes.values());
        }
        synchronized (this) { // channel() makes them under this lock
            channels.values().forEach(ManagedChannel::shutdownNow);
        }
        started.forEach(Process::destroy);
        for (Process p : started) {
            try {
                if (!p.waitFor(20, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        if (redis != null) {
            redis.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
