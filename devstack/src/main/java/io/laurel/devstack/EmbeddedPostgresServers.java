package io.laurel.devstack;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Postgres from zonky's binaries (unpacked once under {@code java.io.tmpdir/embedded-pg}). Runs as root too: zonky
 * starts it inside {@code unshare -U} there. Its output goes to a log file, not to the test console.
 */
final class EmbeddedPostgresServers {

    /** The superuser zonky's initdb creates; local connections are trusted, so the password is only a formality
     * (some clients refuse an empty one). */
    static final String USER = "postgres";
    static final String PASSWORD = "postgres";

    // zonky narrates every start at INFO; its server output already goes to the log file. Held here: JUL keeps
    // loggers only weakly, and a collected logger forgets its level. (Through JBoss LogManager in Quarkus tests.)
    private static final java.util.logging.Logger ZONKY_LOG = java.util.logging.Logger.getLogger("io.zonky.test.db");

    private EmbeddedPostgresServers() {
    }

    static PostgresServer start(Infrastructure.Options options) {
        if (ZONKY_LOG.getLevel() == null) {
            ZONKY_LOG.setLevel(java.util.logging.Level.WARNING);
        }
        boolean persistent = options.dataDirectory() != null;
        Path tmp = Infrastructure.tmpDirectory();
        Path dataDirectory = persistent ? options.dataDirectory().toAbsolutePath()
                : tmp.resolve("laurel-pgdata").resolve(UUID.randomUUID().toString());
        Path logFile = options.logFile() != null ? options.logFile().toAbsolutePath()
                : tmp.resolve("laurel-postgres-" + ProcessHandle.current().pid() + "-"
                + dataDirectory.getFileName() + ".log");
        try {
            Files.createDirectories(logFile.getParent());
            Files.createDirectories(dataDirectory.getParent());
            if (persistent) {
                reclaim(dataDirectory); // first: a Postgres left running on this directory holds the port too
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare " + dataDirectory + ": " + e.getMessage(), e);
        }
        if (options.port() != 0) {
            Processes.requireFree(options.port(), "Postgres", ": is another Postgres (or `./laurel up`) running?"
                    + " Stop it, or name it with PG_URL to use it.");
        }
        EmbeddedPostgres postgres;
        try {
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDirectory)
                    .setCleanDataDirectory(!persistent)
                    .setPort(options.port())
                    .setRegisterShutdownHook(false)
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .setOutputRedirector(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .setErrorRedirector(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
            if (persistent) {
                builder.setServerConfig("fsync", "on"); // zonky passes -F (no fsync): data here must survive a crash
            } else {
                builder.setServerConfig("full_page_writes", "off");
            }
            postgres = builder.start();
        } catch (IOException | RuntimeException | ExceptionInInitializerError e) {
            throw new IllegalStateException("embedded Postgres did not start (data " + dataDirectory + "): "
                    + e.getMessage() + "\n--- " + logFile + " ---\n" + Processes.tail(logFile, 30), e);
        }
        String description = "embedded Postgres 15, " + (persistent ? "data in " + dataDirectory
                : "throwaway") + ", log " + logFile;
        PostgresServer server = new PostgresServer(Infrastructure.Source.EMBEDDED, "localhost", postgres.getPort(),
                USER, PASSWORD, "postgres", "", description, postgres::close);
        if (options.shutdownHook()) {
            Runtime.getRuntime().addShutdownHook(new Thread(server::close, "laurel-postgres-stop"));
        }
        return server;
    }

    /**
     * Makes a persistent data directory startable after an unclean end of the previous run: a half-done initdb is
     * cleared; a Postgres left running by a killed launcher is stopped; a {@code postmaster.pid} naming a process that
     * is gone, or that is not a Postgres (pids get reused), is removed. A directory in use by a live Postgres of a live
     * JVM is refused.
     */
    static void reclaim(Path dataDirectory) throws IOException {
        if (!Files.isDirectory(dataDirectory)) {
            return;
        }
        boolean initialized = Files.exists(dataDirectory.resolve("postgresql.conf"))
                || Files.exists(dataDirectory.resolve("PG_VERSION"));
        if (!initialized) {
            try (var entries = Files.list(dataDirectory)) {
                if (entries.findAny().isPresent()) {
                    Processes.deleteTree(dataDirectory); // initdb died half-way; it wants an empty directory
                }
            }
            return;
        }
        Path pidFile = dataDirectory.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        Optional<ProcessHandle> holder = postmaster(pidFile).flatMap(ProcessHandle::of)
                .filter(p -> p.isAlive() && !Processes.zombie(p));
        if (holder.isPresent()) {
            Optional<String> command = holder.get().info().command();
            if (command.isEmpty()) {
                throw new IllegalStateException(pidFile + " names live process " + holder.get().pid()
                        + ", which may be a Postgres on this data directory: stop it, or delete the file if it is not");
            }
            if (command.get().contains("postgres")) {
                if (lockedByLiveJvm(dataDirectory.resolve("epg-lock"))) {
                    throw new IllegalStateException("the Postgres data directory " + dataDirectory
                            + " is in use by a running process (postgres pid " + holder.get().pid()
                            + "): is `./laurel up` running already?");
                }
                // left running by a launcher that was killed: stop it (SIGINT = fast shutdown), then start afresh
                Processes.interrupt(holder.get());
                if (!Processes.awaitExit(holder.get(), Duration.ofSeconds(30))) {
                    holder.get().destroyForcibly();
                }
                if (!Processes.awaitExit(holder.get(), Duration.ofSeconds(10))) {
                    throw new IllegalStateException("the Postgres left running on " + dataDirectory + " (pid "
                            + holder.get().pid() + ") does not stop");
                }
                Files.deleteIfExists(pidFile); // gone if it shut down cleanly; stale if it had to be killed
                return;
            }
        }
        Files.deleteIfExists(pidFile);
    }

    /** The postmaster's pid: the first line of {@code postmaster.pid}. */
    static Optional<Long> postmaster(Path pidFile) {
        try {
            List<String> lines = Files.readAllLines(pidFile);
            return lines.isEmpty() ? Optional.empty() : Optional.of(Long.parseLong(lines.get(0).strip()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Whether another JVM (or this one) holds zonky's lock on a data directory, i.e. runs a Postgres on it. */
    private static boolean lockedByLiveJvm(Path lockFile) {
        if (!Files.exists(lockFile)) {
            return false;
        }
        try (FileOutputStream out = new FileOutputStream(lockFile.toFile(), true);
             FileLock lock = out.getChannel().tryLock()) {
            return lock == null;
        } catch (OverlappingFileLockException e) {
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
