package io.laurel.devstack;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.concurrent.TimeUnit;

/**
 * {@code ./laurel up}: Postgres and Redis (embedded, unless {@code PG_URL} / {@code REDIS_URL} name servers), the four
 * services from their packaged jars, a wait until each is ready, a table of where everything listens, the demo
 * ({@link DemoScenario}), and on Ctrl-C an orderly stop: services, then Redis, then Postgres. Postgres keeps its data in
 * {@code <root>/.laurel/pgdata} across runs; logs go to {@code <root>/.laurel/logs}.
 *
 * <p>Commands: {@code up} (stays in the foreground), {@code up --smoke} (also {@code --check}, {@code --no-wait}:
 * start, wait for health, run the demo, stop, exit 0 — for CI), {@code down} (stop a running or killed
 * {@code up}), {@code clock} (show or move the suite's development clock), {@code outbox} (list or replay
 * parked messages of the running services). System properties: {@code laurel.root} (project root, default the working directory),
 * {@code laurel.health.timeout} (seconds, default 120), {@code laurel.demo}, {@code laurel.demo.classpath},
 * {@code laurel.demo.strict}; environment {@code LAUREL_JAVA_OPTS}: JVM options for the services.
 */
public final class Launcher {

    static final int POSTGRES_PORT = 15432;
    static final int REDIS_PORT = 16379;
    private static final Duration STOP_GRACE = Duration.ofSeconds(20);

    private final Path root;
    private final Path home;
    private final Path logs;
    private final Path runFile;
    private final PrintStream out;
    private final List<LaurelService> services;
    private final Duration healthTimeout;
    private final int postgresPort;
    private final int redisPort;

    private final Map<LaurelService, Process> running = new LinkedHashMap<>();
    private volatile Map<String, String> serviceEnvironment = Map.of();
    private volatile PostgresServer postgres;
    private volatile RedisServer redis;
    private volatile boolean stopping;
    private boolean stopped;
    private FileChannel lockChannel;

    Launcher(Path root, PrintStream out, List<LaurelService> services, Duration healthTimeout, int postgresPort,
             int redisPort) {
        this(root, root.toAbsolutePath().normalize().resolve(".laurel"), out, services, healthTimeout, postgresPort,
                redisPort);
    }

    /**
     * A launcher keeping its state (Postgres data, logs, the suite clock) in {@code home}, for a
     * suite of its own beside {@code ./laurel up}'s (e.g. the e2e module's, on other ports).
     */
    public Launcher(Path root, Path home, PrintStream out, List<LaurelService> services, Duration healthTimeout,
                    int postgresPort, int redisPort) {
        this.root = root.toAbsolutePath().normalize();
        this.home = home.toAbsolutePath().normalize();
        this.logs = home.resolve("logs");
        this.runFile = home.resolve("run.pids");
        this.out = out;
        this.services = services;
        this.healthTimeout = healthTimeout;
        this.postgresPort = postgresPort;
        this.redisPort = redisPort;
    }

    /**
     * Environment variables every service process gets on top of the launcher's own (ports, database,
     * Redis, peers, clock) and of this JVM's: set before {@link #start()}; they win over the launcher's. For
     * a suite configured differently from {@code ./laurel up}'s, e.g. the e2e trace story's, which switches
     * tracing on with Quarkus' {@code QUARKUS_OTEL_*} variables. ({@code ./laurel up} needs none of this: the
     * services inherit the shell's environment.)
     */
    public Launcher withServiceEnvironment(Map<String, String> environment) {
        this.serviceEnvironment = Map.copyOf(environment);
        return this;
    }

