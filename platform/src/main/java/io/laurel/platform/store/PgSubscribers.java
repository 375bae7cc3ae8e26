package io.laurel.platform.store;

import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.pubsub.PgSubscriber;
import io.vertx.pgclient.PgConnectOptions;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Makes Postgres {@code LISTEN} subscribers on the service's own database (the reactive
 * datasource's URL and credentials), for work that must wake promptly on a commit elsewhere
 * (the outbox relay, program-service's configuration feed). Empty when no reactive URL is set.
 */
@ApplicationScoped
public class PgSubscribers {

    private final Vertx vertx;
    private final Optional<String> reactiveUrl;
    private final Optional<String> username;
    private final Optional<String> password;

    public PgSubscribers(Vertx vertx,
                         @ConfigProperty(name = "quarkus.datasource.reactive.url") Optional<String> reactiveUrl,
                         @ConfigProperty(name = "quarkus.datasource.username") Optional<String> username,
                         @ConfigProperty(name = "quarkus.datasource.password") Optional<String> password) {
        this.vertx = vertx;
        this.reactiveUrl = reactiveUrl;
        this.username = username;
        this.password = password;
    }

    /** A new, not yet connected subscriber that reconnects every second after losing its connection. */
    public Optional<PgSubscriber> create() {
        return reactiveUrl.map(url -> {
            PgConnectOptions options = PgConnectOptions.fromUri(url.replaceFirst("^vertx-reactive:", ""));
            username.ifPresent(options::setUser);
            password.ifPresent(options::setPassword);
            // reconnect forever: a restarted database must not silence the prompt path
            return PgSubscriber.subscriber(vertx, options).reconnectPolicy(retries -> 1_000L);
        });
    }
}
