package io.laurel.devstack;

/**
 * EXTENSION POINT: what {@code ./laurel up} runs once every service is healthy, to show the suite doing its job
 * (enrol a member, record progress, watch rewards and tiers follow). Failures are printed, not fatal (unless
 * {@code -Dlaurel.demo.strict=true} in {@code --smoke} mode).
 *
 * <p>How the launcher finds scenarios: {@link java.util.ServiceLoader} over its class path plus the entries of
 * {@code -Dlaurel.demo.classpath} (jars or folders, separated by {@code :}) — so a scenario can live in devstack itself
 * or in a module of its own, listed in {@code META-INF/services/io.laurel.devstack.DemoScenario}. All found run, in
 * the order found, unless {@code -Dlaurel.demo} names some (comma-separated {@link #name()}s or class names; a class
 * named there may also be a plain {@link Runnable}) or is {@code none}. Pass such options to the launcher with
 * {@code LAUREL_LAUNCHER_OPTS}.
 */
public interface DemoScenario {

    /** Short name, shown in the output and used by {@code -Dlaurel.demo} to pick scenarios. */
    default String name() {
        return getClass().getSimpleName();
    }

    /** Drives the running suite; throws to report a failure. */
    void run(Suite suite) throws Exception;
}
