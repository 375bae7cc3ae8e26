package io.laurel.devstack;

import com.sun.net.httpserver.HttpServer;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Properties;

/**
 * Stands in for a packaged service in {@link LauncherTest}: run as {@code java -jar <svc>/target/quarkus-app/
 * quarkus-run.jar} (a jar holding only a manifest that points here), it checks the database and Redis the launcher
 * hands it (and prints {@code LAUREL_STUB_ECHO}, when given), then answers {@code /q/health/ready}. A file {@code <svc>/fail} makes it die at start instead.
 */
public final class StubService {

    private StubService() {
    }

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(System.getProperty("java.class.path"));
        Path serviceDirectory = jar.getParent().getParent().getParent();
        System.out.println("stub " + serviceDirectory.getFileName() + " starting");
        if (Files.exists(serviceDirectory.resolve("fail"))) {
            System.out.println("boom: this stub was told to fail");
            System.exit(3);
        }
        Properties credentials = new Properties();
        credentials.setProperty("user", System.getenv("QUARKUS_DATASOURCE_USERNAME"));
        credentials.setProperty("password", System.getenv("QUARKUS_DATASOURCE_PASSWORD"));
        try (Connection c = new org.postgresql.Driver().connect(System.getenv("QUARKUS_DATASOURCE_JDBC_URL"),
                credentials); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT current_database()")) {
            rs.next();
            System.out.println("database " + rs.getString(1));
        }
        System.out.println("reactive " + System.getenv("QUARKUS_DATASOURCE_REACTIVE_URL"));
        if (System.getenv("LAUREL_STUB_ECHO") != null) {
            System.out.println("echo " + System.getenv("LAUREL_STUB_ECHO"));
        }
        RedisUrl redis = RedisUrl.parse(System.getenv("QUARKUS_REDIS_HOSTS"));
        System.out.println("redis " + RedisServer.view(Infrastructure.Source.EMBEDDED, redis.uri(), "stub").ping());

        HttpServer server = HttpServer.create(new InetSocketAddress(Integer.parseInt(System.getenv("QUARKUS_HTTP_PORT"))), 0);
        server.createContext("/q/health/ready", exchange -> {
            byte[] body = "{\"status\":\"UP\"}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("stub stopping");
            server.stop(0);
        }));
        System.out.println("stub ready");
    }
}