    public static void main(String[] args) {
        // before anything touches SLF4J: zonky and Testcontainers log through it; keep the console for the table
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel",
                System.getProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn"));
        Path root = Path.of(System.getProperty("laurel.root", "."));
        Duration timeout = Duration.ofSeconds(Long.getLong("laurel.health.timeout", 120));
        Launcher launcher = new Launcher(root, System.out, LaurelService.ALL, timeout, POSTGRES_PORT, REDIS_PORT);
        List<String> rest = args.length == 0 ? List.of() : Arrays.asList(args).subList(1, args.length);
        String command = args.length == 0 ? "up" : args[0];
        int code = switch (command) {
            case "up" -> {
                List<String> unknown = rest.stream()
                        .filter(flag -> !List.of("--smoke", "--check", "--no-wait").contains(flag)).toList();
                if (!unknown.isEmpty()) {
                    System.err.println("unknown option for up: " + String.join(" ", unknown));
                    usage(System.err);
                    yield 2;
                }
                yield launcher.up(!rest.isEmpty());
            }
            case "down" -> launcher.down();
            case "clock" -> launcher.clock(rest);
            case "outbox" -> new ParkedMessagesCommand(LaurelService.ALL, System.out).run(rest);
            case "help", "--help", "-h" -> {
                usage(System.out);
                yield 0;
            }
            default -> {
                usage(System.err);
                yield 2;
            }
        };
        System.exit(code);
    }

    private static void usage(PrintStream to) {
        to.println("usage: Launcher up [--smoke] | down | clock ... | outbox ...");
        to.println("  up          start Postgres, Redis and the four services; Ctrl-C stops them");
        to.println("  up --smoke  start, wait until healthy, run the demo, stop (exit 0 when all went well)");
        to.println("  down        stop what a running or killed `up` left behind");
        to.println("  clock [show | advance <ISO duration, e.g. P1D> | set <instant>]");
        to.println("              move every service's development clock together");
        to.println("  outbox [parked | replay <service> all | replay <service> <id>...]");
        to.println("              list the messages the services' outboxes parked, or send them again");
    }

    /** Runs the suite; returns the exit code. In foreground mode it returns only on failure (Ctrl-C ends the JVM). */
    int up(boolean smoke) {
        try {
            Files.createDirectories(logs);
            if (!lock()) {
                out.println("Another `./laurel up` is running (" + home.resolve("launcher.lock")
                        + " is locked): stop it with Ctrl-C or `./laurel down` first.");
                return 1;
            }
            cleanUpAfterKilledRun();
            record("launcher", "launcher", ProcessHandle.current());
            List<String> missing = services.stream().filter(s -> !Files.isRegularFile(s.jar(root)))
                    .map(s -> root.relativize(s.jar(root)).toString()).toList();
            if (!missing.isEmpty()) {
                out.println("Not built yet: " + String.join(", ", missing));
                out.println("Build with `./mvnw -B install -DskipTests` (`./laurel up` does it for you).");
                return 1;
            }
            for (LaurelService service : services) {
                Processes.requireFree(service.port(), service.name(),
                        ": is something else (an earlier run?) listening there?");
            }
        } catch (IOException | RuntimeException e) {
            out.println("Cannot start Laurel: " + e.getMessage());
            return 1;
        }

        Runtime.getRuntime().addShutdownHook(new Thread(this::stopAll, "laurel-stop"));
        try {
            startInfrastructure();
            for (LaurelService service : services) {
                startService(service);
            }
            Optional<String> failure = awaitReady();
            if (failure.isPresent()) {
                out.println();
                out.println(failure.get());
                stopAll();
                return 1;
            }
            printTable();
            int demoFailures = runDemos();
            if (smoke) {
                stopAll();
                boolean strict = Boolean.getBoolean("laurel.demo.strict");
                return strict && demoFailures > 0 ? 1 : 0;
            }
            out.println();
            out.println("Laurel is running. Ctrl-C stops everything.");
            watch();
            return 0;
        } catch (RuntimeException | IOException e) {
            out.println();
            out.println("Laurel did not start: " + e.getMessage());
            stopAll();
            return 1;
        }
    }

