package io.laurel.progress.grpc;

import io.laurel.platform.time.MutableClock;
import io.laurel.proto.progress.v1.CustomerEvent;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** What progress-service's {@code @QuarkusTest}s share: the test clock and reads of the stored events. */
@Singleton
class ProgressFixture {

    private final Pool pool;
    private final MutableClock clock;

    ProgressFixture(Pool pool, MutableClock clock) {
        this.pool = pool;
        this.clock = clock;
    }

    static String newStore() {
        return "store-" + UUID.randomUUID();
    }

    Pool pool() {
        return pool;
    }

    MutableClock clock() {
        return clock;
    }

    List<String> storedEventIds(String store) {
        List<String> ids = new ArrayList<>();
        pool.preparedQuery("SELECT event_id FROM customer_event WHERE store_id = $1 ORDER BY event_id")
                .execute(Tuple.of(store)).await().atMost(Duration.ofSeconds(10))
                .forEach(row -> ids.add(row.getString("event_id")));
        return ids;
    }

    /** The order id stored with an event. */
    String storedOrderId(String store, String eventId) {
        return pool.preparedQuery("SELECT order_id FROM customer_event WHERE store_id = $1 AND event_id = $2")
                .execute(Tuple.of(store, eventId)).await().atMost(Duration.ofSeconds(10))
                .iterator().next().getString("order_id");
    }

    /** One message in the outbox: the gRPC method it calls, its key and the request. */
    record Sent(String method, String key, byte[] payload) {
        <T> T as(com.google.protobuf.Parser<T> parser) {
            try {
                return parser.parseFrom(payload);
            } catch (com.google.protobuf.InvalidProtocolBufferException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** Every outbox message of the store, in enqueue order. */
    List<Sent> outbox(String store) {
        List<Sent> sent = new ArrayList<>();
        pool.preparedQuery("SELECT method, message_key, payload FROM laurel_outbox WHERE starts_with(message_key, $1) ORDER BY id")
                .execute(Tuple.of(store.length() + ":" + store + "|")).await().atMost(Duration.ofSeconds(10))
                .forEach(row -> sent.add(new Sent(row.getString("method"), row.getString("message_key"),
                        row.getBuffer("payload").getBytes())));
        return sent;
    }

    /** The outbox messages of the store calling {@code method} (e.g. "IssueReward"). */
    List<Sent> outbox(String store, String method) {
        return outbox(store).stream().filter(s -> s.method().endsWith("/" + method)).toList();
    }

    /** The event as stored, byte for byte what the platform sent. */
    CustomerEvent storedPayload(String store, String eventId) throws Exception {
        var rows = pool.preparedQuery("SELECT payload FROM customer_event WHERE store_id = $1 AND event_id = $2")
                .execute(Tuple.of(store, eventId)).await().atMost(Duration.ofSeconds(10));
        return CustomerEvent.parseFrom(rows.iterator().next().getBuffer("payload").getBytes());
    }
}
