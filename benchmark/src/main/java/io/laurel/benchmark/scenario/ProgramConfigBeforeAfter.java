package io.laurel.benchmark.scenario;

import com.google.protobuf.FieldMask;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.laurel.benchmark.BenchContext;
import io.laurel.benchmark.Figure;
import io.laurel.benchmark.Load;
import io.laurel.benchmark.Scenario;
import io.laurel.devstack.PostgresDatabase;
import io.laurel.proto.common.v1.MilestoneMetric;
import io.laurel.proto.common.v1.PointsExpiryPolicy;
import io.laurel.proto.common.v1.PointsExpiryPolicyKind;
import io.laurel.proto.common.v1.PointsReward;
import io.laurel.proto.common.v1.RewardSpec;
import io.laurel.proto.program.v1.CreateMilestoneProgramRequest;
import io.laurel.proto.program.v1.GetMilestoneProgramRequest;
import io.laurel.proto.program.v1.GetStoreSettingsRequest;
import io.laurel.proto.program.v1.Milestone;
import io.laurel.proto.program.v1.MilestoneProgram;
import io.laurel.proto.program.v1.MilestoneProgramServiceGrpc;
import io.laurel.proto.program.v1.MilestoneProgramServiceGrpc.MilestoneProgramServiceBlockingStub;
import io.laurel.proto.program.v1.StoreSettings;
import io.laurel.proto.program.v1.StoreSettingsServiceGrpc;
import io.laurel.proto.program.v1.StoreSettingsServiceGrpc.StoreSettingsServiceBlockingStub;
import io.laurel.proto.program.v1.UpdateMilestoneProgramRequest;
import io.laurel.proto.program.v1.UpdateStoreSettingsRequest;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * program-service's configuration reads and updates, this build against a baseline build (issue 11: the move from
 * hand-written Vert.x SQL to Hibernate Reactive), each measured with the same load in the same run, on the same
 * Postgres. The baseline is another program-service jar, named by {@code -Dlaurel.bench.program-baseline=<path to
 * quarkus-run.jar>} or {@code LAUREL_BENCH_PROGRAM_BASELINE}; this scenario starts it beside the run's own
 * program-service, with a database of its own. Without a baseline only this build is measured.
 */
public final class ProgramConfigBeforeAfter implements Scenario {

    private static final int STORES = 100;
    private static final int IN_FLIGHT = 16;
    /** The issue's bound: configuration reads at most 1.5× slower than before. */
    private static final double SLOWER_AT_MOST = 1.5;
    /** The same bound as a throughput ratio (1 / 1.5, rounded up). */
    private static final double READS_AT_LEAST = 0.67;
    /** Alternating rounds per load and build, each {@code --seconds} long. */
    private static final int ROUNDS = 4;

    @Override
    public String name() {
        return "program-before-after";
    }

    @Override
    public String description() {
        return "GetMilestoneProgram, GetStoreSettings and UpdateMilestoneProgram over " + STORES + " stores, "
                + IN_FLIGHT + " in flight: this build vs a baseline program-service jar";
    }

    @Override
    public List<Figure> run(BenchContext context) throws Exception {
        String baseline = System.getProperty("laurel.bench.program-baseline",
                System.getenv("LAUREL_BENCH_PROGRAM_BASELINE"));
        if (baseline == null || baseline.isBlank()) {
            context.out().println("  no baseline jar (-Dlaurel.bench.program-baseline): this build only");
            Target now = Target.seed(context, context.channel("program"));
            Load.Result echo = context.echo("program");
            return List.of(
                    Figure.info("program reads/s", now.run(Workload.PROGRAM_READS, context).perSecond(), "/s",
                            "gRPC echo", echo.perSecond()),
                    Figure.info("settings reads/s", now.run(Workload.SETTINGS_READS, context).perSecond(), "/s",
                            "gRPC echo", echo.perSecond()),
                    Figure.info("program updates/s", now.run(Workload.UPDATES, context).perSecond(), "/s",
                            "raw update TPS", context.rawUpdateTps()));
        }
        try (Baseline old = Baseline.start(context, Path.of(baseline))) {
            Target now = Target.seed(context, context.channel("program"));
            Target before = Target.seed(context, old.channel);
            List<Figure> figures = new ArrayList<>();
            for (Workload load : Workload.values()) {
                // the machine is shared: alternate the two builds in short rounds, so both see the same noise
                List<Load.Result> mine = new ArrayList<>();
                List<Load.Result> theirs = new ArrayList<>();
                for (int round = 0; round < ROUNDS; round++) {
                    if (round % 2 == 0) {
                        mine.add(now.run(load, context));
                        theirs.add(before.run(load, context));
                    } else {
                        theirs.add(before.run(load, context));
                        mine.add(now.run(load, context));
                    }
                }
                Load.Result a = combined(mine);
                Load.Result b = combined(theirs);
                if (load == Workload.UPDATES) {
                    figures.add(Figure.info(load.what + "/s", a.perSecond(), "/s", "baseline", b.perSecond()));
                    figures.add(Figure.info(load.what + " p99", a.p99Ms(), "ms", "baseline p99", b.p99Ms()));
                } else { // the issue's bound: configuration reads at most 1.5× slower than before
                    figures.add(Figure.atLeast(load.what + "/s", a.perSecond(), "/s", "baseline", b.perSecond(),
                            READS_AT_LEAST));
                    figures.add(Figure.atMost(load.what + " p99", a.p99Ms(), "ms", "baseline p99", b.p99Ms(),
                            SLOWER_AT_MOST));
                }
            }
            return figures;
        }
    }

