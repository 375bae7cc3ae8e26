package io.laurel.devstack;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A Postgres server named by a URL, as {@code PG_URL} gives it. Accepts the libpq form
 * ({@code postgresql://user:pass@host:5432/db?sslmode=require}), its {@code postgres://} alias and the JDBC form
 * ({@code jdbc:postgresql://host:5432/db?user=u&password=p}). Credentials come from the URL's user info, else from
 * its {@code user}/{@code password} parameters, else from {@code PG_USER}/{@code PG_PASSWORD}, else
 * {@code postgres} with no password. Other parameters (say {@code sslmode}) are kept for every URL derived from it.
 *
 * @param host       host name or address ({@code [::1]} keeps its brackets)
 * @param port       TCP port, 5432 when the URL names none
 * @param database   the database the URL names, {@code postgres} when none: used to administer the server
 * @param username   user to connect as
 * @param password   password, empty when none
 * @param parameters the URL's query without {@code user}/{@code password}, {@code k=v&k=v}, empty when none
 */
public record PostgresUrl(String host, int port, String database, String username, String password,
                          String parameters) {

    static final int DEFAULT_PORT = 5432;
    static final String DEFAULT_DATABASE = "postgres";
    static final String DEFAULT_USER = "postgres";

    /** The server named by {@code PG_URL} in {@code env}, with {@code PG_USER}/{@code PG_PASSWORD}; empty if unset. */
    public static Optional<PostgresUrl> fromEnvironment(Map<String, String> env) {
        String url = env.get("PG_URL");
        if (url == null || url.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(parse(url, env.get("PG_USER"), env.get("PG_PASSWORD")));
    }

    /** Parses {@code url}; {@code fallbackUser}/{@code fallbackPassword} (may be null) fill what the URL leaves out. */
    public static PostgresUrl parse(String url, String fallbackUser, String fallbackPassword) {
        String rest = url.strip();
        if (rest.regionMatches(true, 0, "jdbc:", 0, 5)) {
            rest = rest.substring(5);
        }
        int schemeEnd = rest.indexOf("://");
        String scheme = schemeEnd < 0 ? "" : rest.substring(0, schemeEnd).toLowerCase();
        if (!scheme.equals("postgresql") && !scheme.equals("postgres")) {
            throw new IllegalArgumentException("not a Postgres URL (want postgresql://, postgres:// or "
                    + "jdbc:postgresql://): " + redact(url));
        }
        rest = rest.substring(schemeEnd + 3);

        String query = "";
        int q = rest.indexOf('?');
        if (q >= 0) {
            query = rest.substring(q + 1);
            rest = rest.substring(0, q);
        }
        String path = "";
        int slash = rest.indexOf('/');
        if (slash >= 0) {
            path = rest.substring(slash + 1);
            rest = rest.substring(0, slash);
        }
        String user = null;
        String password = null;
        int at = rest.lastIndexOf('@');
        if (at >= 0) {
            String userInfo = rest.substring(0, at);
            rest = rest.substring(at + 1);
            int colon = userInfo.indexOf(':');
            user = decode(colon < 0 ? userInfo : userInfo.substring(0, colon));
            password = colon < 0 ? null : decode(userInfo.substring(colon + 1));
        }
        if (rest.contains(",")) {
            throw new IllegalArgumentException("several hosts in one Postgres URL are not supported: " + redact(url));
        }
        HostPort hostPort = HostPort.parse(rest, DEFAULT_PORT, url);

        List<String> kept = new ArrayList<>();
        for (String pair : query.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            switch (key) {
                case "user" -> user = user == null || user.isEmpty() ? value : user;
                case "password" -> password = password == null ? value : password;
                default -> kept.add(pair);
            }
        }
        if (user == null || user.isEmpty()) {
            user = fallbackUser == null || fallbackUser.isBlank() ? DEFAULT_USER : fallbackUser;
        }
        if (password == null) {
            password = fallbackPassword == null ? "" : fallbackPassword;
        }
        String database = path.isEmpty() ? DEFAULT_DATABASE : decode(path);
        return new PostgresUrl(hostPort.host(), hostPort.port(), database, user, password, String.join("&", kept));
    }

    /** {@code url} with any password replaced by {@code ***}, for messages. */
    static String redact(String url) {
        return url.replaceAll("(://[^:/@?]*:)[^@/?]*@", "$1***@").replaceAll("(?i)(password=)[^&]*", "$1***");
    }

    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    /** A host and port out of a URL's authority; IPv6 literals keep their brackets. */
    record HostPort(String host, int port) {
        static HostPort parse(String authority, int defaultPort, String url) {
            String host = authority;
            String port = "";
            if (authority.startsWith("[")) {
                int close = authority.indexOf(']');
                if (close < 0) {
                    throw new IllegalArgumentException("unclosed [ in " + redact(url));
                }
                host = authority.substring(0, close + 1);
                String after = authority.substring(close + 1);
                port = after.startsWith(":") ? after.substring(1) : "";
            } else {
                int colon = authority.lastIndexOf(':');
                if (colon >= 0) {
                    host = authority.substring(0, colon);
                    port = authority.substring(colon + 1);
                }
            }
            if (host.isEmpty()) {
                host = "localhost";
            }
            try {
                int p = port.isEmpty() ? defaultPort : Integer.parseInt(port);
                if (p < 1 || p > 65535) {
                    throw new NumberFormatException();
                }
                return new HostPort(host, p);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("bad port '" + port + "' in " + redact(url), e);
            }
        }
    }

    @Override
    public String toString() {
        return "PostgresUrl[" + username + "@" + host + ":" + port + "/" + database
                + (parameters.isEmpty() ? "" : "?" + parameters) + "]";
    }
}
