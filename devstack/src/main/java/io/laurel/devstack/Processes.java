package io.laurel.devstack;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Small things about local processes, ports and log files that the starters and the launcher share. */
final class Processes {

    private static final Path SETSID = Path.of("/usr/bin/setsid");

    private Processes() {
    }

    /**
     * {@code command} prefixed so that it runs in a session of its own where that is possible (Linux' setsid): a
     * Ctrl-C at the terminal then reaches only the JVM, which stops its children in order.
     */
    static List<String> detached(List<String> command) {
        if (!Files.isExecutable(SETSID)) {
            return command;
        }
        List<String> wrapped = new ArrayList<>(command.size() + 1);
        wrapped.add(SETSID.toString());
        wrapped.addAll(command);
        return wrapped;
    }

    /** A TCP port free on the loopback interface right now. */
    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free port: " + e.getMessage(), e);
        }
    }

    /** Whether something listens on {@code port} of the loopback interface. */
    static boolean listening(int port) {
        try (var socket = new java.net.Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 300);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Fails with a clear message when {@code port} is taken. */
    static void requireFree(int port, String what, String hint) {
        if (listening(port)) {
            throw new IllegalStateException("port " + port + " (wanted for " + what + ") is already in use" + hint);
        }
    }

    /** The last {@code lines} lines of {@code file}, or a note that it is empty or missing. */
    static String tail(Path file, int lines) {
        if (file == null || !Files.isRegularFile(file)) {
            return "(no log at " + file + ")";
        }
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            long length = raf.length();
            long start = Math.max(0, length - 64 * 1024);
            byte[] bytes = new byte[(int) (length - start)];
            raf.seek(start);
            raf.readFully(bytes);
            String[] all = new String(bytes, StandardCharsets.UTF_8).split("\r?\n");
            int from = Math.max(0, all.length - lines);
            return all.length == 0 || length == 0 ? "(" + file + " is empty)"
                    : String.join(System.lineSeparator(), java.util.Arrays.copyOfRange(all, from, all.length));
        } catch (IOException e) {
            return "(cannot read " + file + ": " + e.getMessage() + ")";
        }
    }

    /** Asks {@code process} to stop (SIGTERM), waits up to {@code grace}, then kills it. True if it stopped in time. */
    static boolean stop(ProcessHandle process, Duration grace) {
        return stop(List.of(process), grace);
    }

    /** {@link #stop(ProcessHandle, Duration)} for several at once: all are asked first, then waited for. */
    static boolean stop(List<ProcessHandle> processes, Duration grace) {
        processes.forEach(ProcessHandle::destroy);
        boolean inTime = true;
        long deadline = System.nanoTime() + grace.toNanos();
        for (ProcessHandle process : processes) {
            if (!awaitExit(process, Duration.ofNanos(Math.max(0, deadline - System.nanoTime())))) {
                inTime = false;
                process.destroyForcibly();
                awaitExit(process, Duration.ofSeconds(5));
            }
        }
        return inTime;
    }

    /**
     * Waits until {@code process} is gone. Polls: {@code onExit()} of a process that is not this JVM's child is
     * checked only every second or two.
     */
    static boolean awaitExit(ProcessHandle process, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (process.isAlive() && !zombie(process)) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return !process.isAlive();
            }
        }
        return true;
    }

    /**
     * Whether {@code process} has ended but is not yet reaped (Linux' state Z): an orphan of a killed launcher waits
     * for init to reap it, and counts as alive until then.
     */
    static boolean zombie(ProcessHandle process) {
        Path stat = Path.of("/proc", Long.toString(process.pid()), "stat");
        try {
            String line = Files.readString(stat);
            int afterName = line.lastIndexOf(')');
            return afterName > 0 && line.length() > afterName + 2 && line.charAt(afterName + 2) == 'Z';
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** Sends SIGINT where the {@code kill} command exists (for Postgres that means a fast shutdown), else SIGTERM. */
    static void interrupt(ProcessHandle process) {
        try {
            Process kill = new ProcessBuilder("kill", "-INT", Long.toString(process.pid()))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (kill.waitFor(5, TimeUnit.SECONDS) && kill.exitValue() == 0) {
                return;
            }
        } catch (IOException e) {
            // no kill command: fall through
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process.destroy();
    }

    /** Deletes {@code dir} and what is in it, quietly. */
    static void deleteTree(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // best effort: it is a temporary directory
                }
            });
        } catch (IOException ignored) {
            // best effort
        }
    }
}
