package io.laurel.e2e;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.laurel.devstack.Launcher;
import io.laurel.devstack.LaurelService;
import io.laurel.devstack.Suite;
import io.laurel.devstack.SuiteClock;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The suite every story runs against, started once per test JVM exactly as {@code ./laurel up}
 * starts it (devstack's {@link Launcher}: embedded Postgres and Redis, the four packaged services as
 * processes, the development clock on), but on ports of its own — services 28081..28084, Postgres
 * 25432, Redis 26379 — and with its state in {@code e2e/target/suite}, so it runs beside a
 * {@code ./laurel up}. Stories keep apart by store id; faults act on this one suite.
 */
public final class LaurelSuite implements BeforeAllCallback {

    static final int PORT_SHIFT = 20_000;
    private static final Object LOCK = new Object();
    private static Running running;

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        synchronized (LOCK) {
            if (running == null) {
                running = new Running(home(), PORT_SHIFT, 15432 + 10_000, 16379 + 10_000, Map.of());
                context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL).put(LaurelSuite.class, running);
            }
        }
    }

    /** Where the shared suite keeps its state ({@code e2e/target/suite}); other suites go beside it. */
    static Path home() {
        return Path.of(System.getProperty("laurel.e2e.home", "target/suite")).toAbsolutePath();
    }

    /** The running suite (after the extension has run). */
    static Running get() {
        synchronized (LOCK) {
            if (running == null) {
                throw new IllegalStateException("annotate the story with @ExtendWith(LaurelSuite.class)");
            }
            return running;
        }
    }

    /** The started suite: its launcher (for faults), its clock and one channel per service. */
    static final class Running implements AutoCloseable {
        final Launcher launcher;
        final Suite suite;
        private final Map<String, ManagedChannel> channels = new ConcurrentHashMap<>();

        /**
         * Starts a suite: the four services on their usual ports plus {@code portShift}, its own
         * Postgres and Redis, its state in {@code home}, and {@code environment} given to every
         * service on top of the launcher's (see {@link Launcher#withServiceEnvironment}).
         */
        Running(Path home, int portShift, int postgresPort, int redisPort, Map<String, String> environment)
                throws IOException {
            Path root = Path.of(System.getProperty("laurel.root", "..")).toAbsolutePath().normalize();
            List<LaurelService> services = LaurelService.ALL.stream()
                    .map(s -> new LaurelService(s.name(), s.area(), s.port() + portShift)).toList();
            PrintStream out = System.out;
            launcher = new Launcher(root, home, out, services, Duration.ofSeconds(180), postgresPort, redisPort)
                    .withServiceEnvironment(environment);
            long started = System.nanoTime();
            // the services run detached: stop them however the test JVM ends (stopAll is idempotent)
            Runtime.getRuntime().addShutdownHook(new Thread(launcher::stopAll, "e2e-suite-stop"));
            suite = launcher.start();
            out.printf("e2e suite in %s up in %.1f s%n", home.getFileName(), (System.nanoTime() - started) / 1e9);
        }

        ManagedChannel channel(String area) {
            return channels.computeIfAbsent(area, a -> ManagedChannelBuilder.forTarget(suite.service(a).target())
                    .usePlaintext().build());
        }

        SuiteClock clock() {
            return launcher.clock();
        }

        @Override
        public void close() {
            channels.values().forEach(c -> {
                c.shutdownNow();
                try {
                    c.awaitTermination(2, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            launcher.stopAll();
        }
    }
}
