package io.laurel.benchmark;

import io.grpc.ManagedChannel;
import io.laurel.devstack.PostgresServer;
import io.laurel.devstack.RedisServer;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What a scenario gets: channels to the running services, the Postgres they run on (to read what they wrote), the
 * references measured in this run, the sizes to use and where to say what happens.
 */
public final class BenchContext {

    /** Calls the echo, and a figure's load beside it ({@link #echoBeside}), keep in flight. */
    public static final int ECHO_IN_FLIGHT = References.ECHO_CONCURRENCY;

    /** Turns of the echo beside a figure's load ({@link #echoBeside}). */
    private static final int ECHO_TURNS = 4;

    private final BenchSuite suite;
    private final References.Raw raw;
    private final CpuMeter cpu;
    private final String commitSetting;
    private final double scale;
    private final Duration duration;
    private final PrintStream out;
    private final Map<String, Load.Result> echoes = new HashMap<>();

    BenchContext(BenchSuite suite, References.Raw raw, String commitSetting, double scale, Duration duration,
                 PrintStream out) {
        this.suite = suite;
        this.raw = raw;
        this.cpu = new CpuMeter(suite.pids());
        this.commitSetting = commitSetting;
        this.scale = scale;
        this.duration = duration;
        this.out = out;
    }

    /** A plaintext channel to a service, by area ({@code progress}) — do not shut it down. */
    public ManagedChannel channel(String area) {
        return suite.channel(area);
    }

    public PostgresServer postgres() {
        return suite.postgres();
    }

    public RedisServer redis() {
        return suite.redis();
    }

    /** The same Postgres's raw single-row-update TPS, measured at the start of this run. */
    public double rawUpdateTps() {
        return raw.tps();
    }

    /** CPU seconds used so far by each process of the run (the services, postgres, the client); empty off Linux. */
    public Map<String, Double> cpu() {
        return cpu.sample();
    }

    /**
     * The CPU the whole suite (services and Postgres, not the load client) spent per unit of work since
     * {@code before}, beside the raw reference's Postgres CPU per transaction — a ratio that drifts far less than
     * throughput on a shared machine. Null when unmeasured (not Linux).
     */
    public Figure cpuPerUnit(String what, Map<String, Double> before, long units) {
        Map<String, Double> after = cpu.sample();
        if (after.isEmpty() || units == 0 || raw.cpuMsPerTxn() == 0) {
            return null;
        }
        double ms = CpuMeter.suiteSeconds(before, after) * 1000 / units;
        out.println("  CPU per unit by process (" + what + "): " + CpuMeter.describe(before, after, units / 1000.0,
                "%.2f ms"));
        return Figure.info(what, ms, "ms", "raw update CPU per transaction", raw.cpuMsPerTxn());
    }

    /** e.g. {@code synchronous_commit=off, fsync=on}. */
    public String commitSetting() {
        return commitSetting;
    }

    /**
     * A bare gRPC call ({@code grpc.health.v1.Health/Check}) on the service of {@code area}, at
     * {@value References#ECHO_CONCURRENCY} in flight: measured on first use, then kept for the run.
     */
    public synchronized Load.Result echo(String area) throws Exception {
        Load.Result known = echoes.get(area);
        if (known == null) {
            known = References.echo(channel(area), duration);
            echoes.put(area, known);
            out.printf(Locale.ROOT, "  reference: gRPC echo on %s %s calls/s, p50 %.2f ms, p99 %.2f ms%n",
                    area, Figure.number(known.perSecond()), known.p50Ms(), known.p99Ms());
        }
        return known;
    }

    /**
     * A call measured in turns with the echo: both loads, and the CPU the service and the load client spent per
     * call of each (µs, from {@code /proc} around each turn; 0 when unmeasured) — a comparison that drifts far less
     * than the two throughputs.
     */
    public record Beside(Load.Result echo, Load.Result call, double serviceMicrosPerCall, double serviceMicrosPerEcho,
                         double clientMicrosPerCall, double clientMicrosPerEcho) {
    }

