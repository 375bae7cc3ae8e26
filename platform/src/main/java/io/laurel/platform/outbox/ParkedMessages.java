package io.laurel.platform.outbox;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * The operator's side of the outbox: the messages the relay parked, and sending them again. A
 * replay clears the park, makes the message due now with a fresh count of attempts and wakes the
 * relays (the receivers are idempotent, so replaying one that was in fact applied changes nothing).
 */
@ApplicationScoped
public class ParkedMessages {

    private static final String LIST = """
            SELECT id, destination, method, message_key, attempts, last_error, created_at, parked_at
            FROM laurel_outbox WHERE parked_at IS NOT NULL AND id > $1 ORDER BY id LIMIT $2""";

    private static final String REPLAY = """
            WITH replayed AS (
                UPDATE laurel_outbox SET parked_at = NULL, attempts = 0, available_at = $3
                WHERE parked_at IS NOT NULL AND ($2 OR id = ANY($1))
                RETURNING id)
            SELECT count(*) AS replayed, pg_notify('%s', '') FROM replayed""".formatted(Outbox.CHANNEL);

    private final Pool pool;
    private final Clock clock;

    public ParkedMessages(Pool pool, Clock clock) {
        this.pool = pool;
        this.clock = clock;
    }

    /** A parked message as an operator sees it. */
    public record Parked(long id, String destination, String method, String key, int attempts, String lastError,
                         Instant createdAt, Instant parkedAt) {
    }

    /** Up to {@code limit} parked messages with ids above {@code afterId}, by id. */
    public Uni<List<Parked>> list(long afterId, int limit) {
        return pool.preparedQuery(LIST).execute(Tuple.of(afterId, limit)).map(rows -> {
            List<Parked> parked = new ArrayList<>();
            for (Row row : rows) {
                parked.add(new Parked(row.getLong("id"), row.getString("destination"), row.getString("method"),
                        row.getString("message_key"), row.getInteger("attempts"), row.getString("last_error"),
                        row.getOffsetDateTime("created_at").toInstant(), row.getOffsetDateTime("parked_at").toInstant()));
            }
            return parked;
        });
    }

    /** Makes the parked messages among {@code ids} (or all of them) due again; returns how many. */
    public Uni<Integer> replay(List<Long> ids, boolean all) {
        return pool.preparedQuery(REPLAY)
                .execute(Tuple.of(ids.toArray(Long[]::new), all, clock.instant().atOffset(ZoneOffset.UTC)))
                .map(rows -> rows.iterator().next().getLong("replayed").intValue());
    }

    /** How many messages are parked now. */
    public Uni<Long> count() {
        return pool.query("SELECT count(*) AS parked FROM laurel_outbox WHERE parked_at IS NOT NULL").execute()
                .map(rows -> rows.iterator().next().getLong("parked"));
    }
}
