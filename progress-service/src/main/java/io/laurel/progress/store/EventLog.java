package io.laurel.progress.store;

import io.laurel.progress.domain.CheckedEvent;
import io.laurel.progress.domain.CustomerEvent;
import io.laurel.progress.domain.EventKind;
import io.laurel.progress.domain.EventPayload;
import io.laurel.progress.domain.EventResult;
import io.laurel.progress.domain.Recording;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The received customer events in Postgres ({@code customer_event}), each stored once per
 * (store, event id) whoever delivers it and however often (R-PROG-TRACK-2).
 */
@ApplicationScoped
public class EventLog {

    private static final String INSERT = """
            INSERT INTO customer_event
                (store_id, event_id, customer_id, occurred_at, kind, order_id, payload, received_at, review_id)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
            ON CONFLICT DO NOTHING""";

    /**
     * Stores the valid events of a batch in the caller's transaction and answers one result per
     * event, in request order (the invalid ones REJECTED with their violations).
     *
     * <p>Events are stored in event id order (request order among equal ids, so the first copy of
     * an event is the one ACCEPTED): concurrent batches that share events then lock them in the
     * same order and do not deadlock each other.
     *
     * @param payloads   each event's serialized proto, parallel to {@code checked}
     * @param batchField the request's repeated field, for violation paths ({@code events})
     */
    public Uni<List<EventResult>> ingest(SqlClient tx, String storeId, List<CheckedEvent> checked,
                                         List<byte[]> payloads, Instant receivedAt, String batchField) {
        List<CheckedEvent> storeOrder = checked.stream().filter(CheckedEvent::valid)
                .sorted(Comparator.comparing((CheckedEvent c) -> c.event().eventId())).toList();
        return record(tx, storeId, storeOrder, payloads, receivedAt)
                .map(recordings -> {
                    EventResult[] results = new EventResult[checked.size()];
                    for (int i = 0; i < storeOrder.size(); i++) {
                        CheckedEvent c = storeOrder.get(i);
                        results[c.index()] = EventResult.recorded(c, batchField, recordings.get(i));
                    }
                    checked.stream().filter(c -> !c.valid()).forEach(c -> results[c.index()] = EventResult.rejected(c));
                    return List.of(results);
                });
    }

    /**
     * Stores the valid events, in the given order, in one batched round trip; each event whose id
     * is known is left as it is. A concurrent delivery of the same id (or another completion of the
     * same order) blocks on the unique index until the first commits, then finds it there: only one
     * of them is ever STORED. Answers one recording per event, in the given order.
     */
    private Uni<List<Recording>> record(SqlClient tx, String storeId, List<CheckedEvent> storeOrder,
                                        List<byte[]> payloads, Instant receivedAt) {
        if (storeOrder.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        List<Tuple> rows = storeOrder.stream()
                .map(c -> row(storeId, c.event(), payloads.get(c.index()), receivedAt)).toList();
        return tx.preparedQuery(INSERT).executeBatch(rows)
                .flatMap(first -> {
                    // one RowSet per event, chained in batch order: 1 row = stored, 0 = refused
                    List<Boolean> stored = new ArrayList<>(storeOrder.size());
                    for (RowSet<Row> inserted = first; inserted != null; inserted = inserted.next()) {
                        stored.add(inserted.rowCount() == 1);
                    }
                    return Multi.createFrom().range(0, storeOrder.size())
                            .onItem().transformToUniAndConcatenate(i -> stored.get(i)
                                    ? Uni.createFrom().item(Recording.STORED)
                                    : whyNotStored(tx, storeId, storeOrder.get(i).event()))
                            .collect().asList();
                });
    }

    private static Tuple row(String storeId, CustomerEvent event, byte[] payload, Instant receivedAt) {
        String orderId = event.payload().orderId();
        return Tuple.from(new Object[] {storeId, event.eventId(), event.customerId(),
                event.occurredAt().atOffset(ZoneOffset.UTC), event.payload().kind().name(),
                orderId == null || orderId.isEmpty() ? null : orderId,
                io.vertx.core.buffer.Buffer.buffer(payload), receivedAt.atOffset(ZoneOffset.UTC),
                event.payload() instanceof EventPayload.ReviewPublished r ? r.reviewId() : null});
    }

    private Uni<Recording> whyNotStored(SqlClient tx, String storeId, CustomerEvent event) {
        return exists(tx, storeId, event.eventId()).map(known -> {
            if (known) {
                return Recording.ALREADY_STORED;
            }
            if (event.payload().kind() == EventKind.REVIEW_PUBLISHED) {
                return Recording.REVIEW_ALREADY_PUBLISHED;
            }
            if (event.payload().kind() != EventKind.ORDER_COMPLETED) {
                throw new IllegalStateException("customer_event refused a new " + event.payload().kind()
                        + " event without a known event id");
            }
            return Recording.ORDER_ALREADY_COMPLETED;
        });
    }

    /** Whether the store holds an event with this id. */
    public Uni<Boolean> exists(SqlClient client, String storeId, String eventId) {
        return client.preparedQuery("SELECT 1 FROM customer_event WHERE store_id = $1 AND event_id = $2")
                .execute(Tuple.of(storeId, eventId))
                .map(rows -> rows.size() > 0);
    }
}