    private void startInfrastructure() {
        Map<String, String> env = System.getenv();
        out.println("Starting Postgres" + (env.containsKey("PG_URL") ? " (using PG_URL)" : "") + " ...");
        postgres = Infrastructure.postgres(Infrastructure.Options.persistent(home.resolve("pgdata"))
                .withPort(postgresPort)
                .withLogFile(logs.resolve("postgres.log"))
                .withDetached(true)
                .withShutdownHook(false));
        out.println("  Postgres at " + postgres.describe());
        out.println("Starting Redis" + (env.containsKey("REDIS_URL") ? " (using REDIS_URL)" : "") + " ...");
        redis = Infrastructure.redis(Infrastructure.Options.throwaway()
                .withContainersAllowed(false)
                .withPort(redisPort)
                .withLogFile(logs.resolve("redis.log"))
                .withDetached(true)
                .withShutdownHook(false));
        out.println("  Redis at " + redis.describe());
        if (redis.process != null) {
            record("redis", "redis", redis.process);
        }
        for (LaurelService service : services) {
            postgres.ensureDatabase(service.database());
        }
        out.println("  databases: " + String.join(", ", services.stream().map(LaurelService::database).toList()));
    }

    private void startService(LaurelService service) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        String javaOpts = System.getenv("LAUREL_JAVA_OPTS");
        if (javaOpts != null && !javaOpts.isBlank()) {
            command.addAll(Arrays.asList(javaOpts.strip().split("\\s+")));
        }
        command.add("-jar");
        command.add(service.jar(root).toString());
        Path log = logs.resolve(service.name() + ".log");
        ProcessBuilder builder = new ProcessBuilder(Processes.detached(command))
                .directory(root.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
        PostgresDatabase database = postgres.database(service.database());
        Map<String, String> env = builder.environment();
        env.put("QUARKUS_HTTP_PORT", Integer.toString(service.port()));
        env.put("QUARKUS_DATASOURCE_JDBC_URL", database.jdbcUrl());
        env.put("QUARKUS_DATASOURCE_REACTIVE_URL", database.reactiveUrl());
        env.put("QUARKUS_DATASOURCE_USERNAME", database.username());
        env.put("QUARKUS_DATASOURCE_PASSWORD", database.password());
        env.put("QUARKUS_REDIS_HOSTS", redis.uri());
        for (LaurelService peer : services) {
            env.put("LAUREL_PEERS_" + peer.area().toUpperCase(Locale.ROOT), "localhost:" + peer.port());
        }
        // the development clock: on for ./laurel up and the e2e suite only (see SuiteClock)
        env.put(SuiteClock.ENV, clock().file().toString());
        env.putAll(serviceEnvironment);
        out.println("Starting " + service.name() + " on port " + service.port() + " ...");
        Process process = builder.start();
        synchronized (this) {
            running.put(service, process);
        }
        record("service", service.name(), process.toHandle());
    }

    /** The suite's development clock (its file lives in this launcher's home). */
    public SuiteClock clock() {
        return new SuiteClock(home.resolve("clock"));
    }

    /** {@code clock [show | advance <duration> | set <instant>]}; returns the exit code. */
    int clock(List<String> args) {
        SuiteClock clock = clock();
        try {
            String verb = args.isEmpty() ? "show" : args.getFirst();
            switch (verb) {
                case "show" -> { }
                case "advance" -> clock.advance(Duration.parse(args.get(1)));
                case "set" -> clock.set(Instant.parse(args.get(1)));
                default -> throw new IllegalArgumentException("unknown clock command " + verb);
            }
            out.println("Laurel time: " + clock.now() + " (real time + " + clock.offset() + ")");
            return 0;
        } catch (RuntimeException e) {
            out.println("clock: " + e.getMessage());
            out.println("usage: ./laurel clock [show | advance P1D | set 2027-01-01T00:00:00Z]");
            return 2;
        }
    }

