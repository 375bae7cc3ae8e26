package io.laurel.benchmark;

import io.laurel.devstack.LaurelService;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * {@code ./laurel bench [--async] [--seconds=N] [--scale=F] [scenario …]}: starts Postgres, Redis and the services
 * the chosen scenarios need, measures the references, runs the scenarios, prints every figure beside its reference
 * and writes the same table to {@code benchmark/target/results.md}. Exit 0 when every scenario ran (aims missed are
 * reported, not failed: a benchmark measures), 1 when one failed, 2 on a usage error.
 */
public final class Bench {

    private Bench() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out));
    }

    static int run(String[] args, PrintStream out) {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            out.println(e.getMessage());
            usage(out);
            return 2;
        }
        List<Scenario> all = new ArrayList<>();
        ServiceLoader.load(Scenario.class).forEach(all::add);
        if (options.list()) {
            all.forEach(s -> out.printf(Locale.ROOT, "  %-22s %s%n", s.name(), s.description()));
            return 0;
        }
        List<Scenario> chosen = new ArrayList<>();
        for (String name : options.names()) {
            Scenario found = all.stream().filter(s -> s.name().equals(name)).findFirst().orElse(null);
            if (found == null) {
                out.println("no scenario " + name + "; `./laurel bench list` lists them");
                return 2;
            }
            chosen.add(found);
        }
        if (chosen.isEmpty()) {
            chosen.addAll(all);
        }
        Path root = Path.of(System.getProperty("laurel.root", ".")).toAbsolutePath().normalize();
        return measure(root, chosen, options, out);
    }

    private static int measure(Path root, List<Scenario> scenarios, Options options, PrintStream out) {
        List<String> report = new ArrayList<>();
        int failures = 0;
        try (BenchSuite suite = new BenchSuite(root, out)) {
            out.println("Starting Postgres and Redis for the run ...");
            suite.startInfrastructure(!options.async(), options.statements());
            String commit = References.commitSetting(suite.postgres());
            out.println("Measuring the reference: raw single-row-update TPS (" + commit + ") ...");
            References.Raw raw = References.rawUpdate(suite.postgres(), options.duration());
            out.printf(Locale.ROOT, "  reference: raw single-row-update TPS %s, Postgres CPU %.3f ms per transaction%n",
                    Figure.number(raw.tps()), raw.cpuMsPerTxn());
            // every service, whatever a scenario drives: outboxes must drain into running peers, or the relays
            // spend the run retrying messages to services that are not there
            out.println("Starting the four services ...");
            suite.start(LaurelService.ALL, Duration.ofSeconds(180));
            if (options.warmup().isPositive()) {
                warmUp(suite, raw, commit, scenarios, options, out);
            }
            BenchContext context = new BenchContext(suite, raw, commit, options.scale(), options.duration(), out);
            report.add("Run of " + Instant.now().truncatedTo(ChronoUnit.SECONDS) + " on "
                    + Runtime.getRuntime().availableProcessors() + " cores, Postgres " + commit + ", scale "
                    + options.scale() + ", loads of " + options.duration().toSeconds() + " s.");
            report.add("");
            report.add("| figure | value | reference (same run) | ratio | aim |");
            report.add("|---|---|---|---|---|");
            for (Scenario scenario : scenarios) {
                out.println();
                out.println("== " + scenario.name() + ": " + scenario.description());
                try {
                    context.awaitQuiet();
                    Map<String, Double> before = context.cpu();
                    Statements.reset(suite.postgres(), options.statements());
                    for (Figure figure : scenario.run(context)) {
                        out.println("  " + figure.row());
                        report.add(figure.row());
                    }
                    String used = CpuMeter.between(before, context.cpu());
                    if (!used.isEmpty()) {
                        out.println("  CPU used by the scenario (setup and drain included): " + used);
                    }
                    if (options.statements()) {
                        Statements.print(suite.postgres(), out);
                    }
                } catch (Exception e) {
                    failures++;
                    out.println("  FAILED: " + e);
                    report.add("| " + scenario.name() + " | failed: " + e.getMessage() + " | | | |");
                }
            }
            // the machines are shared: the reference measured again shows how far it drifted during the run
            try {
                context.awaitQuiet();
                References.Raw rawAfter = References.rawUpdate(suite.postgres(), options.duration());
                String drift = String.format(Locale.ROOT, "Reference measured again after the scenarios: raw"
                        + " single-row-update TPS %s (%s at the start; the ratios above use the start's).",
                        Figure.number(rawAfter.tps()), Figure.number(raw.tps()));
                out.println();
                out.println(drift);
                report.add("");
                report.add(drift);
            } catch (Exception e) {
                out.println("  the reference could not be measured again: " + e);
            }
        } catch (Exception e) {
            out.println("The benchmark could not run: " + e);
            return 1;
        }
        try {
            Path results = root.resolve("benchmark").resolve("target").resolve("results.md");
            Files.write(results, report);
            out.println();
            out.println("Written to " + root.relativize(results));
        } catch (Exception e) {
            out.println("could not write results: " + e);
        }
        return failures == 0 ? 0 : 1;
    }

    /**
     * How long the warm-up may repeat its passes; it stops earlier once the JIT compilers' share falls below
     * {@link #JIT_SETTLED}. The services' C2 compilers keep busy for minutes of steady load (a JVM's compile count
     * still grew by ~15 a second after three 10-s passes), so a fixed three passes left half the services' CPU to them.
     */
    static final Duration WARMUP_BUDGET = Duration.ofMinutes(6);

    /** The services' JIT compilers' share of the services' CPU under which a warm-up pass counts as steady. */
    static final double JIT_SETTLED = 0.15;

    /**
     * Runs every chosen scenario, small ({@code --scale} × 0.1, loads of {@code --warmup} seconds) and unprinted,
     * so the measured pass finds the services past their first calls: classes loaded, the JIT's compilations done,
     * pools and caches filled — as in a service that has been running. A pass is repeated (while the
     * {@link #WARMUP_BUDGET} lasts) while the services' JIT compiler threads took {@value #JIT_SETTLED} or more of
     * their CPU: four JVMs compiling on two cores would otherwise bill their compilations to the measured calls.
     * Every scenario works on stores of its own, so the warm-up leaves nothing the measured pass would replay.
     */
    private static void warmUp(BenchSuite suite, References.Raw raw, String commit, List<Scenario> scenarios,
                               Options options, PrintStream out) throws Exception {
        out.println("Warming up (every chosen scenario, scale " + options.scale() * 0.1 + ", loads of "
                + options.warmup().toSeconds() + " s, not reported; repeated while the JIT is busy) ...");
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        BenchContext warm = new BenchContext(suite, raw, commit, options.scale() * 0.1, options.warmup(), quiet);
        long deadline = System.nanoTime() + WARMUP_BUDGET.toNanos();
        for (int pass = 1; ; pass++) {
            long started = System.nanoTime();
            Map<String, Double> before = warm.cpu();
            for (Scenario scenario : scenarios) {
                warm.awaitQuiet();
                scenario.run(warm);
            }
            warm.awaitQuiet();
            double jitShare = CpuMeter.jitShare(before, warm.cpu());
            out.printf(Locale.ROOT, "  pass %d done in %.0f s; the services' JIT compilers took %.0f %% of their CPU%n",
                    pass, (System.nanoTime() - started) / 1e9, jitShare * 100);
            if (jitShare < JIT_SETTLED || System.nanoTime() > deadline) {
                break;
            }
        }
    }

    static void usage(PrintStream out) {
        out.println("usage: ./laurel bench [list] [--async] [--seconds=N] [--scale=F] [scenario …]");
        out.println("  list         the scenarios");
        out.println("  --async      Postgres with synchronous_commit=off (the development default); by default on,");
        out.println("               as in production, which is what the aims are stated against");
        out.println("  --seconds=N  length of each time-bounded load, references included (default 5)");
        out.println("  --scale=F    multiply every scenario's sizes (default 1; 0.1 for a quick look)");
        out.println("  --warmup=N   first run every chosen scenario small with loads of N s, unreported, so the");
        out.println("               services are measured warm (default 10; 0 measures them cold)");
        out.println("  --statements load pg_stat_statements and print, after each scenario, where Postgres spent its time");
    }

    record Options(boolean list, boolean async, Duration duration, Duration warmup, boolean statements, double scale,
                   List<String> names) {

        static Options parse(String[] args) {
            boolean list = false;
            boolean async = false;
            boolean statements = false;
            Duration duration = Duration.ofSeconds(5);
            Duration warmup = Duration.ofSeconds(10);
            double scale = 1;
            List<String> names = new ArrayList<>();
            for (String arg : args) {
                if (arg.equals("list")) {
                    list = true;
                } else if (arg.equals("--async")) {
                    async = true;
                } else if (arg.startsWith("--seconds=")) {
                    duration = Duration.ofSeconds(positive(arg, Double.parseDouble(value(arg))).longValue());
                } else if (arg.startsWith("--warmup=")) {
                    double seconds = Double.parseDouble(value(arg));
                    if (!(seconds >= 0)) {
                        throw new IllegalArgumentException(arg + ": must be 0 or more");
                    }
                    warmup = Duration.ofSeconds((long) seconds);
                } else if (arg.equals("--statements")) {
                    statements = true;
                } else if (arg.startsWith("--scale=")) {
                    scale = positive(arg, Double.parseDouble(value(arg)));
                } else if (arg.startsWith("-")) {
                    throw new IllegalArgumentException("unknown option " + arg);
                } else {
                    names.add(arg);
                }
            }
            return new Options(list, async, duration, warmup, statements, scale, names);
        }

        private static String value(String arg) {
            return arg.substring(arg.indexOf('=') + 1);
        }

        private static Double positive(String arg, double v) {
            if (!(v > 0)) {
                throw new IllegalArgumentException(arg + ": must be positive");
            }
            return v;
        }
    }
}
