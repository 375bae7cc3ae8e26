package io.laurel.devstack;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * A running Postgres server: where it listens, how to log in, and databases on demand. Closing it stops what Laurel
 * started (an embedded server, a container); a server named by {@code PG_URL} is left alone.
 */
public final class PostgresServer extends RunningServer {

    private static final Pattern DATABASE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_\\-]{0,62}");

    private final String username;
    private final String password;
    private final String adminDatabase;
    private final String parameters;

    PostgresServer(Infrastructure.Source source, String host, int port, String username, String password,
                   String adminDatabase, String parameters, String description, AutoCloseable stopper) {
        super("Postgres", source, host, port, description, stopper);
        this.username = username;
        this.password = password;
        this.adminDatabase = adminDatabase;
        this.parameters = parameters;
    }

    /** The server {@code PG_URL} names; fails at once, with the reason, if it does not answer. */
    static PostgresServer external(PostgresUrl url) {
        PostgresServer server = new PostgresServer(Infrastructure.Source.ENVIRONMENT, url.host(), url.port(),
                url.username(), url.password(), url.database(), url.parameters(),
                "named by PG_URL", () -> { });
        try (Connection c = server.connect(url.database()); Statement s = c.createStatement()) {
            s.execute("SELECT 1");
        } catch (SQLException e) {
            throw new IllegalStateException("PG_URL names " + url + " but it does not answer: " + e.getMessage(), e);
        }
        return server;
    }

    /** A view of a server another class loader of this JVM started (see {@link LaurelInfra}); closing it does nothing. */
    static PostgresServer view(Infrastructure.Source source, String adminUrl, String description) {
        PostgresUrl url = PostgresUrl.parse(adminUrl, null, null);
        return new PostgresServer(source, url.host(), url.port(), url.username(), url.password(), url.database(),
                url.parameters(), description, () -> { });
    }

    /** {@code postgresql://user:password@host:port/admin?parameters}: everything needed to reach it again. */
    String adminUrl() {
        return "postgresql://" + encode(username) + ":" + encode(password) + "@" + host() + ":" + port() + "/"
                + adminDatabase + (parameters.isEmpty() ? "" : "?" + parameters);
    }

    private static String encode(String s) {
        return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
    }

    public String username() {
        return username;
    }

    public String password() {
        return password;
    }

    /** The database used to create others ({@code postgres} unless {@code PG_URL} names another). */
    public String adminDatabase() {
        return adminDatabase;
    }

    /** {@code jdbc:postgresql://host:port/database}, plus the parameters {@code PG_URL} carried (say sslmode). */
    public String jdbcUrl(String database) {
        return "jdbc:" + reactiveUrl(database);
    }

    /** The Vert.x reactive client's form: {@code postgresql://host:port/database}. */
    public String reactiveUrl(String database) {
        return "postgresql://" + host() + ":" + port() + "/" + database
                + (parameters.isEmpty() ? "" : "?" + parameters);
    }

    /** {@code name} on this server, without creating it. */
    public PostgresDatabase database(String name) {
        return new PostgresDatabase(name, jdbcUrl(name), reactiveUrl(name), username, password);
    }

    /** Creates database {@code name} unless it exists; safe to call again, and from several JVMs at once. */
    public PostgresDatabase ensureDatabase(String name) {
        checkName(name);
        try (Connection c = connect(adminDatabase)) {
            if (!exists(c, name)) {
                try (Statement s = c.createStatement()) {
                    s.execute("CREATE DATABASE " + quote(name));
                } catch (SQLException e) {
                    // 42P04 duplicate_database, 23505 unique_violation: someone else created it meanwhile
                    if (!"42P04".equals(e.getSQLState()) && !"23505".equals(e.getSQLState())) {
                        throw e;
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + name + " on " + describe() + ": "
                    + e.getMessage(), e);
        }
        return database(name);
    }

    /** Drops database {@code name} if it exists (closing its sessions) and creates it empty. */
    public PostgresDatabase recreateDatabase(String name) {
        checkName(name);
        try (Connection c = connect(adminDatabase); Statement s = c.createStatement()) {
            if (c.getMetaData().getDatabaseMajorVersion() >= 13) {
                s.execute("DROP DATABASE IF EXISTS " + quote(name) + " WITH (FORCE)");
            } else {
                try (PreparedStatement ps = c.prepareStatement("SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                        + " WHERE datname = ? AND pid <> pg_backend_pid()")) {
                    ps.setString(1, name);
                    ps.execute();
                }
                s.execute("DROP DATABASE IF EXISTS " + quote(name));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot drop database " + name + " on " + describe() + ": "
                    + e.getMessage(), e);
        }
        return ensureDatabase(name);
    }

    /** A new JDBC connection to {@code database}; the caller closes it. */
    public Connection connect(String database) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", username);
        if (!password.isEmpty()) {
            props.setProperty("password", password);
        }
        props.setProperty("connectTimeout", "10");
        // the driver directly, not DriverManager: Quarkus' test class loaders hide drivers from DriverManager
        Connection connection = new org.postgresql.Driver().connect(jdbcUrl(database), props);
        if (connection == null) {
            throw new SQLException("the Postgres driver does not accept " + jdbcUrl(database));
        }
        return connection;
    }

    @Override
    public String toString() {
        return "PostgresServer[" + username + "@" + describe() + "]";
    }

    private static boolean exists(Connection c, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static void checkName(String name) {
        if (name == null || !DATABASE_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("database name must be letters, digits, _ or -, at most 63, and not "
                    + "start with a digit: '" + name + "'");
        }
    }

    private static String quote(String name) {
        return '"' + name + '"';
    }
}
