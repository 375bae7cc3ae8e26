package io.laurel.benchmark;

import grpc.health.v1.HealthGrpc;
import grpc.health.v1.HealthOuterClass.HealthCheckRequest;
import io.grpc.ManagedChannel;
import io.laurel.devstack.PostgresServer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;

/** The references every figure is judged against, measured on the same machine in the same run. */
final class References {

    static final String DATABASE = "laurel_bench";
    /** Connections of the raw-TPS reference: as many as pgbench's usual {@code -c 8}. */
    static final int RAW_CONNECTIONS = 8;
    static final int RAW_ROWS = 1_000;
    /** Calls in flight for the echo reference, as in the scenarios that compare to it. */
    static final int ECHO_CONCURRENCY = 16;

    private References() {
    }

    /**
     * The Postgres's raw single-row-update TPS: {@value #RAW_CONNECTIONS} connections each committing
     * {@code UPDATE … SET n = n + 1 WHERE id = ?} on a random one of {@value #RAW_ROWS} rows, one statement per
     * transaction (autocommit), under the server's commit setting.
     */
    /** The raw reference: transactions per second, and Postgres's CPU per transaction (0 when unmeasured). */
    record Raw(double tps, double cpuMsPerTxn) {
    }

    static Raw rawUpdate(PostgresServer postgres, Duration duration) throws Exception {
        postgres.ensureDatabase(DATABASE);
        try (Connection c = postgres.connect(DATABASE); Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS raw_counter");
            s.execute("CREATE TABLE raw_counter (id int PRIMARY KEY, n bigint NOT NULL)");
            s.execute("INSERT INTO raw_counter SELECT g, 0 FROM generate_series(1, " + RAW_ROWS + ") g");
            s.execute("VACUUM ANALYZE raw_counter");
        }
        ConcurrentLinkedQueue<Connection> opened = new ConcurrentLinkedQueue<>();
        ThreadLocal<PreparedStatement> update = ThreadLocal.withInitial(() -> {
            try {
                Connection c = postgres.connect(DATABASE);
                opened.add(c);
                return c.prepareStatement("UPDATE raw_counter SET n = n + 1 WHERE id = ?");
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
        try {
            Load.Call call = i -> {
                PreparedStatement ps = update.get();
                ps.setInt(1, 1 + ThreadLocalRandom.current().nextInt(RAW_ROWS));
                ps.executeUpdate();
            };
            Load.during(RAW_CONNECTIONS, Duration.ofSeconds(1), call); // warm-up: connections, plans, caches
            CpuMeter cpu = new CpuMeter(Map.of());
            Map<String, Double> before = cpu.sample();
            Load.Result load = Load.during(RAW_CONNECTIONS, duration, call);
            Map<String, Double> after = cpu.sample();
            double cpuMs = after.isEmpty() ? 0 : CpuMeter.suiteSeconds(before, after) * 1000 / load.calls();
            return new Raw(load.perSecond(), cpuMs);
        } finally {
            for (Connection c : opened) {
                c.close();
            }
        }
    }

    /**
     * A bare gRPC call on a service's own server: {@code grpc.health.v1.Health/Check}, answered without touching a
     * database, {@value #ECHO_CONCURRENCY} in flight.
     */
    static Load.Result echo(ManagedChannel channel, Duration duration) throws Exception {
        Load.Call call = echoCall(channel);
        warmUp(call);
        return Load.during(ECHO_CONCURRENCY, duration, call);
    }

    /** One second of {@code call} at the echo's concurrency, unmeasured: connections, streams and caches ready. */
    static void warmUp(Load.Call call) throws Exception {
        Load.during(ECHO_CONCURRENCY, Duration.ofSeconds(1), call);
    }

    /** One bare gRPC call on {@code channel}'s server. */
    static Load.Call echoCall(ManagedChannel channel) {
        HealthGrpc.HealthBlockingStub health = HealthGrpc.newBlockingStub(channel);
        HealthCheckRequest request = HealthCheckRequest.getDefaultInstance();
        return i -> health.check(request);
    }

    /** The server's commit setting, to print beside every figure. */
    static String commitSetting(PostgresServer postgres) throws SQLException {
        postgres.ensureDatabase(DATABASE);
        try (Connection c = postgres.connect(DATABASE); Statement s = c.createStatement();
             var rs = s.executeQuery("SELECT current_setting('synchronous_commit'), current_setting('fsync')")) {
            rs.next();
            return "synchronous_commit=" + rs.getString(1) + ", fsync=" + rs.getString(2);
        }
    }

    static List<String> describe(double rawTps, String commit) {
        return List.of("raw single-row-update TPS " + Figure.number(rawTps) + " (" + RAW_CONNECTIONS
                + " connections, " + commit + ")");
    }
}
