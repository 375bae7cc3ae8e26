package io.laurel.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import java.util.stream.Stream;

/**
 * CPU time used by each process of the run, read from Linux's {@code /proc}: the services (by pid), every
 * {@code postgres} process (backends, and through the postmaster's children times the backends that have exited) and
 * the load client itself. On a machine shared with other work, throughput drifts with what else runs, but the CPU a
 * call costs drifts far less — so every scenario prints it beside its throughput. Elsewhere than Linux nothing is
 * measured.
 *
 * <p>Part of a service's CPU is its JIT compilers' ({@code C1}/{@code C2 CompilerThread}s): a JVM that is still
 * compiling its hot paths is not the steady state a long-running service reaches, so their share is followed apart,
 * under {@code JIT}, included in the services' figures and left out of the sums.
 */
final class CpuMeter {

    /** The pseudo-process under which the services' JIT compiler threads are reported. */
    static final String JIT = "JIT";

    /** {@code sysconf(_SC_CLK_TCK)}: 100 on every Linux this runs on. */
    private static final double TICKS_PER_SECOND = 100;

    private final Map<String, Long> pids;

    /** @param pids the processes to follow by name ({@code reward} → its pid); postgres and the client are added */
    CpuMeter(Map<String, Long> pids) {
        this.pids = new LinkedHashMap<>(pids);
        this.pids.put("client", ProcessHandle.current().pid());
    }

    /** Seconds of CPU used so far, per process name (plus {@code postgres}); empty when /proc is not there. */
    Map<String, Double> sample() {
        Map<String, Double> seconds = new LinkedHashMap<>();
        if (!Files.isDirectory(Path.of("/proc/self"))) {
            return seconds;
        }
        seconds.put("postgres", postgresSeconds());
        pids.forEach((name, pid) -> seconds.put(name, ticks(pid, false) / TICKS_PER_SECOND));
        seconds.put(JIT, pids.entrySet().stream().filter(e -> !e.getKey().equals("client"))
                .mapToLong(e -> compilerTicks(e.getValue())).sum() / TICKS_PER_SECOND);
        return seconds;
    }

    /** What was used between two samples, as {@code postgres 1.2 s, reward 0.8 s, …}; empty when unmeasured. */
    static String between(Map<String, Double> before, Map<String, Double> after) {
        return describe(before, after, 1, "%.1f s");
    }

    /**
     * Each process's use between two samples divided by {@code units}, printed with {@code format} ({@code %.2f ms}),
     * the services' JIT compilers last, apart: {@code postgres 1.20 ms, reward 0.80 ms; of the services' time, JIT
     * compilers 0.30 ms}.
     */
    static String describe(Map<String, Double> before, Map<String, Double> after, double units, String format) {
        StringJoiner used = new StringJoiner(", ");
        after.forEach((name, s) -> {
            if (!name.equals(JIT)) {
                used.add(name + " " + String.format(Locale.ROOT, format, (s - before.getOrDefault(name, 0.0)) / units));
            }
        });
        return after.containsKey(JIT) ? used + "; of the services' time, JIT compilers " + String.format(Locale.ROOT,
                format, (after.get(JIT) - before.getOrDefault(JIT, 0.0)) / units) : used.toString();
    }

    /** Total seconds between two samples over the system under test (everything but the client). */
    static double suiteSeconds(Map<String, Double> before, Map<String, Double> after) {
        double total = 0;
        for (Map.Entry<String, Double> e : after.entrySet()) {
            if (!e.getKey().equals("client") && !e.getKey().equals(JIT)) {
                total += e.getValue() - before.getOrDefault(e.getKey(), 0.0);
            }
        }
        return total;
    }

    /** The services' JIT compilers' share of the services' CPU between two samples; 0 when unmeasured. */
    static double jitShare(Map<String, Double> before, Map<String, Double> after) {
        double services = 0;
        for (Map.Entry<String, Double> e : after.entrySet()) {
            if (!List.of("postgres", "client", JIT).contains(e.getKey())) {
                services += e.getValue() - before.getOrDefault(e.getKey(), 0.0);
            }
        }
        return services <= 0 ? 0 : (after.getOrDefault(JIT, 0.0) - before.getOrDefault(JIT, 0.0)) / services;
    }

    private static double postgresSeconds() {
        long ticks = 0;
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path p : (Iterable<Path>) procs::iterator) {
                String name = p.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit)) {
                    continue;
                }
                try {
                    if (Files.readString(p.resolve("comm")).strip().equals("postgres")) {
                        ticks += ticks(Long.parseLong(name), true);
                    }
                } catch (IOException | RuntimeException gone) {
                    // exited between listing and reading
                }
            }
        } catch (IOException e) {
            return 0;
        }
        return ticks / TICKS_PER_SECOND;
    }

    /** utime + stime of the JIT compiler threads of a JVM; 0 when gone. */
    private static long compilerTicks(long pid) {
        long ticks = 0;
        try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                try {
                    if (Files.readString(task.resolve("comm")).contains("CompilerThre")) {
                        ticks += statTicks(Files.readString(task.resolve("stat")), false);
                    }
                } catch (IOException | RuntimeException gone) {
                    // the thread ended between listing and reading
                }
            }
        } catch (IOException | RuntimeException gone) {
            return 0;
        }
        return ticks;
    }

    /** utime + stime (+ cutime + cstime: children reaped, i.e. exited backends) of a process; 0 when gone. */
    private static long ticks(long pid, boolean withChildren) {
        try {
            return statTicks(Files.readString(Path.of("/proc", Long.toString(pid), "stat")), withChildren);
        } catch (IOException | RuntimeException gone) {
            return 0;
        }
    }

    /** The CPU ticks of a {@code /proc/…/stat} line (a process's or a thread's). */
    private static long statTicks(String stat, boolean withChildren) {
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        // fields after "pid (comm) ": state=0 … utime=11 stime=12 cutime=13 cstime=14
        long t = Long.parseLong(f[11]) + Long.parseLong(f[12]);
        return withChildren ? t + Long.parseLong(f[13]) + Long.parseLong(f[14]) : t;
    }
}
