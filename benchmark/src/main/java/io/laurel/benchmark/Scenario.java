package io.laurel.benchmark;

import java.util.List;

/**
 * One benchmark run: drives the running suite and reports its figures, each beside a reference measured in the
 * same run ({@link BenchContext#rawUpdateTps()}, {@link BenchContext#echo(String)}). Found through
 * {@link java.util.ServiceLoader}: add a class and a line to {@code META-INF/services/io.laurel.benchmark.Scenario}.
 */
public interface Scenario {

    /** Short name to select it with: {@code ./laurel bench ingest}. */
    String name();

    /** One line: what it does, with its sizes. */
    String description();

    /** Runs against the started services; returns the figures to print. Throws to report a failure. */
    List<Figure> run(BenchContext context) throws Exception;
}
