package io.laurel.devstack;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The launcher against stub services (see {@link StubService}): the real embedded Postgres and Redis, real JVMs. */
class LauncherTest {

    static final AtomicReference<Suite> DEMO_SAW = new AtomicReference<>();

    private Path root;
    private List<LaurelService> services;
    private int postgresPort;
    private int redisPort;
    private final ByteArrayOutputStream output = new ByteArrayOutputStream();

    @BeforeEach
    void stubServices() throws Exception {
        root = Infrastructure.tmpDirectory().resolve("launcher-" + UUID.randomUUID());
        // six ports taken at once, so none of them can be handed out twice (one after another, the
        // system may give the same free port again: a stub and Postgres once collided that way)
        List<Integer> ports = distinctFreePorts(LaurelService.ALL.size() + 2);
        services = java.util.stream.IntStream.range(0, LaurelService.ALL.size())
                .mapToObj(i -> new LaurelService(LaurelService.ALL.get(i).name(), LaurelService.ALL.get(i).area(),
                        ports.get(i)))
                .toList();
        postgresPort = ports.get(ports.size() - 2);
        redisPort = ports.get(ports.size() - 1);
        for (LaurelService service : services) {
            writeStubJar(service.jar(root));
        }
        DEMO_SAW.set(null);
    }

    @AfterEach
    void cleanUp() {
        System.clearProperty("laurel.demo");
        Processes.deleteTree(root);
    }

    @Test
    void smokeRunStartsEverythingWaitsForHealthRunsTheDemoAndStopsInOrder() throws Exception {
        System.setProperty("laurel.demo", RecordingDemo.class.getName() + "," + FailingDemo.class.getName());

        int code = launcher().withServiceEnvironment(Map.of("LAUREL_STUB_ECHO", "extra environment")).up(true);

        String out = output();
        assertThat(code).as(out).isZero();
        assertThat(out).contains("Laurel is up.", "/q/metrics", "Postgres", "Redis",
                "laurel_program, laurel_progress, laurel_reward, laurel_tier");
        for (LaurelService service : services) {
            assertThat(out).contains(service.name() + " ready", "localhost:" + service.port(),
                    "http://localhost:" + service.port() + "/q/health/ready",
                    ".laurel/logs/" + service.name() + ".log");
            String log = Files.readString(root.resolve(".laurel/logs/" + service.name() + ".log"));
            assertThat(log).contains("database " + service.database(), "redis PONG",
                    "reactive postgresql://localhost:", "/" + service.database(), "stub stopping",
                    "echo extra environment");
            assertThat(Processes.listening(service.port())).isFalse();
        }
        assertThat(DEMO_SAW.get().service("reward").port()).isEqualTo(services.get(2).port());
        assertThat(out).contains("Demo FailingDemo failed", "the demo broke");
        assertThat(out.indexOf("stopping tier-service")).isLessThan(out.indexOf("stopping Redis"));
        assertThat(out.indexOf("stopping Redis")).isLessThan(out.indexOf("stopping Postgres"));
        assertThat(out).endsWith("Laurel stopped." + System.lineSeparator());
        assertThat(root.resolve(".laurel/pgdata/PG_VERSION")).exists();
        assertThat(root.resolve(".laurel/pgdata/postmaster.pid")).doesNotExist();
        assertThat(root.resolve(".laurel/run.pids")).doesNotExist();
    }

    @Test
    void aServiceThatDiesIsReportedWithItsLogAndEverythingStops() throws Exception {
        System.setProperty("laurel.demo", "none");
        Files.createFile(root.resolve("tier-service/fail"));

        int code = launcher().up(true);

        String out = output();
        assertThat(code).as(out).isEqualTo(1);
        assertThat(out).contains("tier-service exited with code 3", "boom: this stub was told to fail",
                "Laurel stopped.");
        for (LaurelService service : services) {
            assertThat(Processes.listening(service.port())).isFalse();
        }
        assertThat(root.resolve(".laurel/pgdata/postmaster.pid")).doesNotExist();
    }

