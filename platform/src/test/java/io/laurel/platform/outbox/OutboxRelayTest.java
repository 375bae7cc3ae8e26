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
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.Set;
import io.laurel.proto.progress.v1.CustomerEvent;
import io.laurel.proto.progress.v1.EventOutcome;
import io.laurel.proto.progress.v1.EventResult;
import io.laurel.proto.progress.v1.IngestEventsRequest;
import io.laurel.proto.progress.v1.IngestEventsResponse;
import io.laurel.proto.progress.v1.ProgressServiceGrpc;
import io.laurel.proto.tier.v1.RecordQualifyingActivitiesResponse;
import io.laurel.proto.tier.v1.RecordQualifyingActivityRequest;
import io.laurel.proto.tier.v1.RecordQualifyingActivityResponse;
import io.laurel.proto.tier.v1.TierServiceGrpc;
import io.laurel.proto.platform.v1.ListParkedMessagesRequest;
import io.laurel.proto.platform.v1.ReplayParkedMessagesRequest;
import io.laurel.platform.error.InvalidArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
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
    private final OutboxSignal signal = new OutboxSignal(db.pool);
    private final Outbox outbox = new Outbox(clock, signal);
    private final Map<String, AtomicInteger> received = new ConcurrentHashMap<>();
    private final List<String> arrivalOrder = new CopyOnWriteArrayList<>();
    private final AtomicInteger failuresToServe = new AtomicInteger();
    private final AtomicReference<Status> failWith = new AtomicReference<>(Status.UNAVAILABLE.withDescription("peer restarting"));
    private final List<IngestEventsRequest> ingestCalls = new CopyOnWriteArrayList<>();
    private final Set<String> eventsToReject = ConcurrentHashMap.newKeySet();
    private final List<List<String>> activityCalls = new CopyOnWriteArrayList<>();
    private final Set<String> activitiesToRefuse = ConcurrentHashMap.newKeySet();
    private final Set<String> failOnce = ConcurrentHashMap.newKeySet();
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
                    if (failOnce.remove(request.getValue()) || failuresToServe.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                        response.onError(failWith.get().asRuntimeException());
                        return;
                    }
                    received.computeIfAbsent(request.getValue(), k -> new AtomicInteger()).incrementAndGet();
                    arrivalOrder.add(request.getValue());
                    arrivals.countDown();
                    response.onNext(request);
                    response.onCompleted();
                }))
                .build();
        ServerServiceDefinition progress = ServerServiceDefinition.builder(ProgressServiceGrpc.SERVICE_NAME)
                .addMethod(ProgressServiceGrpc.getIngestEventsMethod(), ServerCalls.asyncUnaryCall((request, response) -> {
                    ingestCalls.add(request);
                    IngestEventsResponse.Builder answer = IngestEventsResponse.newBuilder();
                    for (int i = 0; i < request.getEventsCount(); i++) {
                        boolean rejected = eventsToReject.contains(request.getEvents(i).getEventId());
                        answer.addResults(EventResult.newBuilder().setIndex(i).setEventId(request.getEvents(i).getEventId())
                                .setOutcome(rejected ? EventOutcome.EVENT_OUTCOME_REJECTED : EventOutcome.EVENT_OUTCOME_ACCEPTED));
                    }
                    response.onNext(answer.build());
                    response.onCompleted();
                }))
                .build();
        // tier-service's activity input: one alone, or many in one all-or-nothing call
        ServerServiceDefinition tier = ServerServiceDefinition.builder(TierServiceGrpc.SERVICE_NAME)
                .addMethod(TierServiceGrpc.getRecordQualifyingActivityMethod(), ServerCalls.asyncUnaryCall((request, response) -> {
                    activityCalls.add(List.of(request.getActivityId()));
                    if (activitiesToRefuse.contains(request.getActivityId())) {
                        response.onError(Status.INVALID_ARGUMENT.withDescription("amount.currency_code").asRuntimeException());
                        return;
                    }
                    response.onNext(RecordQualifyingActivityResponse.getDefaultInstance());
                    response.onCompleted();
                }))
                .addMethod(TierServiceGrpc.getRecordQualifyingActivitiesMethod(), ServerCalls.asyncUnaryCall((request, response) -> {
                    List<String> ids = request.getActivitiesList().stream().map(RecordQualifyingActivityRequest::getActivityId).toList();
                    activityCalls.add(ids);
                    if (ids.stream().anyMatch(activitiesToRefuse::contains)) {
                        response.onError(Status.INVALID_ARGUMENT.withDescription("activities[i].amount.currency_code").asRuntimeException());
                        return;
                    }
                    RecordQualifyingActivitiesResponse.Builder answer = RecordQualifyingActivitiesResponse.newBuilder();
                    ids.forEach(id -> answer.addResults(RecordQualifyingActivityResponse.getDefaultInstance()));
                    response.onNext(answer.build());
                    response.onCompleted();
                }))
                .build();
        server = InProcessServerBuilder.forName(destination).addService(sink).addService(progress).addService(tier)
                .build().start();
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

    @Test
    void aCommitWakesThisReplicasRelayInProcessWithoutNotifyInsideTheTransaction() throws Exception {
        OutboxRelay relay = relay(settings(100)); // safety-net poll: once an hour, and no LISTEN at all
        relay.start(db.vertx, null).await().atMost(WAIT);
        signal.onCommit(relay::wake);
        try {
            arrivals = new CountDownLatch(1);
            enqueueCommitted("in-process");
            assertThat(arrivals.await(10, TimeUnit.SECONDS)).as("woken by the commit, not the hourly poll").isTrue();
        } finally {
            relay.stop().await().atMost(WAIT);
        }
        assertThat(received).containsOnlyKeys("in-process");
    }

    private void enqueueAllCommitted(List<OutboxMessage> messages) {
        db.pool.withTransaction(tx -> outbox.enqueueAll(tx, messages)).await().atMost(WAIT);
    }

    private void drainUntilIdle(OutboxRelay relay) {
        while (relay.drainOnce().await().atMost(WAIT) > 0) {
            // keep going: a message of an ordering key becomes due once its predecessor is delivered
        }
    }

    private OutboxMessage ingest(String store, String... eventIds) {
        IngestEventsRequest.Builder request = IngestEventsRequest.newBuilder().setRequestId("req-" + eventIds[0]).setStoreId(store);
        for (String id : eventIds) {
            request.addEvents(CustomerEvent.newBuilder().setEventId(id).setStoreId(store).setCustomerId("c1"));
        }
        return OutboxMessage.of(destination, ProgressServiceGrpc.getIngestEventsMethod(), request.build(), eventIds[0]);
    }

    private OutboxMessage activity(String store, String activityId) {
        return OutboxMessage.of(destination, TierServiceGrpc.getRecordQualifyingActivityMethod(),
                RecordQualifyingActivityRequest.newBuilder().setRequestId("req-" + activityId).setStoreId(store)
                        .setCustomerId("c1").setActivityId(activityId).build(), activityId);
    }

    @Test
    void qualifyingActivitiesOfOneStoreGoInOneCallAndALoneOneThroughItsOwnMethod() {
        enqueueAllCommitted(List.of(activity("s1", "a1"), activity("s1", "a2"), activity("s2", "a3"), activity("s1", "a4")));

        relay(settings(100)).drainOnce().await().atMost(WAIT);

        assertThat(activityCalls).containsExactlyInAnyOrder(List.of("a1", "a2", "a4"), List.of("a3"));
        assertThat(rows()).allSatisfy(row -> assertThat(row.getOffsetDateTime("delivered_at")).isNotNull());
    }

    @Test
    void aRefusedBatchOfActivitiesGoesAgainOneByOneAndParksOnlyTheBadOne() {
        activitiesToRefuse.add("a2");
        enqueueAllCommitted(List.of(activity("s1", "a1"), activity("s1", "a2"), activity("s1", "a3")));

        relay(settings(100)).drainOnce().await().atMost(WAIT);

        assertThat(activityCalls.getFirst()).containsExactly("a1", "a2", "a3");
        assertThat(activityCalls.subList(1, activityCalls.size()))
                .containsExactlyInAnyOrder(List.of("a1"), List.of("a2"), List.of("a3"));
        assertThat(rows()).allSatisfy(row -> {
            boolean bad = row.getString("message_key").equals("a2");
            assertThat(row.getOffsetDateTime("parked_at") != null).isEqualTo(bad);
            assertThat(row.getOffsetDateTime("delivered_at") != null).isEqualTo(!bad);
        });
    }

    @Test
    void anInvalidArgumentAnswerParksTheMessageAtOnceWithItsError() {
        failWith.set(Status.INVALID_ARGUMENT.withDescription("amount must be positive"));
        failuresToServe.set(1);
        enqueueCommitted("poison");
        OutboxRelay relay = relay(settings(100));

        relay.drainOnce().await().atMost(WAIT);
        clock.advance(Duration.ofHours(1));

        assertThat(relay.drainOnce().await().atMost(WAIT)).as("a parked message is not retried").isZero();
        Row row = rows().getFirst();
        assertThat(row.getOffsetDateTime("parked_at")).isNotNull();
        assertThat(row.getOffsetDateTime("delivered_at")).isNull();
        assertThat(row.getString("last_error")).contains("INVALID_ARGUMENT").contains("amount must be positive");
        assertThat(relay.parkedCount()).isEqualTo(1);
        assertThat(received).isEmpty();
    }

    @Test
    void anUnimplementedMethodParksTheMessage() {
        MethodDescriptor<StringValue, StringValue> missing = ACCEPT.toBuilder()
                .setFullMethodName("laurel.test.v1.SinkService/NoSuchMethod").build();
        db.pool.withTransaction(tx -> outbox.enqueue(tx, OutboxMessage.of(destination, missing, StringValue.of("x"), "x")))
                .await().atMost(WAIT);

        relay(settings(100)).drainOnce().await().atMost(WAIT);

        assertThat(rows().getFirst().getOffsetDateTime("parked_at")).isNotNull();
        assertThat(rows().getFirst().getString("last_error")).contains("UNIMPLEMENTED");
    }

    @Test
    void aFailedPreconditionIsRetriedWithBackoffThenParkedAfterTheConfiguredAttempts() {
        failWith.set(Status.FAILED_PRECONDITION.withDescription("STORE_NOT_CONFIGURED"));
        failuresToServe.set(100);
        enqueueCommitted("early");
        OutboxRelay relay = relay(new OutboxSettings(100, Duration.ofHours(1), Duration.ofSeconds(1), Duration.ofSeconds(1),
                Duration.ofSeconds(5), 3));

        relay.drainOnce().await().atMost(WAIT);
        assertThat(rows().getFirst().getOffsetDateTime("parked_at")).as("may heal: retried").isNull();
        clock.advance(Duration.ofSeconds(1));
        relay.drainOnce().await().atMost(WAIT);
        assertThat(rows().getFirst().getOffsetDateTime("parked_at")).isNull();
        clock.advance(Duration.ofSeconds(1));
        relay.drainOnce().await().atMost(WAIT);

        assertThat(rows().getFirst().getInteger("attempts")).isEqualTo(3);
        assertThat(rows().getFirst().getOffsetDateTime("parked_at")).as("did not heal in 3 attempts: parked").isNotNull();
    }

    @Test
    void aFailedPreconditionThatHealsIsDelivered() {
        failWith.set(Status.FAILED_PRECONDITION.withDescription("STORE_NOT_CONFIGURED"));
        failuresToServe.set(1);
        enqueueCommitted("config-arrives");
        OutboxRelay relay = relay(settings(100));

        relay.drainOnce().await().atMost(WAIT);
        clock.advance(Duration.ofSeconds(1));
        relay.drainOnce().await().atMost(WAIT);

        assertThat(received).containsOnlyKeys("config-arrives");
        assertThat(rows().getFirst().getOffsetDateTime("parked_at")).isNull();
    }

    @Test
    void anOperatorListsParkedMessagesAndReplaysThemOnceTheCauseIsFixed() {
        failWith.set(Status.INVALID_ARGUMENT.withDescription("receiver bug"));
        failuresToServe.set(2);
        enqueueCommitted("p1", "p2", "fine");
        failuresToServe.set(0);
        OutboxRelay relay = relay(settings(100));
        failuresToServe.set(2);
        relay.drainOnce().await().atMost(WAIT);
        assertThat(received).hasSize(1);

        ParkedMessages parked = new ParkedMessages(db.pool, clock);
        OutboxEndpoint endpoint = new OutboxEndpoint(parked);
        var firstPage = endpoint.listParkedMessages(ListParkedMessagesRequest.newBuilder().setPageSize(1).build())
                .await().atMost(WAIT);
        assertThat(firstPage.getMessagesList()).hasSize(1);
        assertThat(firstPage.getMessages(0).getLastError()).contains("receiver bug");
        assertThat(firstPage.getMessages(0).getDestination()).isEqualTo(destination);
        var secondPage = endpoint.listParkedMessages(ListParkedMessagesRequest.newBuilder().setPageSize(1)
                .setPageToken(firstPage.getNextPageToken()).build()).await().atMost(WAIT);
        assertThat(secondPage.getMessagesList()).hasSize(1);
        assertThat(secondPage.getNextPageToken()).isEmpty();
        assertThatThrownBy(() -> endpoint.replayParkedMessages(ReplayParkedMessagesRequest.getDefaultInstance()))
                .isInstanceOf(InvalidArgumentException.class);

        // the receiver is fixed: replay one by id, then the rest
        long first = firstPage.getMessages(0).getMessageId();
        assertThat(endpoint.replayParkedMessages(ReplayParkedMessagesRequest.newBuilder().setRequestId("r1")
                .addMessageIds(first).build()).await().atMost(WAIT).getReplayedCount()).isEqualTo(1);
        drainUntilIdle(relay);
        assertThat(received).hasSize(2);
        assertThat(endpoint.replayParkedMessages(ReplayParkedMessagesRequest.newBuilder().setRequestId("r2")
                .setAll(true).build()).await().atMost(WAIT).getReplayedCount()).isEqualTo(1);
        drainUntilIdle(relay);

        assertThat(received).containsOnlyKeys("p1", "p2", "fine");
        assertThat(parked.count().await().atMost(WAIT)).isZero();
        assertThat(rows()).allSatisfy(row -> assertThat(row.getOffsetDateTime("delivered_at")).isNotNull());
    }

    @Test
    void oneKeyToOnePeerThroughTwoMethodsIsTwoMessages() {
        MethodDescriptor<StringValue, StringValue> other = ACCEPT.toBuilder()
                .setFullMethodName("laurel.test.v1.SinkService/Other").build();
        enqueueAllCommitted(List.of(
                OutboxMessage.of(destination, ACCEPT, StringValue.of("a"), "change-1"),
                OutboxMessage.of(destination, other, StringValue.of("b"), "change-1"),
                OutboxMessage.of(destination, other, StringValue.of("b again"), "change-1")));

        assertThat(rows()).extracting(row -> row.getString("method"))
                .containsExactly(ACCEPT.getFullMethodName(), other.getFullMethodName());
    }

    @Test
    void ingestEventsMessagesOfOneStoreGoInOneCallAndARejectedEventParksOnlyItsMessage() {
        eventsToReject.add("e3");
        enqueueAllCommitted(List.of(ingest("s1", "e1"), ingest("s1", "e2", "e2b"), ingest("s1", "e3"), ingest("s2", "e4"),
                ingest("s1", "e5")));

        relay(settings(100)).drainOnce().await().atMost(WAIT);

        assertThat(ingestCalls).as("one call per store").hasSize(2);
        IngestEventsRequest merged = ingestCalls.stream().filter(r -> r.getStoreId().equals("s1")).findFirst().orElseThrow();
        assertThat(merged.getEventsList()).extracting(CustomerEvent::getEventId).containsExactly("e1", "e2", "e2b", "e3", "e5");
        assertThat(merged.getRequestId()).startsWith("outbox-");
        IngestEventsRequest alone = ingestCalls.stream().filter(r -> r.getStoreId().equals("s2")).findFirst().orElseThrow();
        assertThat(alone.getRequestId()).as("a message alone keeps its own request").isEqualTo("req-e4");
        assertThat(rows()).allSatisfy(row -> {
            boolean rejected = row.getString("message_key").equals("e3");
            assertThat(row.getOffsetDateTime("parked_at") != null).isEqualTo(rejected);
            assertThat(row.getOffsetDateTime("delivered_at") != null).isEqualTo(!rejected);
        });
        assertThat(rows().stream().filter(r -> r.getString("message_key").equals("e3")).findFirst().orElseThrow()
                .getString("last_error")).contains("REJECTED");
    }

    @Test
    void aBatchNeverExceedsFiveHundredEvents() {
        List<OutboxMessage> messages = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String[] ids = new String[200];
            for (int j = 0; j < ids.length; j++) {
                ids[j] = "m" + i + "-" + j;
            }
            messages.add(ingest("s1", ids));
        }
        enqueueAllCommitted(messages);

        relay(settings(100)).drainOnce().await().atMost(WAIT);

        assertThat(ingestCalls).extracting(IngestEventsRequest::getEventsCount).containsExactlyInAnyOrder(400, 200);
    }

    @Test
    void messagesOfOneOrderingKeyArriveInEnqueueOrderEvenWhenTheFirstFails() {
        failOnce.add("earn");
        enqueueAllCommitted(List.of(
                OutboxMessage.of(destination, ACCEPT, StringValue.of("earn"), "earn").orderedBy("s1/c1"),
                OutboxMessage.of(destination, ACCEPT, StringValue.of("other customer"), "x").orderedBy("s1/c2"),
                OutboxMessage.of(destination, ACCEPT, StringValue.of("reverse"), "reverse").orderedBy("s1/c1")));
        OutboxRelay relay = relay(settings(100));

        relay.drainOnce().await().atMost(WAIT);   // "earn" fails; "reverse" must wait for it, untried
        assertThat(received).containsOnlyKeys("other customer");
        assertThat(attemptsOf("reverse")).as("not tried while its predecessor failed").isZero();
        relay.drainOnce().await().atMost(WAIT);   // "earn" waits for its retry, and "reverse" with it
        assertThat(received).containsOnlyKeys("other customer");
        clock.advance(Duration.ofSeconds(1));
        relay.drainOnce().await().atMost(WAIT);

        assertThat(received).containsOnlyKeys("other customer", "earn", "reverse");
        assertThat(arrivalOrder).containsSubsequence("earn", "reverse");
    }

    @Test
    void aBacklogOfOneKeyGoesInOnePassInEnqueueOrder() {
        List<OutboxMessage> messages = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            messages.add(OutboxMessage.of(destination, ACCEPT, StringValue.of("c1-" + i), "c1-" + i).orderedBy("s1/c1"));
            messages.add(OutboxMessage.of(destination, ACCEPT, StringValue.of("c2-" + i), "c2-" + i).orderedBy("s1/c2"));
        }
        messages.add(OutboxMessage.of(destination, ACCEPT, StringValue.of("unordered"), "u"));
        enqueueAllCommitted(messages);

        assertThat(relay(settings(100)).drainOnce().await().atMost(WAIT)).isEqualTo(13);

        assertThat(received).hasSize(13);
        assertThat(arrivalOrder.stream().filter(v -> v.startsWith("c1-")))
                .containsExactly("c1-0", "c1-1", "c1-2", "c1-3", "c1-4", "c1-5");
        assertThat(arrivalOrder.stream().filter(v -> v.startsWith("c2-")))
                .containsExactly("c2-0", "c2-1", "c2-2", "c2-3", "c2-4", "c2-5");
    }

    @Test
    void aMessageWaitsWhileAnotherReplicaHoldsAnEarlierOneOfItsKey() {
        enqueueAllCommitted(List.of(
                OutboxMessage.of(destination, ACCEPT, StringValue.of("earn"), "earn").orderedBy("s1/c1"),
                OutboxMessage.of(destination, ACCEPT, StringValue.of("reverse"), "reverse").orderedBy("s1/c1")));
        OutboxRelay relay = relay(settings(100));
        // another replica's pass holds "earn" (claimed, its delivery on its way)
        db.pool.withTransaction(other -> other
                .query("SELECT id FROM laurel_outbox WHERE message_key = 'earn' FOR UPDATE").execute()
                .flatMap(locked -> relay.drainOnce())
                .invoke(count -> assertThat(count).isZero()))
                .await().atMost(WAIT);
        assertThat(received).as("\"reverse\" must not overtake the held \"earn\"").isEmpty();

        drainUntilIdle(relay);

        assertThat(arrivalOrder).containsExactly("earn", "reverse");
    }

    private int attemptsOf(String key) {
        return rows().stream().filter(r -> r.getString("message_key").equals(key)).findFirst().orElseThrow()
                .getInteger("attempts");
    }

    @Test
    void theNextMessageOfAnOrderingKeyFollowsAtOnceNotAtTheNextPoll() {
        enqueueAllCommitted(List.of(
                OutboxMessage.of(destination, ACCEPT, StringValue.of("earn"), "earn").orderedBy("s1/c1"),
                OutboxMessage.of(destination, ACCEPT, StringValue.of("reverse"), "reverse").orderedBy("s1/c1")));
        OutboxRelay relay = relay(settings(100));   // polls hourly: only the relay's own re-wake can deliver "reverse"

        relay.start(db.vertx, null).await().atMost(WAIT);   // no NOTIFY: one pass now, and what it leads to
        try {
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
                    .untilAsserted(() -> assertThat(received).containsOnlyKeys("earn", "reverse"));
        } finally {
            relay.stop().await().atMost(WAIT);
        }
    }

    @Test
    void messagesWithoutAnOrderingKeyMayOvertakeAFailedOne() {
        failuresToServe.set(1);
        enqueueCommitted("first", "second");

        relay(settings(100)).drainOnce().await().atMost(WAIT);

        assertThat(received.keySet()).hasSize(1);
        assertThat(rows().stream().filter(r -> r.getOffsetDateTime("delivered_at") == null).count()).isEqualTo(1);
    }
}
