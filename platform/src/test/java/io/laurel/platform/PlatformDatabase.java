package io.laurel.platform;

import io.laurel.devstack.LaurelInfra;
import io.laurel.devstack.PostgresDatabase;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.pubsub.PgSubscriber;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.PoolOptions;
import org.flywaydb.core.Flyway;

/**
 * A real Postgres database with the platform tables migrated, and a reactive pool on it, for the
 * platform's own tests (no Quarkus needed). One per test JVM; tests keep apart by their own keys.
 */
public final class PlatformDatabase {

    private static PlatformDatabase instance;

    public final Vertx vertx = Vertx.vertx();
    public final PostgresDatabase database;
    public final Pool pool;

    private PlatformDatabase() {
        database = LaurelInfra.database("laurel_platform");
        Flyway.configure()
                .dataSource(database.jdbcUrl(), database.username(), database.password())
                .locations("classpath:db/platform")
                .load()
                .migrate();
        pool = Pool.pool(vertx, connectOptions(), new PoolOptions().setMaxSize(8));
    }

    public static synchronized PlatformDatabase get() {
        if (instance == null) {
            instance = new PlatformDatabase();
        }
        return instance;
    }

    public PgConnectOptions connectOptions() {
        return PgConnectOptions.fromUri(database.reactiveUrl())
                .setUser(database.username())
                .setPassword(database.password());
    }

    /** A subscriber that reconnects every second, as the services' ({@code PgSubscribers}) do. */
    public PgSubscriber subscriber() {
        return PgSubscriber.subscriber(vertx, connectOptions()).reconnectPolicy(retries -> 1_000L);
    }
}
