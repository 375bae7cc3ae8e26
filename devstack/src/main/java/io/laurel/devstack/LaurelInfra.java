package io.laurel.devstack;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The Postgres and Redis of this test JVM: started on first use, shared by every test class (a module's test JVM
 * boots several), stopped when the JVM exits. Throwaway: data lives under {@code java.io.tmpdir}.
 *
 * <p>Plain JUnit use, without Quarkus: call the static methods, or register this class as an extension and take
 * {@link PostgresServer}, {@link RedisServer} or {@link PostgresDatabase} parameters (the database named by
 * {@link LaurelDatabase}, else {@code laurel_test}).
 * <pre>{@code
 * @ExtendWith(LaurelInfra.class)
 * class OutboxTest {
 *     @Test
 *     void relaysInOrder(@LaurelDatabase("platform") PostgresDatabase db) { ... db.jdbcUrl() ... }
 * }
 * }</pre>
 *
 * <p>Each database starts empty once per JVM: the first time this JVM asks for a name it is dropped (a server named
 * by {@code PG_URL} may still have it from an earlier run) and created; later asks in the same JVM keep its content.
 *
 * <p>Quarkus' test runner may load this class in more than one class loader (one per application it boots), so "one
 * per JVM" is kept in system properties under {@code laurel.devstack.*}, not only in static fields: a class loader
 * that finds the servers there uses them rather than starting its own.
 */
public final class LaurelInfra implements ParameterResolver {

    static final String DEFAULT_DATABASE = "laurel_test";

    // A string literal is one object in the whole JVM, whichever class loader loaded this class: a JVM-wide lock.
    private static final String LOCK = "io.laurel.devstack.LaurelInfra.lock";
    private static final String POSTGRES = "laurel.devstack.postgres";
    private static final String REDIS = "laurel.devstack.redis";
    private static final String DATABASES = "laurel.devstack.databases";

    private static volatile PostgresServer postgres;
    private static volatile RedisServer redis;

    /** For JUnit's {@code @ExtendWith}; the rest is static. */
    public LaurelInfra() {
    }

    /** This JVM's Postgres, started on first call. */
    public static PostgresServer postgres() {
        PostgresServer server = postgres;
        if (server != null) {
            return server;
        }
        synchronized (LOCK) {
            if (postgres == null) {
                String url = System.getProperty(POSTGRES + ".url");
                if (url != null) {
                    postgres = PostgresServer.view(Infrastructure.Source.valueOf(System.getProperty(POSTGRES + ".source")),
                            url, System.getProperty(POSTGRES + ".description"));
                } else {
                    PostgresServer started = Infrastructure.postgres(Infrastructure.Options.throwaway());
                    System.setProperty(POSTGRES + ".source", started.source().name());
                    System.setProperty(POSTGRES + ".description", started.description());
                    System.setProperty(POSTGRES + ".url", started.adminUrl());
                    postgres = started;
                }
            }
            return postgres;
        }
    }

    /** This JVM's Redis, started on first call. */
    public static RedisServer redis() {
        RedisServer server = redis;
        if (server != null) {
            return server;
        }
        synchronized (LOCK) {
            if (redis == null) {
                String uri = System.getProperty(REDIS + ".uri");
                if (uri != null) {
                    redis = RedisServer.view(Infrastructure.Source.valueOf(System.getProperty(REDIS + ".source")),
                            uri, System.getProperty(REDIS + ".description"));
                } else {
                    RedisServer started = Infrastructure.redis(Infrastructure.Options.throwaway());
                    System.setProperty(REDIS + ".source", started.source().name());
                    System.setProperty(REDIS + ".description", started.description());
                    System.setProperty(REDIS + ".uri", started.uri());
                    redis = started;
                }
            }
            return redis;
        }
    }

    /** Database {@code name} on this JVM's Postgres: empty the first time this JVM asks for it, kept after that. */
    public static PostgresDatabase database(String name) {
        PostgresServer server = postgres();
        synchronized (LOCK) {
            Set<String> prepared = new LinkedHashSet<>(Arrays.asList(System.getProperty(DATABASES, "").split(",")));
            if (prepared.contains(name)) {
                return server.database(name);
            }
            PostgresDatabase database = server.recreateDatabase(name);
            prepared.add(name);
            prepared.remove("");
            System.setProperty(DATABASES, String.join(",", prepared));
            return database;
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == PostgresServer.class || type == RedisServer.class || type == PostgresDatabase.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        if (type == PostgresServer.class) {
            return postgres();
        }
        if (type == RedisServer.class) {
            return redis();
        }
        if (type == PostgresDatabase.class) {
            return database(parameter.findAnnotation(LaurelDatabase.class)
                    .or(() -> context.getTestClass().map(c -> c.getAnnotation(LaurelDatabase.class)))
                    .map(LaurelDatabase::value)
                    .orElse(DEFAULT_DATABASE));
        }
        throw new ParameterResolutionException("LaurelInfra cannot resolve " + type);
    }
}
