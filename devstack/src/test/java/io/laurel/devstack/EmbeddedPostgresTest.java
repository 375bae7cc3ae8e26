package io.laurel.devstack;

import io.laurel.devstack.Infrastructure.Options;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class EmbeddedPostgresTest {

    @Test
    void answersSql() throws SQLException {
        PostgresServer server = LaurelInfra.postgres();

        assertThat(query(server, server.adminDatabase(), "SELECT current_setting('server_version_num')::int / 10000"))
                .isEqualTo("15");
    }

    @Test
    void ensureDatabaseIsIdempotentAndKeepsContent() throws SQLException {
        PostgresServer server = LaurelInfra.postgres();
        String name = "idem_" + UUID.randomUUID().toString().substring(0, 8);

        PostgresDatabase first = server.ensureDatabase(name);
        execute(server, name, "CREATE TABLE kept (id int)", "INSERT INTO kept VALUES (7)");
        PostgresDatabase second = server.ensureDatabase(name);

        assertThat(second).isEqualTo(first);
        assertThat(query(server, name, "SELECT id FROM kept")).isEqualTo("7");
        assertThat(query(server, "postgres", "SELECT count(*) FROM pg_database WHERE datname = '" + name + "'"))
                .isEqualTo("1");
    }

    @Test
    void recreateDatabaseEmptiesIt() throws SQLException {
        PostgresServer server = LaurelInfra.postgres();
        server.ensureDatabase("recreated");
        execute(server, "recreated", "CREATE TABLE IF NOT EXISTS gone (id int)");

        server.recreateDatabase("recreated");

        assertThat(query(server, "recreated", "SELECT count(*) FROM pg_tables WHERE tablename = 'gone'")).isEqualTo("0");
    }

    @Test
    void urlsNameTheDatabaseInJdbcAndVertxForms() {
        PostgresServer server = LaurelInfra.postgres();

        assertThat(server.jdbcUrl("reward")).isEqualTo("jdbc:postgresql://localhost:" + server.port() + "/reward");
        assertThat(server.reactiveUrl("reward")).isEqualTo("postgresql://localhost:" + server.port() + "/reward");
    }

    @Test
    void dataInAPersistentDirectorySurvivesStopAndStartEvenAfterAStalePidFile() throws Exception {
        Path dataDirectory = Infrastructure.tmpDirectory().resolve("persistent-" + UUID.randomUUID());
        Options options = Options.persistent(dataDirectory).withEnv(Map.of());
        try {
            try (PostgresServer first = Infrastructure.postgres(options)) {
                assertThat(first.source()).isEqualTo(Infrastructure.Source.EMBEDDED);
                first.ensureDatabase("laurel_reward");
                execute(first, "laurel_reward", "CREATE TABLE ledger (points int)", "INSERT INTO ledger VALUES (42)");
            }
            assertThat(dataDirectory.resolve("postmaster.pid")).doesNotExist();

            try (PostgresServer second = Infrastructure.postgres(options)) {
                assertThat(query(second, "laurel_reward", "SELECT points FROM ledger")).isEqualTo("42");
            }

            // a killed run leaves postmaster.pid behind; once its pid is reused by a live process that is not a
            // Postgres (here: this JVM), Postgres itself would refuse to start
            Files.writeString(dataDirectory.resolve("postmaster.pid"), ProcessHandle.current().pid() + "\n"
                    + dataDirectory + "\n");
            try (PostgresServer third = Infrastructure.postgres(options)) {
                assertThat(query(third, "laurel_reward", "SELECT points FROM ledger")).isEqualTo("42");
            }
        } finally {
            Processes.deleteTree(dataDirectory);
        }
    }

    static String query(PostgresServer server, String database, String sql) throws SQLException {
        try (Connection c = server.connect(database); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            assertThat(rs.next()).isTrue();
            return rs.getString(1);
        }
    }

    static void execute(PostgresServer server, String database, String... statements) throws SQLException {
        try (Connection c = server.connect(database); Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        }
    }
}
