package io.laurel.benchmark;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A closed-loop load: {@code concurrency} callers, each starting its next call when the last one answered, until a
 * number of calls or a time is spent. Records every call's latency.
 */
public final class Load {

    /** One call; {@code i} numbers calls from 0 across all callers (to pick a customer, a key …). */
    @FunctionalInterface
    public interface Call {
        void call(int i) throws Exception;
    }

    private Load() {
    }

    /** Runs exactly {@code calls} calls. The first failure stops the run and is thrown. */
    public static Result calls(int concurrency, int calls, Call call) throws Exception {
        return run(concurrency, calls, Long.MAX_VALUE, call);
    }

    /** Runs calls for {@code duration}. The first failure stops the run and is thrown. */
    public static Result during(int concurrency, Duration duration, Call call) throws Exception {
        return run(concurrency, Integer.MAX_VALUE, System.nanoTime() + duration.toNanos(), call);
    }

    /** Two loads' results, measured side by side. */
    public record Pair(Result first, Result second) {
    }

    /** Told when each turn of {@link #interleaved} starts and ends; side 0 is the first load, 1 the second. */
    @FunctionalInterface
    public interface TurnHook {
        void turn(int side, boolean starting);
    }

    /**
     * Runs {@code first} and {@code second} in turns of {@code duration / (2 × rounds)} each, {@code rounds} turns of
     * each, telling {@code hook} around every turn (to read what a turn cost), and reports each one's calls, time and
     * latencies over all its turns: a drift of the shared machine during the measurement (another process, Postgres'
     * autovacuum) then weighs on both alike instead of on whichever ran while it lasted.
     */
    public static Pair interleaved(int concurrency, Duration duration, int rounds, Call first, Call second,
                                   TurnHook hook) throws Exception {
        Duration turn = duration.dividedBy(2L * rounds);
        List<Turns> sides = List.of(new Turns(), new Turns());
        List<Call> calls = List.of(first, second);
        for (int r = 0; r < rounds; r++) {
            for (int side = 0; side < 2; side++) {
                hook.turn(side, true);
                sides.get(side).add(measure(concurrency, Integer.MAX_VALUE, System.nanoTime() + turn.toNanos(),
                        calls.get(side)));
                hook.turn(side, false);
            }
        }
        return new Pair(sides.get(0).result(), sides.get(1).result());
    }

    /** The latencies and wall time of one or more turns of a load. */
    private static final class Turns {
        private final List<long[]> latencies = new ArrayList<>();
        private long elapsedNanos;

        void add(Turns turn) {
            latencies.addAll(turn.latencies);
            elapsedNanos += turn.elapsedNanos;
        }

        Result result() {
            return Result.of(latencies, elapsedNanos);
        }
    }

    private static Result run(int concurrency, int calls, long deadline, Call call) throws Exception {
        return measure(concurrency, calls, deadline, call).result();
    }

    private static Turns measure(int concurrency, int calls, long deadline, Call call) throws Exception {
        AtomicInteger next = new AtomicInteger();
        AtomicReference<Exception> failure = new AtomicReference<>();
        List<long[]> latencies = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(concurrency, r -> {
            Thread t = new Thread(r, "load");
            t.setDaemon(true);
            return t;
        });
        long start = System.nanoTime();
        try {
            List<Future<long[]>> callers = new ArrayList<>();
            for (int c = 0; c < concurrency; c++) {
                callers.add(pool.submit(() -> {
                    long[] mine = new long[1024];
                    int n = 0;
                    int i;
                    while (failure.get() == null && System.nanoTime() < deadline && (i = next.getAndIncrement()) < calls) {
                        long t0 = System.nanoTime();
                        try {
                            call.call(i);
                        } catch (Exception e) {
                            failure.compareAndSet(null, e);
                            break;
                        }
                        if (n == mine.length) {
                            mine = Arrays.copyOf(mine, n * 2);
                        }
                        mine[n++] = System.nanoTime() - t0;
                    }
                    return Arrays.copyOf(mine, n);
                }));
            }
            for (Future<long[]> caller : callers) {
                latencies.add(caller.get());
            }
        } finally {
            pool.shutdownNow();
        }
        long elapsed = System.nanoTime() - start;
        if (failure.get() != null) {
            throw failure.get();
        }
        Turns turn = new Turns();
        turn.latencies.addAll(latencies);
        turn.elapsedNanos = elapsed;
        return turn;
    }

    /**
     * What a load did.
     *
     * @param calls   calls answered
     * @param seconds wall time of the whole load
     * @param p50Ms   median latency
     * @param p99Ms   99th-percentile latency
     */
    public record Result(int calls, double seconds, double p50Ms, double p99Ms) {

        static Result of(List<long[]> perCaller, long elapsedNanos) {
            long[] all = perCaller.stream().flatMapToLong(Arrays::stream).sorted().toArray();
            return new Result(all.length, elapsedNanos / 1e9, percentile(all, 0.50) / 1e6, percentile(all, 0.99) / 1e6);
        }

        /** Nearest-rank percentile of sorted values; 0 when there are none. */
        static double percentile(long[] sorted, double p) {
            if (sorted.length == 0) {
                return 0;
            }
            int rank = (int) Math.ceil(p * sorted.length);
            return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
        }

        public double perSecond() {
            return seconds == 0 ? 0 : calls / seconds;
        }
    }
}
