package io.laurel.benchmark;

import io.laurel.devstack.PostgresServer;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;

/**
 * {@code --statements}: where Postgres spent its time during a scenario, from {@code pg_stat_statements} (loaded
 * for the run only with that option) — the statements by total execution time, each with its database, calls, rows
 * and mean time. It answers "which statement, which service" when a scenario's Postgres CPU per unit is high.
 */
final class Statements {

    private static final int SHOWN = 15;

    private Statements() {
    }

    /** Forgets what was counted so far, so the next print covers one scenario. */
    static void reset(PostgresServer postgres, boolean enabled) throws SQLException {
        if (!enabled) {
            return;
        }
        try (Connection c = postgres.connect(postgres.adminDatabase()); Statement s = c.createStatement()) {
            s.execute("SELECT pg_stat_statements_reset()");
        }
    }

    static void print(PostgresServer postgres, PrintStream out) throws SQLException {
        try (Connection c = postgres.connect(postgres.adminDatabase()); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("""
                     SELECT d.datname, st.calls, st.rows, st.total_exec_time, st.mean_exec_time,
                            sum(st.total_exec_time) OVER () AS all_time, sum(st.calls) OVER () AS all_calls,
                            regexp_replace(st.query, '\\s+', ' ', 'g') AS query
                     FROM pg_stat_statements st JOIN pg_database d ON d.oid = st.dbid
                     WHERE d.datname <> current_database()
                     ORDER BY st.total_exec_time DESC LIMIT""" + " " + SHOWN)) {
            boolean first = true;
            while (rs.next()) {
                if (first) {
                    out.printf(Locale.ROOT, "  Postgres statements (pg_stat_statements): %,d calls, %.0f ms executing;"
                            + " the %d longest in total:%n", rs.getLong("all_calls"), rs.getDouble("all_time"), SHOWN);
                    first = false;
                }
                String query = rs.getString("query");
                out.printf(Locale.ROOT, "    %5.1f%% %-9s %,9d calls %,9d rows %8.3f ms mean  %s%n",
                        100 * rs.getDouble("total_exec_time") / Math.max(1e-9, rs.getDouble("all_time")),
                        rs.getString("datname"), rs.getLong("calls"), rs.getLong("rows"), rs.getDouble("mean_exec_time"),
                        query.length() > 160 ? query.substring(0, 160) + " …" : query);
            }
        }
    }
}
