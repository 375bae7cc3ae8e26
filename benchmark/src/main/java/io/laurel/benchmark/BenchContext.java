package io.laurel.benchmark;

import io.grpc.ManagedChannel;
import io.laurel.devstack.PostgresServer;
import io.laurel.devstack.RedisServer;
import java.io.PrintStream;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * What a scenario gets: channels to the running services, the Postgres they run on (to read what they wrote), the
 * references measured in this run, the sizes to use and where to say what happens.
 */
public final class BenchContext {

    private final BenchSuite suite;
    private final double rawUpdateTps;
    private final String commitSetting;
    private final double scale;
    private final Duration duration;
    private final PrintStream out;
    private final Map<String, Load.Result> echoes = new HashMap<>();

    BenchContext(BenchSuite suite, double rawUpdateTps, String commitSetting, double scale, Duration duration,
                 PrintStream out) {
        this.suite = suite;
        this.rawUpdateTps = rawUpdateTps;
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
        return rawUpdateTps;
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
            out.printf(java.util.Locale.ROOT, "  reference: gRPC echo on %s %s calls/s, p50 %.2f ms, p99 %.2f ms%n",
                    area, Figure.number(known.perSecond()), known.p50Ms(), known.p99Ms());
        }
        return known;
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
