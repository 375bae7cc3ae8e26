package io.laurel.progress.store;

import io.laurel.progress.domain.CheckedEvent;
import io.laurel.progress.domain.CustomerEvent;
import io.laurel.progress.domain.EventKind;
import io.laurel.progress.domain.EventPayload;
import io.laurel.progress.domain.EventResult;
import io.laurel.progress.domain.Recording;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The received customer events in Postgres ({@code customer_event}), each stored once per
 * (store, event id) whoever delivers it and however often (R-PROG-TRACK-2).
 */
@ApplicationScoped
public class EventLog {

    // one statement for the whole batch, rows inserted in the order given (a later copy of an id, or a second
    // completion of an order, conflicts with the earlier row of the same statement and is skipped)
    private static final String INSERT = """
            INSERT INTO customer_event
                (store_id, event_id, customer_id, occurred_at, kind, order_id, payload, received_at, review_id)
            SELECT $1, e.event_id, e.customer_id, e.occurred_at, e.kind, e.order_id, e.payload, $8, e.review_id
            FROM UNNEST($2::text[], $3::text[], $4::timestamptz[], $5::text[], $6::text[], $7::bytea[], $9::text[])
                WITH ORDINALITY AS e(event_id, customer_id, occurred_at, kind, order_id, payload, review_id, n)
            ORDER BY e.n
            ON CONFLICT DO NOTHING
            RETURNING event_id""";

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
     * Stores the valid events, in the given order, with one statement; each event whose id is known
     * is left as it is. A concurrent delivery of the same id (or another completion of the same
     * order) blocks on the unique index until the first commits, then finds it there: only one of
     * them is ever STORED. Answers one recording per event, in the given order.
     */
    private Uni<List<Recording>> record(SqlClient tx, String storeId, List<CheckedEvent> storeOrder,
                                        List<byte[]> payloads, Instant receivedAt) {
        if (storeOrder.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        int n = storeOrder.size();
        String[] eventIds = new String[n];
        String[] customerIds = new String[n];
        OffsetDateTime[] occurredAt = new OffsetDateTime[n];
        String[] kinds = new String[n];
        String[] orderIds = new String[n];
        Buffer[] bodies = new Buffer[n];
        String[] reviewIds = new String[n];
        for (int i = 0; i < n; i++) {
            CheckedEvent c = storeOrder.get(i);
            CustomerEvent event = c.event();
            String orderId = event.payload().orderId();
            eventIds[i] = event.eventId();
            customerIds[i] = event.customerId();
            occurredAt[i] = event.occurredAt().atOffset(ZoneOffset.UTC);
            kinds[i] = event.payload().kind().name();
            orderIds[i] = orderId == null || orderId.isEmpty() ? null : orderId;
            bodies[i] = Buffer.buffer(payloads.get(c.index()));
            reviewIds[i] = event.payload() instanceof EventPayload.ReviewPublished r ? r.reviewId() : null;
        }
        return tx.preparedQuery(INSERT)
                .execute(Tuple.from(new Object[] {storeId, eventIds, customerIds, occurredAt, kinds, orderIds, bodies,
                        receivedAt.atOffset(ZoneOffset.UTC), reviewIds}))
                .flatMap(inserted -> {
                    Set<String> stored = new HashSet<>();
                    inserted.forEach(row -> stored.add(row.getString(0)));
                    // an id stored by this statement is stored for its first copy in the batch only
                    Set<String> seen = new HashSet<>();
                    List<Integer> notStored = new ArrayList<>();
                    for (int i = 0; i < n; i++) {
                        if (!(stored.contains(eventIds[i]) && seen.add(eventIds[i]))) {
                            notStored.add(i);
                        }
                    }
                    List<Recording> recordings = new ArrayList<>(Collections.nCopies(n, Recording.STORED));
                    if (notStored.isEmpty()) {
                        return Uni.createFrom().item(recordings);
                    }
                    // why the others were not: one look-up for all of them
                    return known(tx, storeId, notStored.stream().map(i -> eventIds[i]).distinct().toArray(String[]::new))
                            .map(known -> {
                                for (int i : notStored) {
                                    recordings.set(i, whyNotStored(storeOrder.get(i).event(), known));
                                }
                                return recordings;
                            });
                });
    }

    private static Recording whyNotStored(CustomerEvent event, Set<String> knownIds) {
        if (knownIds.contains(event.eventId())) {
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
    }

    private static Uni<Set<String>> known(SqlClient tx, String storeId, String[] eventIds) {
        return tx.preparedQuery("SELECT event_id FROM customer_event WHERE store_id = $1 AND event_id = ANY($2)")
                .execute(Tuple.of(storeId, eventIds))
                .map(rows -> {
                    Set<String> known = new HashSet<>();
                    rows.forEach(row -> known.add(row.getString(0)));
                    return known;
                });
    }
}
