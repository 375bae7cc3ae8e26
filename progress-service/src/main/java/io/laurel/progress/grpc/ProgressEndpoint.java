package io.laurel.progress.grpc;

import io.laurel.platform.error.Violations;
import io.laurel.platform.idempotency.Idempotency;
import io.laurel.platform.store.SqlErrors;
import io.laurel.platform.time.StoredTime;
import io.laurel.progress.domain.CheckedEvent;
import io.laurel.progress.domain.EventResult;
import io.laurel.progress.domain.EventRules;
import io.laurel.progress.domain.StreamTally;
import io.laurel.progress.mapping.CustomerEventMapping;
import io.laurel.progress.store.EventLog;
import io.laurel.proto.progress.v1.CustomerEvent;
import io.laurel.proto.progress.v1.IngestEventsRequest;
import io.laurel.proto.progress.v1.IngestEventsResponse;
import io.laurel.proto.progress.v1.MutinyProgressServiceGrpc;
import io.laurel.proto.progress.v1.StreamEventsRequest;
import io.laurel.proto.progress.v1.StreamEventsResponse;
import io.quarkus.grpc.GrpcService;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * laurel.progress.v1.ProgressService, event ingestion: maps proto ↔ domain and delegates; the rules
 * live in domain/. The progress views are not served yet (the base class answers UNIMPLEMENTED).
 */
@GrpcService
public class ProgressEndpoint extends MutinyProgressServiceGrpc.ProgressServiceImplBase {

    /**
     * Two batches that store overlapping events in different orders can deadlock; Postgres aborts
     * one, which is safe to run again from the start. Rare and transient: a few fresh attempts settle it.
     */
    private static final int DEADLOCK_RETRIES = 3;

    private final Pool pool;
    private final Idempotency idempotency;
    private final EventLog eventLog;
    private final Clock clock;

    public ProgressEndpoint(Pool pool, Idempotency idempotency, EventLog eventLog, Clock clock) {
        this.pool = pool;
        this.idempotency = idempotency;
        this.eventLog = eventLog;
        this.clock = clock;
    }

    @Override
    public Uni<IngestEventsResponse> ingestEvents(IngestEventsRequest request) {
        Violations v = new Violations();
        Idempotency.checkRequestId(v, request.getRequestId());
        EventRules.checkBatch(request.getStoreId(), request.getEventsCount(), v);
        v.throwIfAny();
        String storeId = request.getStoreId();
        return Uni.createFrom().deferred(() -> {
                    Instant now = StoredTime.now(clock);
                    List<CheckedEvent> checked = check(storeId, request.getEventsList(), now);
                    return idempotency.once(storeId, request.getRequestId(), request, IngestEventsResponse.parser(),
                            tx -> eventLog.ingest(tx, storeId, checked, payloads(request.getEventsList()), now, "events")
                                    .map(ProgressEndpoint::response));
                })
                .onFailure(SqlErrors::isDeadlock).retry().atMost(DEADLOCK_RETRIES);
    }

    @Override
    public Uni<StreamEventsResponse> streamEvents(Multi<StreamEventsRequest> requests) {
        StreamTally tally = new StreamTally();
        AtomicInteger messages = new AtomicInteger();
        AtomicReference<String> streamStoreId = new AtomicReference<>();
        return requests
                // one message at a time: each batch commits before the next is handled
                .onItem().transformToUniAndConcatenate(message -> {
                    int messageIndex = messages.getAndIncrement();
                    Violations v = new Violations();
                    if (messageIndex == 0) {
                        Idempotency.checkRequestId(v, message.getRequestId());
                    }
                    EventRules.checkStreamMessage(streamStoreId.get(), messageIndex, message.getStoreId(),
                            message.getEventsCount(), v);
                    v.throwIfAny();
                    streamStoreId.compareAndSet(null, message.getStoreId());
                    return Uni.createFrom().deferred(() -> {
                                Instant now = StoredTime.now(clock);
                                List<CheckedEvent> checked = check(message.getStoreId(), message.getEventsList(), now);
                                return pool.withTransaction(tx -> eventLog.ingest(tx, message.getStoreId(), checked,
                                        payloads(message.getEventsList()), now, "events"));
                            })
                            .onFailure(SqlErrors::isDeadlock).retry().atMost(DEADLOCK_RETRIES)
                            .invoke(results -> tally.add(messageIndex, results));
                })
                .onItem().ignoreAsUni()
                .map(done -> response(tally));
    }

    private static List<CheckedEvent> check(String storeId, List<CustomerEvent> events, Instant now) {
        return EventRules.checkAll(storeId, events.stream().map(CustomerEventMapping::toDomain).toList(), now);
    }

    private static List<byte[]> payloads(List<CustomerEvent> events) {
        return events.stream().map(CustomerEvent::toByteArray).toList();
    }

    private static IngestEventsResponse response(List<EventResult> results) {
        IngestEventsResponse.Builder b = IngestEventsResponse.newBuilder();
        for (EventResult r : results) {
            b.addResults(CustomerEventMapping.toProto(r));
            switch (r.outcome()) {
                case ACCEPTED -> b.setAcceptedCount(b.getAcceptedCount() + 1);
                case DUPLICATE -> b.setDuplicateCount(b.getDuplicateCount() + 1);
                case REJECTED -> b.setRejectedCount(b.getRejectedCount() + 1);
            }
        }
        return b.build();
    }

    private static StreamEventsResponse response(StreamTally tally) {
        StreamEventsResponse.Builder b = StreamEventsResponse.newBuilder()
                .setAcceptedCount(tally.accepted())
                .setDuplicateCount(tally.duplicate())
                .setRejectedCount(tally.rejected())
                .setResultsTruncated(tally.truncated());
        tally.results().forEach(r -> b.addResults(CustomerEventMapping.toProto(r.result(), r.messageIndex())));
        return b.build();
    }
}