    /**
     * Starts Postgres, Redis and the services and waits until every service is ready (no demo, no
     * foreground): what the e2e suite runs. Throws if something does not start; {@link #stopAll()} stops all.
     */
    public Suite start() throws IOException {
        Files.createDirectories(logs);
        if (!lock()) {
            throw new IllegalStateException(home + " is in use by another launcher");
        }
        cleanUpAfterKilledRun();
        for (LaurelService service : services) {
            if (!Files.isRegularFile(service.jar(root))) {
                throw new IllegalStateException("not built: " + service.jar(root));
            }
            Processes.requireFree(service.port(), service.name(), ": is something else listening there?");
        }
        startInfrastructure();
        for (LaurelService service : services) {
            startService(service);
        }
        Optional<String> failure = awaitReady();
        if (failure.isPresent()) {
            stopAll();
            throw new IllegalStateException(failure.get());
        }
        return suite();
    }

    /** The running suite as demos and the e2e stories see it. */
    public Suite suite() {
        return new Suite(root, services.stream()
                .map(s -> new Suite.Endpoint(s.name(), s.area(), "localhost", s.port())).toList(),
                postgres, redis, out);
    }

    /** Fault: kills the service ({@code SIGKILL}, no shutdown hook runs) and waits until it is gone. */
    public void kill(String area) {
        LaurelService service = service(area);
        Process process;
        synchronized (this) {
            process = running.get(service);
        }
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        out.println("  killed " + service.name() + " (kill -9, pid " + process.pid() + ")");
    }

    /** Starts the service again (after {@link #kill}) and waits until it is ready. */
    public void restart(String area) throws IOException {
        LaurelService service = service(area);
        startService(service);
        Optional<String> failure = awaitReady();
        if (failure.isPresent()) {
            throw new IllegalStateException(failure.get());
        }
    }

    /** Fault: stops Redis (its data is lost, as with a crash of a cache). */
    public void stopRedis() {
        redis.close();
        out.println("  stopped Redis");
    }

    /** Starts an empty Redis on the same port. */
    public void startRedis() {
        redis = Infrastructure.redis(Infrastructure.Options.throwaway()
                .withContainersAllowed(false)
                .withPort(redisPort)
                .withLogFile(logs.resolve("redis.log"))
                .withDetached(true)
                .withShutdownHook(false));
        out.println("  started Redis again at " + redis.describe());
    }

    /** Fault: stops Postgres and starts it again on the same data and port. */
    public void restartPostgres() {
        postgres.close();
        out.println("  stopped Postgres");
        postgres = Infrastructure.postgres(Infrastructure.Options.persistent(home.resolve("pgdata"))
                .withPort(postgresPort)
                .withLogFile(logs.resolve("postgres.log"))
                .withDetached(true)
                .withShutdownHook(false));
        out.println("  started Postgres again at " + postgres.describe());
    }

