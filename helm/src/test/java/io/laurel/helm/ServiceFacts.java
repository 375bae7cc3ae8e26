package io.laurel.helm;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What the chart must agree with, read from the services' own files, so the tests fail when either drifts. */
final class ServiceFacts {

    private static final Path ROOT = Path.of("..");

    /** quarkus.http.port from the service's application.properties (gRPC and HTTP share it). */
    static int port(String service) {
        return Integer.parseInt(properties(ROOT.resolve(service + "-service/src/main/resources/application.properties"))
                .getProperty("quarkus.http.port"));
    }

    /** A default every service shares, from platform's META-INF/microprofile-config.properties. */
    static String shared(String key) {
        return properties(ROOT.resolve("platform/src/main/resources/META-INF/microprofile-config.properties")).getProperty(key);
    }

    /** The database named in the service's default JDBC URL. */
    static String database(String service) {
        String url = properties(ROOT.resolve(service + "-service/src/main/resources/application.properties"))
                .getProperty("quarkus.datasource.jdbc.url");
        return url.substring(url.lastIndexOf('/') + 1);
    }

    static boolean usesRedis(String service) {
        return properties(ROOT.resolve(service + "-service/src/main/resources/application.properties"))
                .containsKey("quarkus.redis.hosts");
    }

    /**
     * The calls between services that docs/architecture.md lists ("caller→callee"), from its table
     * "What crosses between services". Its "program → everyone" row is a pull stream: every other
     * service calls program-service's WatchConfigChanges.
     */
    static Set<String> documentedCalls() {
        Set<String> calls = new LinkedHashSet<>();
        Pattern row = Pattern.compile("^\\| (\\w+) → (\\w+) \\|");
        try {
            for (String line : Files.readAllLines(ROOT.resolve("docs/architecture.md"))) {
                Matcher m = row.matcher(line);
                if (!m.find() || !RenderedChart.SERVICES.contains(m.group(1))) {
                    continue;
                }
                if (m.group(2).equals("everyone")) {
                    for (String other : RenderedChart.SERVICES) {
                        if (!other.equals(m.group(1))) {
                            calls.add(other + "→" + m.group(1));
                        }
                    }
                } else {
                    calls.add(m.group(1) + "→" + m.group(2));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return calls;
    }

    private static Properties properties(Path file) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
    }

    private ServiceFacts() {
    }
}
