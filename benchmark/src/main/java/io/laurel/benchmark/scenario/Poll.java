package io.laurel.benchmark.scenario;

import java.time.Duration;

/** Waiting, in a scenario's setup, for something the services do on their own (a feed applied, a job started). */
final class Poll {

    /** A check that may be asked again; it may read a service or a database. */
    @FunctionalInterface
    interface Check {
        boolean met() throws Exception;
    }

    private Poll() {
    }

    /** Asks {@code check} every {@code pause} until it is met; fails naming {@code what} after {@code timeout}. */
    static void until(String what, Duration timeout, Duration pause, Check check) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!check.met()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out after " + timeout.toSeconds() + " s waiting for " + what);
            }
            Thread.sleep(pause.toMillis());
        }
    }
}