    @Test
    void aTakenPortIsReportedBeforeAnythingStarts() throws Exception {
        try (ServerSocket taken = new ServerSocket(services.get(0).port(), 1, InetAddress.getLoopbackAddress())) {
            int code = launcher().up(true);

            assertThat(code).isEqualTo(1);
            assertThat(output()).contains("port " + services.get(0).port(), "program-service", "already in use");
            assertThat(root.resolve(".laurel/pgdata")).doesNotExist();
        }
    }

    @Test
    void missingJarsAreReportedWithHowToBuildThem() throws Exception {
        Files.delete(services.get(1).jar(root));

        assertThat(launcher().up(true)).isEqualTo(1);
        assertThat(output()).contains("Not built yet: progress-service/target/quarkus-app/quarkus-run.jar",
                "install -DskipTests");
    }

    @Test
    void downStopsWhatAKilledRunLeftBehind() throws Exception {
        Process leftover = new ProcessBuilder("sleep", "120").start();
        Files.createDirectories(root.resolve(".laurel"));
        Files.writeString(root.resolve(".laurel/run.pids"), "service reward-service " + leftover.pid() + " "
                + leftover.toHandle().info().startInstant().orElseThrow().toEpochMilli() + "\n"
                + "service tier-service 999999999 0\n");
        try {
            assertThat(launcher().down()).isZero();

            // down waited for it to exit; our handle may need a moment to reap it
            assertThat(leftover.waitFor(5, TimeUnit.SECONDS)).as("the leftover process was stopped").isTrue();
            assertThat(output()).contains("Stopping reward-service (pid " + leftover.pid() + ")")
                    .doesNotContain("tier-service");
        } finally {
            leftover.destroyForcibly();
        }
    }

    private Launcher launcher() {
        return new Launcher(root, new PrintStream(output, true, StandardCharsets.UTF_8), services,
                Duration.ofSeconds(60), postgresPort, redisPort);
    }

    private static List<Integer> distinctFreePorts(int count) throws IOException {
        List<ServerSocket> held = new java.util.ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                held.add(new ServerSocket(0, 1, InetAddress.getLoopbackAddress()));
            }
            return held.stream().map(ServerSocket::getLocalPort).toList();
        } finally {
            for (ServerSocket socket : held) {
                socket.close();
            }
        }
    }

    private String output() {
        return output.toString(StandardCharsets.UTF_8);
    }

    /** A jar with only a manifest: Main-Class StubService, Class-Path this build's classes and the JDBC driver. */
    private static void writeStubJar(Path jar) throws Exception {
        Files.createDirectories(jar.getParent());
        Manifest manifest = new Manifest();
        Attributes attributes = manifest.getMainAttributes();
        attributes.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        attributes.put(Attributes.Name.MAIN_CLASS, StubService.class.getName());
        attributes.put(Attributes.Name.CLASS_PATH, Stream.of(StubService.class, Launcher.class, org.postgresql.Driver.class)
                .map(c -> Path.of(URI.create(c.getProtectionDomain().getCodeSource().getLocation().toString())))
                .map(p -> p.toUri().toString())
                .collect(Collectors.joining(" ")));
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file, manifest)) {
            out.flush();
        }
    }

    /** Checks a service answers, and keeps the suite it was given. */
    static final class RecordingDemo implements DemoScenario {
        @Override
        public void run(Suite suite) throws IOException, InterruptedException {
            HttpResponse<String> health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(suite.service("reward-service").httpUrl() + "/q/health/ready")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(200);
            suite.out().println("reward-service answered " + health.body());
            DEMO_SAW.set(suite);
        }
    }

    /** Fails, to show that a failing demo does not fail {@code up}. */
    static final class FailingDemo implements DemoScenario {
        @Override
        public void run(Suite suite) {
            throw new IllegalStateException("the demo broke");
        }
    }
}
