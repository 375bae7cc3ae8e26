package io.laurel.platform.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.StringValue;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.stub.ServerCalls;
import io.laurel.platform.PlatformDatabase;
import io.laurel.platform.time.MutableClock;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The transactional outbox (SPEC "Events between services"): a change and its message commit
 * together, delivery is at least once with retries, several relays never deliver one message twice,
 * and a committed message wakes the relay at once.
 */
class OutboxRelayTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final MethodDescriptor<StringValue, StringValue> ACCEPT =
            MethodDescriptor.<StringValue, StringValue>newBuilder()
                    .setType(MethodDescriptor.MethodType.UNARY)
                    .setFullMethodName("laurel.test.v1.SinkService/Accept")
                    .setRequestMarshaller(ProtoUtils.marshaller(StringValue.getDefaultInstance()))
                    .setResponseMarshaller(ProtoUtils.marshaller(StringValue.getDefaultInstance()))
                    .build();

    private static PlatformDatabase db;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T12:00:00Z"));
    private final Outbox outbox = new Outbox(clock);
    private final Map<String, AtomicInteger> received = new ConcurrentHashMap<>();
    private final AtomicInteger failuresToServe = new AtomicInteger();
    private volatile CountDownLatch arrivals = new CountDownLatch(0);
    private String destination;
    private Server server;
    private ManagedChannel channel;

    @BeforeAll
    static void database() {
        db = PlatformDatabase.get();
    }

    @BeforeEach
    void peer() throws Exception {
        db.pool.query("DELETE FROM laurel_outbox").execute().await().atMost(WAIT);
        destination = "sink-" + UUID.randomUUID();
        ServerServiceDefinition sink = ServerServiceDefinition.builder("laurel.test.v1.SinkService")
                .addMethod(ACCEPT, ServerCalls.asyncUnaryCall((request, response) -> {
                    if (failuresToServe.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                        response.onError(Status.UNAVAILABLE.withDescription("peer restarting").asRuntimeException());
                        return;
                    }
                    received.computeIfAbsent(request.getValue(), k -> new AtomicInteger()).incrementAndGet();
                    arrivals.countDown();
                    response.onNext(request);
                    response.onCompleted();
                }))
                .build();
        server = InProcessServerBuilder.forName(destination).addService(sink).build().start();
        channel = InProcessChannelBuilder.forName(destination).build();
    }

    @AfterEach
    void stopPeer() {
        channel.shutdownNow();
        server.shutdownNow();
    }

    private OutboxRelay relay(OutboxSettings settings) {
        return new OutboxRelay(db.pool, new GrpcOutboxTransport(name -> {
            if (!name.equals(destination)) {
                throw new IllegalStateException("unknown peer " + name);
            }
            return channel;
        }, Duration.ofSeconds(5)), clock, settings);
    }

    private static OutboxSettings settings(int batchSize) {
        return new OutboxSettings(batchSize, Duration.ofHours(1), Duration.ofSeconds(1), Duration.ofMinutes(1),
                Duration.ofSeconds(5));
    }

    private void enqueueCommitted(String... values) {
        db.pool.withTransaction(tx -> {
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (String value : values) {
                chain = chain.chain(() -> outbox.enqueue(tx, OutboxMessage.of(destination, ACCEPT, StringValue.of(value), value)));
            }
            return chain;
        }).await().atMost(WAIT);
    }

    private List<Row> rows() {
        List<Row> rows = new ArrayList<>();
        db.pool.preparedQuery("SELECT * FROM laurel_outbox WHERE destination = $1 ORDER BY id")
                .execute(Tuple.of(destination)).await().atMost(WAIT).forEach(rows::add);
        return rows;
    }

    @Test
    void aMessageCommitsWithItsTransactionOrNotAtAll() {
        try {
            db.pool.withTransaction(tx -> outbox.enqueue(tx, OutboxMessage.of(destination, ACCEPT, StringValue.of("lost"), "lost"))
                    .chain(() -> Uni.createFrom().failure(new IllegalStateException("the state change failed"))))
                    .await().atMost(WAIT);
        } catch (IllegalStateException expected) {
            // the transaction rolled back
        }
        assertThat(rows()).isEmpty();

        enqueueCommitted("kept");
        assertThat(rows()).hasSize(1);
    }

    @Test
    void enqueueingTheSameKeyTwiceKeepsOneMessage() {
        enqueueCommitted("order-1");
        enqueueCommitted("order-1");
        assertThat(rows()).hasSize(1);
    }

    @Test
    void enqueueAllWritesEveryMessageInOrderAndSkipsKeysAlreadyHeld() {
        enqueueCommitted("held");
        db.pool.withTransaction(tx -> outbox.enqueueAll(tx, List.of(
                OutboxMessage.of(destination, ACCEPT, StringValue.of("x"), "x"),
                OutboxMessage.of(destination, ACCEPT, StringValue.of("held again"), "held"),
                OutboxMessage.of(destination, ACCEPT, StringValue.of("y"), "y")))).await().atMost(WAIT);

        assertThat(rows()).extracting(row -> row.getString("message_key")).containsExactly("held", "x", "y");
        assertThat(rows().get(1).getBuffer("payload").getBytes()).isEqualTo(StringValue.of("x").toByteArray());
        assertThat(rows()).allSatisfy(row -> assertThat(row.getOffsetDateTime("available_at"))
                .isEqualTo(row.getOffsetDateTime("created_at")));
    }

    @Test
    void deliversThePayloadAndMarksItDelivered() {
        enqueueCommitted("a", "b", "c");

        int processed = relay(settings(100)).drainOnce().await().atMost(WAIT);

        assertThat(processed).isEqualTo(3);
        assertThat(received).containsOnlyKeys("a", "b", "c");
        assertThat(rows()).allSatisfy(row -> assertThat(row.getOffsetDateTime("delivered_at")).isNotNull());
        assertThat(relay(settings(100)).drainOnce().await().atMost(WAIT)).as("nothing left to deliver").isZero();
    }

    @Test
    void aFailedDeliveryIsRetriedWithBackoffUntilThePeerAnswers() {
        failuresToServe.set(2);
        enqueueCommitted("retry-me");
        OutboxRelay relay = relay(settings(100));

        relay.drainOnce().await().atMost(WAIT);                 // attempt 1 fails
        assertThat(rows().getFirst().getInteger("attempts")).isEqualTo(1);
        assertThat(rows().getFirst().getString("last_error")).contains("UNAVAILABLE");
        assertThat(relay.drainOnce().await().atMost(WAIT)).as("not due before its backoff").isZero();

        clock.advance(Duration.ofSeconds(1));
        relay.drainOnce().await().atMost(WAIT);                 // attempt 2 fails, backoff doubles
        clock.advance(Duration.ofSeconds(1));
        assertThat(relay.drainOnce().await().atMost(WAIT)).isZero();
        clock.advance(Duration.ofSeconds(1));
        relay.drainOnce().await().atMost(WAIT);                 // attempt 3 succeeds

        assertThat(received).containsOnlyKeys("retry-me");
        assertThat(rows().getFirst().getInteger("attempts")).isEqualTo(3);
        assertThat(rows().getFirst().getOffsetDateTime("delivered_at")).isNotNull();
    }

    @Test
    void backoffDoublesUpToTheCap() {
        OutboxSettings settings = new OutboxSettings(10, Duration.ofSeconds(5), Duration.ofMillis(500),
                Duration.ofSeconds(30), Duration.ofSeconds(5));
        assertThat(settings.backoffAfter(1)).isEqualTo(Duration.ofMillis(500));
        assertThat(settings.backoffAfter(2)).isEqualTo(Duration.ofSeconds(1));
        assertThat(settings.backoffAfter(4)).isEqualTo(Duration.ofSeconds(4));
        assertThat(settings.backoffAfter(7)).isEqualTo(Duration.ofSeconds(30));
        assertThat(settings.backoffAfter(10_000)).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void relaysOfSeveralReplicasNeverDeliverOneMessageTwice() {
        String[] values = new String[60];
        for (int i = 0; i < values.length; i++) {
            values[i] = "m" + i;
        }
        enqueueCommitted(values);
        List<OutboxRelay> replicas = List.of(relay(settings(7)), relay(settings(7)), relay(settings(7)));

        // all replicas drain at the same time until the table is empty
        int total = 0;
        int round;
        do {
            List<Uni<Integer>> passes = new ArrayList<>();
            for (OutboxRelay replica : replicas) {
                passes.add(replica.drainOnce());
            }
            round = Uni.join().all(passes).andFailFast().await().atMost(WAIT).stream().mapToInt(Integer::intValue).sum();
            total += round;
        } while (round > 0);

        assertThat(total).isEqualTo(values.length);
        assertThat(received).hasSize(values.length);
        assertThat(received.values()).allSatisfy(count -> assertThat(count).hasValue(1));
    }

    @Test
    void aCommittedMessageWakesARunningRelayWithoutWaitingForThePoll() throws Exception {
        OutboxRelay relay = relay(settings(100)); // safety-net poll: once an hour
        relay.start(db.vertx, db.subscriber()).await().atMost(WAIT);
        try {
            arrivals = new CountDownLatch(1);
            enqueueCommitted("prompt");
            assertThat(arrivals.await(10, TimeUnit.SECONDS)).as("delivered after NOTIFY, not the hourly poll").isTrue();
        } finally {
            relay.stop().await().atMost(WAIT);
        }
        assertThat(received).containsOnlyKeys("prompt");
    }
}