    /** Rounds of one load as one: calls over time, and the median round's latencies. */
    private static Load.Result combined(List<Load.Result> rounds) {
        int calls = rounds.stream().mapToInt(Load.Result::calls).sum();
        double seconds = rounds.stream().mapToDouble(Load.Result::seconds).sum();
        double[] p50 = rounds.stream().mapToDouble(Load.Result::p50Ms).sorted().toArray();
        double[] p99 = rounds.stream().mapToDouble(Load.Result::p99Ms).sorted().toArray();
        return new Load.Result(calls, seconds, p50[p50.length / 2], p99[p99.length / 2]);
    }

    /** The three loads, by what they measure. */
    private enum Workload {
        PROGRAM_READS("GetMilestoneProgram"), SETTINGS_READS("GetStoreSettings"), UPDATES("UpdateMilestoneProgram");

        final String what;

        Workload(String what) {
            this.what = what;
        }
    }

    /** One program-service with its seeded stores, each with settings and one milestone program. */
    private static final class Target {

        private final StoreSettingsServiceBlockingStub settings;
        private final MilestoneProgramServiceBlockingStub programs;
        private final List<String> storeIds = new ArrayList<>();
        private final List<String> programIds = new ArrayList<>();
        private final long[] versions;
        private final Object[] locks;

        private Target(ManagedChannel channel, int stores) {
            settings = StoreSettingsServiceGrpc.newBlockingStub(channel);
            programs = MilestoneProgramServiceGrpc.newBlockingStub(channel);
            versions = new long[stores];
            locks = new Object[stores];
        }

        static Target seed(BenchContext context, ManagedChannel channel) throws Exception {
            int stores = context.scaled(STORES);
            Target target = new Target(channel, stores);
            String run = UUID.randomUUID().toString().substring(0, 8);
            for (int i = 0; i < stores; i++) {
                String store = "bench-" + run + "-" + i;
                target.settings.updateStoreSettings(UpdateStoreSettingsRequest.newBuilder().setRequestId(requestId())
                        .setStoreId(store).setSettings(usd()).build());
                MilestoneProgram created = target.programs.createMilestoneProgram(CreateMilestoneProgramRequest
                        .newBuilder().setRequestId(requestId()).setStoreId(store).setMilestoneProgram(ordersToPoints())
                        .build()).getMilestoneProgram();
                target.storeIds.add(store);
                target.programIds.add(created.getProgramId());
                target.versions[i] = created.getVersion();
                target.locks[i] = new Object();
            }
            // a warm-up, so both builds are measured past their first calls
            Load.calls(IN_FLIGHT, stores * 10, i -> target.read(i));
            Load.calls(IN_FLIGHT, stores * 10, i -> target.readSettings(i));
            Load.calls(IN_FLIGHT, stores * 2, i -> target.update(i));
            return target;
        }

        Load.Result run(Workload load, BenchContext context) throws Exception {
            Duration each = context.duration();
            return switch (load) {
                case PROGRAM_READS -> Load.during(IN_FLIGHT, each, this::read);
                case SETTINGS_READS -> Load.during(IN_FLIGHT, each, this::readSettings);
                case UPDATES -> Load.during(IN_FLIGHT, each, this::update);
            };
        }

        private void read(int i) {
            int k = i % storeIds.size();
            programs.getMilestoneProgram(GetMilestoneProgramRequest.newBuilder().setStoreId(storeIds.get(k))
                    .setProgramId(programIds.get(k)).build());
        }

        private void readSettings(int i) {
            settings.getStoreSettings(GetStoreSettingsRequest.newBuilder()
                    .setStoreId(storeIds.get(i % storeIds.size())).build());
        }

