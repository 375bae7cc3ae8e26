package io.laurel.devstack;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

/**
 * A Redis server named by a URL, as {@code REDIS_URL} gives it: {@code redis://[[user]:password@]host[:port][/db]},
 * {@code rediss://} for TLS, or a bare {@code host:port}.
 *
 * @param uri      the normalized URL, credentials included: what {@code quarkus.redis.hosts} takes
 * @param host     host name or address
 * @param port     TCP port, 6379 when the URL names none
 * @param username ACL user, empty when none
 * @param password password, empty when none
 * @param tls      whether the scheme is {@code rediss}
 */
public record RedisUrl(String uri, String host, int port, String username, String password, boolean tls) {

    static final int DEFAULT_PORT = 6379;

    /** The server named by {@code REDIS_URL} in {@code env}; empty if unset. */
    public static Optional<RedisUrl> fromEnvironment(Map<String, String> env) {
        String url = env.get("REDIS_URL");
        return url == null || url.isBlank() ? Optional.empty() : Optional.of(parse(url));
    }

    public static RedisUrl parse(String url) {
        String normalized = url.strip();
        if (!normalized.contains("://")) {
            normalized = "redis://" + normalized;
        }
        int schemeEnd = normalized.indexOf("://");
        String scheme = normalized.substring(0, schemeEnd).toLowerCase();
        if (!scheme.equals("redis") && !scheme.equals("rediss")) {
            throw new IllegalArgumentException("not a Redis URL (want redis://host:port): " + PostgresUrl.redact(url));
        }
        String rest = normalized.substring(schemeEnd + 3);
        int end = indexOfAny(rest, "/?#");
        String authority = end < 0 ? rest : rest.substring(0, end);
        String username = "";
        String password = "";
        int at = authority.lastIndexOf('@');
        if (at >= 0) {
            String userInfo = authority.substring(0, at);
            authority = authority.substring(at + 1);
            int colon = userInfo.indexOf(':');
            if (colon < 0) {
                password = decode(userInfo); // redis://secret@host: a bare secret is the password
            } else {
                username = decode(userInfo.substring(0, colon));
                password = decode(userInfo.substring(colon + 1));
            }
        }
        PostgresUrl.HostPort hostPort = PostgresUrl.HostPort.parse(authority, DEFAULT_PORT, url);
        return new RedisUrl(normalized, hostPort.host(), hostPort.port(), username, password,
                scheme.equals("rediss"));
    }

    private static int indexOfAny(String s, String chars) {
        for (int i = 0; i < s.length(); i++) {
            if (chars.indexOf(s.charAt(i)) >= 0) {
                return i;
            }
        }
        return -1;
    }

    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "RedisUrl[" + (tls ? "rediss" : "redis") + "://" + (username.isEmpty() ? "" : username + "@")
                + host + ":" + port + (password.isEmpty() ? "" : " (with password)") + "]";
    }
}
