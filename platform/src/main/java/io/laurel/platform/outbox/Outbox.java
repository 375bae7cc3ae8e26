package io.laurel.platform.outbox;

import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

/**
 * Writes messages into the outbox inside the caller's transaction, so the state change and the
 * message commit together or not at all. Once the transaction commits, {@link OutboxSignal} wakes this
 * replica's relay and notifies the others (not a {@code NOTIFY} inside the transaction: that would
 * serialise the commits of every transaction that enqueued, see {@link OutboxSignal}).
 */
@ApplicationScoped
public class Outbox {

    /** The Postgres channel relays LISTEN on. */
    public static final String CHANNEL = "laurel_outbox";

    private static final String INSERT = """
            INSERT INTO laurel_outbox (destination, method, payload, message_key, ordering_key, created_at, available_at,
                                       trace_context)
            SELECT destination, method, payload, message_key, ordering_key, $5::timestamptz, $5::timestamptz, $7::text
            FROM UNNEST($1::text[], $2::text[], $3::bytea[], $4::text[], $6::text[])
                AS m(destination, method, payload, message_key, ordering_key)
            ON CONFLICT (destination, method, message_key) DO NOTHING""";

    private final Clock clock;
    private final OutboxSignal signal;

    public Outbox(Clock clock, OutboxSignal signal) {
        this.clock = clock;
        this.signal = signal;
    }

    public Uni<Void> enqueue(SqlConnection tx, OutboxMessage message) {
        return enqueueAll(tx, List.of(message));
    }

    /** Enqueues {@code messages} with one statement; a destination + method + key already held is skipped. */
    public Uni<Void> enqueueAll(SqlConnection tx, List<OutboxMessage> messages) {
        if (messages.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        OffsetDateTime now = clock.instant().atOffset(ZoneOffset.UTC);
        int n = messages.size();
        String[] destinations = new String[n];
        String[] methods = new String[n];
        Buffer[] payloads = new Buffer[n];
        String[] keys = new String[n];
        String[] orderingKeys = new String[n];
        for (int i = 0; i < n; i++) {
            OutboxMessage m = messages.get(i);
            destinations[i] = m.destination();
            methods[i] = m.method();
            payloads[i] = Buffer.buffer(m.payload());
            keys[i] = m.key();
            orderingKeys[i] = m.orderingKey();
        }
        return tx.preparedQuery(INSERT)
                .execute(Tuple.of(destinations, methods, payloads, keys, now, orderingKeys).addString(OutboxTrace.current()))
                .invoke(() -> signal.afterCommit(tx))
                .replaceWithVoid();
    }
}