    private LaurelService service(String area) {
        return services.stream().filter(s -> s.area().equals(area) || s.name().equals(area)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no service " + area));
    }

    /** Polls every service's readiness until all answer 200; the reason and the log's tail otherwise. */
    private Optional<String> awaitReady() {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        long start = System.nanoTime();
        long deadline = start + healthTimeout.toNanos();
        Map<LaurelService, String> pending = new LinkedHashMap<>();
        services.forEach(s -> pending.put(s, "no answer yet"));
        while (!pending.isEmpty()) {
            for (LaurelService service : List.copyOf(pending.keySet())) {
                Process process = running.get(service);
                if (!process.isAlive()) {
                    return Optional.of(failure(service, "exited with code " + process.exitValue()
                            + " before it was ready"));
                }
                String answer = probe(http, service);
                if (answer == null) {
                    pending.remove(service);
                    out.printf(Locale.ROOT, "  %s ready (%.1f s)%n", service.name(),
                            (System.nanoTime() - start) / 1e9);
                } else {
                    pending.put(service, answer);
                }
            }
            if (pending.isEmpty()) {
                break;
            }
            if (System.nanoTime() > deadline) {
                LaurelService late = pending.keySet().iterator().next();
                return Optional.of(failure(late, "not ready after " + healthTimeout.toSeconds() + " s (last answer: "
                        + pending.get(late) + ")"));
            }
            sleep(500);
        }
        return Optional.empty();
    }

    /** Null when ready, else what the health endpoint said. */
    private static String probe(HttpClient http, LaurelService service) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(service.healthUrl()))
                    .timeout(Duration.ofSeconds(2)).GET().build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? null : "HTTP " + response.statusCode() + " " + abbreviate(
                    response.body().replaceAll("\\s+", " "), 300);
        } catch (ConnectException e) {
            return "connection refused";
        } catch (IOException e) {
            return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    private String failure(LaurelService service, String what) {
        Path log = logs.resolve(service.name() + ".log");
        return service.name() + " " + what + ". Last lines of " + root.relativize(log) + ":\n"
                + Processes.tail(log, 40).indent(2);
    }

    private void printTable() {
        String format = "  %-17s %-16s %-38s %-33s %s%n";
        out.println();
        out.println("Laurel is up.");
        out.println();
        out.printf(Locale.ROOT, format, "service", "gRPC + HTTP", "health", "metrics", "log");
        for (LaurelService service : services) {
            out.printf(Locale.ROOT, format, service.name(), "localhost:" + service.port(), service.healthUrl(),
                    service.metricsUrl(), root.relativize(logs.resolve(service.name() + ".log")));
        }
        out.println();
        out.println("  Postgres  " + postgres.describe());
        out.println("            user " + postgres.username() + ", databases "
                + String.join(", ", services.stream().map(LaurelService::database).toList()));
        out.println("  Redis     " + redis.describe());
        out.println();
    }

    /** Runs the demo scenarios; returns how many failed. */
    int runDemos() {
        String selection = System.getProperty("laurel.demo", "").strip();
        if (selection.equalsIgnoreCase("none")) {
            return 0;
        }
        ClassLoader loader = demoClassLoader();
        List<DemoScenario> found = new ArrayList<>();
        ServiceLoader.load(DemoScenario.class, loader).forEach(found::add);
        List<DemoScenario> chosen = new ArrayList<>();
        if (selection.isEmpty()) {
            chosen.addAll(found);
        } else {
            for (String wanted : selection.split(",")) {
                String name = wanted.strip();
                chosen.add(found.stream()
                        .filter(d -> d.name().equals(name) || d.getClass().getName().equals(name))
                        .findFirst()
                        .orElseGet(() -> instantiate(name, loader)));
            }
        }
        if (chosen.isEmpty()) {
            out.println("(No demo scenario on the class path yet: see io.laurel.devstack.DemoScenario.)");
            return 0;
        }
        Suite suite = new Suite(root, services.stream()
                .map(s -> new Suite.Endpoint(s.name(), s.area(), "localhost", s.port())).toList(),
                postgres, redis, out);
        int failures = 0;
        for (DemoScenario demo : chosen) {
            out.println("Demo: " + demo.name());
            try {
                demo.run(suite);
                out.println("Demo " + demo.name() + ": done.");
            } catch (Throwable e) {
                failures++;
                out.println("Demo " + demo.name() + " failed: " + e);
                for (StackTraceElement frame : e.getStackTrace()) {
                    if (frame.getClassName().startsWith("io.laurel")) {
                        out.println("    at " + frame);
                    }
                }
            }
        }
        return failures;
    }

    private static DemoScenario instantiate(String className, ClassLoader loader) {
        try {
            Object instance = Class.forName(className, true, loader).getDeclaredConstructor().newInstance();
            if (instance instanceof DemoScenario demo) {
                return demo;
            }
            if (instance instanceof Runnable runnable) {
                return new DemoScenario() {
                    @Override
                    public String name() {
                        return className;
                    }

                    @Override
                    public void run(Suite suite) {
                        runnable.run();
                    }
                };
            }
            throw new IllegalArgumentException(className + " is neither a DemoScenario nor a Runnable");
        } catch (ReflectiveOperationException e) {
            DemoScenario missing = suite -> {
                throw new IllegalStateException("no demo scenario " + className + " (" + e + ")");
            };
            return missing;
        }
    }

    private static ClassLoader demoClassLoader() {
        String extra = System.getProperty("laurel.demo.classpath", "").strip();
        ClassLoader parent = Launcher.class.getClassLoader();
        if (extra.isEmpty()) {
            return parent;
        }
        List<URL> urls = new ArrayList<>();
        for (String entry : extra.split(File.pathSeparator)) {
            if (!entry.isBlank()) {
                try {
                    urls.add(Path.of(entry.strip()).toUri().toURL());
                } catch (MalformedURLException e) {
                    throw new IllegalArgumentException("laurel.demo.classpath entry " + entry, e);
                }
            }
        }
        return new URLClassLoader(urls.toArray(URL[]::new), parent);
    }

    /** Foreground: reports services that end on their own, until Ctrl-C ends the JVM. */
    private void watch() {
        Map<LaurelService, Boolean> reported = new LinkedHashMap<>();
        while (!stopping) {
            synchronized (this) {
                running.forEach((service, process) -> {
                    if (!process.isAlive() && !stopping && reported.putIfAbsent(service, true) == null) {
                        out.println(service.name() + " stopped on its own (exit code " + process.exitValue()
                                + "); see " + root.relativize(logs.resolve(service.name() + ".log")));
                    }
                });
            }
            sleep(1000);
        }
    }

    /** Stops the services (SIGTERM, then SIGKILL after 20 s), then Redis, then Postgres. Idempotent. */
    public synchronized void stopAll() {
        stopping = true;
        if (stopped) {
            return;
        }
        stopped = true;
        if (running.isEmpty() && redis == null && postgres == null) {
            return;
        }
        out.println();
        out.println("Stopping Laurel ...");
        List<Map.Entry<LaurelService, Process>> services = new ArrayList<>(running.entrySet());
        for (var entry : services.reversed()) {
            if (entry.getValue().isAlive()) {
                out.println("  stopping " + entry.getKey().name() + " (pid " + entry.getValue().pid() + ")");
                entry.getValue().destroy();
            }
        }
        for (var entry : services.reversed()) {
            Process process = entry.getValue();
            try {
                if (!process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                    out.println("  " + entry.getKey().name() + " did not stop within " + STOP_GRACE.toSeconds()
                            + " s: killing it");
                    process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        if (redis != null) {
            out.println("  stopping Redis at " + redis.host() + ":" + redis.port()
                    + (redis.source() == Infrastructure.Source.ENVIRONMENT ? " (named by REDIS_URL: left running)"
                    : ""));
            closeQuietly(redis);
        }
        if (postgres != null) {
            out.println("  stopping Postgres at " + postgres.host() + ":" + postgres.port()
                    + (postgres.source() == Infrastructure.Source.ENVIRONMENT ? " (named by PG_URL: left running)"
                    : ""));
            closeQuietly(postgres);
        }
        try {
            Files.deleteIfExists(runFile);
        } catch (IOException ignored) {
            // a leftover file only names processes that are gone; the next run checks them
        }
        out.println("Laurel stopped.");
        out.flush();
        try {
            if (lockChannel != null) {
                lockChannel.close(); // releases .laurel/launcher.lock
            }
        } catch (IOException ignored) {
            // released when the JVM ends anyway
        }
    }

    private void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            out.println("    " + e.getMessage());
        }
    }

    /** {@code down}: asks a running launcher to stop; else stops what a killed one left behind. */
    int down() {
        Optional<ProcessHandle> launcher = recorded().stream()
                .filter(r -> r.kind().equals("launcher"))
                .flatMap(r -> r.live().stream())
                .findFirst();
        if (launcher.isPresent()) {
            out.println("Stopping the running `./laurel up` (pid " + launcher.get().pid() + ") ...");
            launcher.get().destroy();
            if (Processes.awaitExit(launcher.get(), Duration.ofSeconds(90))) {
                out.println("Stopped.");
                return 0;
            }
            out.println("It did not stop within 90 s.");
            return 1;
        }
        int stoppedCount = cleanUpAfterKilledRun();
        if (stoppedCount == 0) {
            out.println("Nothing of Laurel is running.");
        }
        return 0;
    }

    /** Stops services, Redis and Postgres that a killed launcher left running; returns how many it stopped. */
    private int cleanUpAfterKilledRun() {
        int count = 0;
        // services first, then what they use
        for (String kind : List.of("service", "redis")) {
            List<ProcessHandle> live = new ArrayList<>();
            for (Recorded r : recorded()) {
                if (r.kind().equals(kind) && r.live().isPresent()) {
                    out.println("Stopping " + r.name() + " (pid " + r.pid() + ") left running by an earlier run");
                    live.add(r.live().get());
                }
            }
            Processes.stop(live, STOP_GRACE);
            count += live.size();
        }
        Path pgdata = home.resolve("pgdata");
        Path pidFile = pgdata.resolve("postmaster.pid");
        if (Files.exists(pidFile)) {
            Optional<Long> pid = EmbeddedPostgresServers.postmaster(pidFile);
            boolean alive = pid.flatMap(ProcessHandle::of).map(ProcessHandle::isAlive).orElse(false);
            try {
                EmbeddedPostgresServers.reclaim(pgdata);
                if (alive) {
                    out.println("Stopped Postgres (pid " + pid.get() + ") left running by an earlier run");
                    count++;
                }
            } catch (IOException | RuntimeException e) {
                out.println("Postgres data in " + pgdata + ": " + e.getMessage());
            }
        }
        try {
            Files.deleteIfExists(runFile);
        } catch (IOException ignored) {
            // rewritten below by this run
        }
        return count;
    }

    /** One process this launcher started, as written to {@code .laurel/run.pids}. */
    record Recorded(String kind, String name, long pid, long startMillis) {

        /** The process, if it is still the one recorded (same pid, same start time). */
        Optional<ProcessHandle> live() {
            return ProcessHandle.of(pid)
                    .filter(p -> p.isAlive() && !Processes.zombie(p))
                    .filter(p -> p.info().startInstant()
                            .map(i -> Math.abs(i.toEpochMilli() - startMillis) < 2_000).orElse(false));
        }
    }

    private List<Recorded> recorded() {
        if (!Files.isRegularFile(runFile)) {
            return List.of();
        }
        try {
            List<Recorded> result = new ArrayList<>();
            for (String line : Files.readAllLines(runFile)) {
                String[] f = line.strip().split("\\s+");
                if (f.length == 4) {
                    try {
                        result.add(new Recorded(f[0], f[1], Long.parseLong(f[2]), Long.parseLong(f[3])));
                    } catch (NumberFormatException ignored) {
                        // not ours
                    }
                }
            }
            return result;
        } catch (IOException e) {
            return List.of();
        }
    }

    private void record(String kind, String name, ProcessHandle process) {
        long started = process.info().startInstant().map(Instant::toEpochMilli).orElse(0L);
        String line = kind + " " + name + " " + process.pid() + " " + started + System.lineSeparator();
        try {
            Files.writeString(runFile, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + runFile, e);
        }
    }

    /** Holds {@code .laurel/launcher.lock} for this JVM's life; false if another launcher holds it. */
    private boolean lock() throws IOException {
        lockChannel = FileChannel.open(home.resolve("launcher.lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
        FileLock lock = lockChannel.tryLock();
        if (lock == null) {
            lockChannel.close();
            return false;
        }
        return true;
    }

    private static String abbreviate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max) + "...";
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
