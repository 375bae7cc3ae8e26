package io.laurel.platform.outbox;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.ZoneOffset;

/**
 * Writes messages into the outbox inside the caller's transaction, so the state change and the
 * message commit together or not at all. A {@code NOTIFY} in the same transaction wakes the relays
 * of every replica the moment the transaction commits.
 */
@ApplicationScoped
public class Outbox {

    /** The Postgres channel relays LISTEN on. */
    public static final String CHANNEL = "laurel_outbox";

    private final Clock clock;

    public Outbox(Clock clock) {
        this.clock = clock;
    }

    public Uni<Void> enqueue(SqlConnection tx, OutboxMessage message) {
        var now = clock.instant().atOffset(ZoneOffset.UTC);
        return tx.preparedQuery("""
                        INSERT INTO laurel_outbox (destination, method, payload, message_key, created_at, available_at)
                        VALUES ($1, $2, $3, $4, $5, $5) ON CONFLICT (destination, message_key) DO NOTHING""")
                .execute(Tuple.of(message.destination(), message.method(), message.payload(), message.key(), now))
                .flatMap(inserted -> tx.query("NOTIFY " + CHANNEL).execute())
                .replaceWithVoid();
    }
}