        private void update(int i) {
            int k = i % storeIds.size();
            synchronized (locks[k]) { // one change at a time per program, each based on the version before
                versions[k] = programs.updateMilestoneProgram(UpdateMilestoneProgramRequest.newBuilder()
                        .setRequestId(requestId()).setStoreId(storeIds.get(k)).setExpectedVersion(versions[k])
                        .setMilestoneProgram(MilestoneProgram.newBuilder().setProgramId(programIds.get(k))
                                .setTitle("Shop more, earn more #" + i))
                        .setUpdateMask(FieldMask.newBuilder().addPaths("title")).build())
                        .getMilestoneProgram().getVersion();
            }
        }
    }

    private static StoreSettings usd() {
        return StoreSettings.newBuilder().setCurrencyCode("USD").setTimeZone("America/New_York")
                .setDefaultPointsExpiry(PointsExpiryPolicy.newBuilder()
                        .setKind(PointsExpiryPolicyKind.POINTS_EXPIRY_POLICY_KIND_NEVER))
                .setBaseEarningRateMilli(1000).setPointValueMinorMilli(1000).build();
    }

    /** "5 orders → 100 points, 20 orders → 500 points": the product brief's first example, in points. */
    private static MilestoneProgram ordersToPoints() {
        return MilestoneProgram.newBuilder().setInternalName("Order milestones").setTitle("Shop more, earn more")
                .setMetric(MilestoneMetric.MILESTONE_METRIC_ORDER_COUNT)
                .addMilestones(Milestone.newBuilder().setTarget(5).setReward(RewardSpec.newBuilder()
                        .setPoints(PointsReward.newBuilder().setFixedPoints(100))))
                .addMilestones(Milestone.newBuilder().setTarget(20).setReward(RewardSpec.newBuilder()
                        .setPoints(PointsReward.newBuilder().setFixedPoints(500))))
                .setPointsExpiry(PointsExpiryPolicy.newBuilder()
                        .setKind(PointsExpiryPolicyKind.POINTS_EXPIRY_POLICY_KIND_STORE_DEFAULT))
                .build();
    }

    private static String requestId() {
        return UUID.randomUUID().toString();
    }

    /** The baseline program-service: its own process, port and database on the run's Postgres. */
    private static final class Baseline implements AutoCloseable {

        private final Process process;
        private final ManagedChannel channel;

        private Baseline(Process process, ManagedChannel channel) {
            this.process = process;
            this.channel = channel;
        }

        static Baseline start(BenchContext context, Path jar) throws Exception {
            if (!Files.isRegularFile(jar)) {
                throw new IllegalArgumentException("no baseline jar at " + jar);
            }
            PostgresDatabase database = context.postgres().recreateDatabase("laurel_program_baseline");
            int port;
            try (ServerSocket socket = new ServerSocket(0)) {
                port = socket.getLocalPort();
            }
            Path log = Path.of(System.getProperty("laurel.root", ".")).resolve("benchmark/target/run/program-baseline.log");
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                    .toString()));
            String javaOpts = System.getenv("LAUREL_JAVA_OPTS"); // as the run's own services get them
            if (javaOpts != null && !javaOpts.isBlank()) {
                command.addAll(List.of(javaOpts.strip().split("\\s+")));
            }
            command.addAll(List.of("-jar", jar.toString()));
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
            builder.environment().putAll(Map.of(
                    "QUARKUS_HTTP_PORT", Integer.toString(port),
                    "QUARKUS_DATASOURCE_JDBC_URL", database.jdbcUrl(),
                    "QUARKUS_DATASOURCE_REACTIVE_URL", database.reactiveUrl(),
                    "QUARKUS_DATASOURCE_USERNAME", database.username(),
                    "QUARKUS_DATASOURCE_PASSWORD", database.password(),
                    "QUARKUS_REDIS_HOSTS", context.redis().uri()));
            Process process = builder.start();
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
            URI ready = URI.create("http://localhost:" + port + "/q/health/ready");
            long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
            while (true) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("baseline program-service exited; see " + log);
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
                    process.destroy();
                    throw new IllegalStateException("baseline program-service not ready; see " + log);
                }
                Thread.sleep(250);
            }
            context.out().println("  baseline program-service (" + jar + ") ready on port " + port);
            return new Baseline(process, ManagedChannelBuilder.forAddress("localhost", port).usePlaintext().build());
        }

        @Override
        public void close() throws Exception {
            channel.shutdownNow();
            process.destroy();
            process.waitFor();
        }
    }
}