    /**
     * Measures {@code call} in turns with a bare gRPC call on the service of {@code area} ({@link Load#interleaved}),
     * {@value References#ECHO_CONCURRENCY} in flight each, {@code duration} each in all: for a figure judged against
     * the echo measured beside it rather than before it.
     */
    public Beside echoBeside(String area, Load.Call call) throws Exception {
        Load.Call echo = References.echoCall(channel(area));
        References.warmUp(echo);
        References.warmUp(call);
        double[][] used = new double[2][2]; // [side][service, client] CPU seconds over that side's turns
        AtomicReference<Map<String, Double>> started = new AtomicReference<>(Map.of());
        Load.Pair pair = Load.interleaved(References.ECHO_CONCURRENCY, duration.multipliedBy(2), ECHO_TURNS, echo, call,
                (side, starting) -> {
                    Map<String, Double> now = cpu.sample();
                    if (starting) {
                        started.set(now);
                        return;
                    }
                    Map<String, Double> before = started.get();
                    used[side][0] += now.getOrDefault(area, 0.0) - before.getOrDefault(area, 0.0);
                    used[side][1] += now.getOrDefault("client", 0.0) - before.getOrDefault("client", 0.0);
                });
        Beside beside = new Beside(pair.first(), pair.second(),
                micros(used[1][0], pair.second()), micros(used[0][0], pair.first()),
                micros(used[1][1], pair.second()), micros(used[0][1], pair.first()));
        out.printf(Locale.ROOT, "  reference: gRPC echo on %s %s calls/s, p50 %.2f ms, p99 %.2f ms"
                        + " (in %d turns, each beside a turn of the figure's load)%n", area,
                Figure.number(pair.first().perSecond()), pair.first().p50Ms(), pair.first().p99Ms(), ECHO_TURNS);
        if (beside.serviceMicrosPerCall() > 0) {
            out.printf(Locale.ROOT, "  CPU per call, the call vs the echo: %s-service %.0f vs %.0f µs, client %.0f vs %.0f"
                            + " µs%n", area, beside.serviceMicrosPerCall(), beside.serviceMicrosPerEcho(),
                    beside.clientMicrosPerCall(), beside.clientMicrosPerEcho());
        }
        return beside;
    }

    private static double micros(double cpuSeconds, Load.Result load) {
        return load.calls() == 0 ? 0 : cpuSeconds * 1e6 / load.calls();
    }

    /**
     * Waits until every outbox has delivered what is on its way, so what a previous scenario set going (a backlog of
     * rewards, base earning, tier input) is not measured as part of the next load; says how long it took when it was
     * not at once.
     */
    public void awaitQuiet() throws Exception {
        long started = System.nanoTime();
        Outboxes.awaitDrained(postgres(), Instant.now(), Duration.ofMinutes(15));
        double seconds = (System.nanoTime() - started) / 1e9;
        if (seconds > 0.5) {
            out.printf(Locale.ROOT, "  (waited %.1f s for the outboxes to drain before measuring)%n", seconds);
        }
    }

    /**
     * Vacuums and analyzes the suite's four databases, for a read measurement that follows heavy writes: otherwise
     * Postgres' autovacuum starts on what the writes left behind in the middle of it (seen vacuuming three tables
     * through a whole view load, taking most of a core of the two). Its CPU is not billed to any figure.
     */
    public void vacuum() throws Exception {
        long started = System.nanoTime();
        for (String area : Outboxes.AREAS) {
            try (Connection db = postgres().connect("laurel_" + area);
                 Statement vacuum = db.createStatement()) {
                vacuum.execute("VACUUM (ANALYZE)");
            }
        }
        out.printf(Locale.ROOT, "  (vacuumed the suite's databases in %.1f s before measuring)%n",
                (System.nanoTime() - started) / 1e9);
    }

    /** Multiplies a scenario's default sizes ({@code --scale=0.1} for a quick look); at least 1. */
    public int scaled(int size) {
        return Math.max(1, (int) Math.round(size * scale));
    }

    /** How long a time-bounded load runs ({@code --seconds=N}). */
    public Duration duration() {
        return duration;
    }

    public PrintStream out() {
        return out;
    }
}
