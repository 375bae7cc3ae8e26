package io.laurel.progress.grpc;

import io.laurel.platform.error.Violations;
import io.laurel.platform.grpc.Paging;
import io.laurel.platform.idempotency.Idempotency;
import io.laurel.platform.store.SqlErrors;
import io.laurel.platform.time.StoredTime;
import io.laurel.progress.app.EventIngestion;
import io.laurel.progress.app.EventIngestion.Ingested;
import io.laurel.progress.app.ProgressQueries;
import io.laurel.progress.cache.ProgressCache;
import io.laurel.progress.domain.EventResult;
import io.laurel.progress.domain.ProgramCustomer;
import io.laurel.progress.domain.EventRules;
import io.laurel.progress.domain.StreamTally;
import io.laurel.progress.mapping.CustomerEventMapping;
import io.laurel.progress.mapping.ViewMapping;
import io.laurel.proto.progress.v1.GetCustomerProgramProgressRequest;
import io.laurel.proto.progress.v1.GetCustomerProgramProgressResponse;
import io.laurel.proto.progress.v1.GetCustomerProgressRequest;
import io.laurel.proto.progress.v1.GetCustomerProgressResponse;
import io.laurel.proto.progress.v1.IngestEventsRequest;
import io.laurel.proto.progress.v1.IngestEventsResponse;
import io.laurel.proto.progress.v1.ListProgramCustomersRequest;
import io.laurel.proto.progress.v1.ListProgramCustomersResponse;
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
 * laurel.progress.v1.ProgressService: maps proto ↔ domain and delegates to the use cases in app/ (ingestion,
 * views); each call's shape is its contract's, checked before this runs (platform's RequestShapeInterceptor), and
 * the rules live in domain/.
 */
@GrpcService
public class ProgressEndpoint extends MutinyProgressServiceGrpc.ProgressServiceImplBase {

    /**
     * Two batches that store overlapping events in different orders can deadlock; Postgres aborts
     * one, which is safe to run again from the start. Rare and transient: a few fresh attempts settle it.
     */
    private static final int DEADLOCK_RETRIES = 3;
    private static final String EVENTS = "events";

    private final Pool pool;
    private final Idempotency idempotency;
    private final EventIngestion ingestion;
    private final ProgressQueries queries;
    private final ProgressCache cache;
    private final Clock clock;

    public ProgressEndpoint(Pool pool, Idempotency idempotency, EventIngestion ingestion, ProgressQueries queries,
                            ProgressCache cache, Clock clock) {
        this.pool = pool;
        this.idempotency = idempotency;
        this.ingestion = ingestion;
        this.queries = queries;
        this.cache = cache;
        this.clock = clock;
    }

    @Override
    public Uni<IngestEventsResponse> ingestEvents(IngestEventsRequest request) {
        // its shape (ids, 1..500 events) is the contract's, checked before this runs; each event's is checked
        // with the event, which it alone fails
        String storeId = request.getStoreId();
        return Uni.createFrom().deferred(() -> {
                    Instant now = StoredTime.now(clock);
                    AtomicReference<Ingested> committed = new AtomicReference<>();
                    return idempotency.once(storeId, request.getRequestId(), request, IngestEventsResponse.parser(),
                                    tx -> ingestion.ingest(tx, storeId, request.getEventsList(), now, EVENTS)
                                            .invoke(committed::set)
                                            .map(ingested -> response(ingested.results())))
                            .call(() -> cacheAfterCommit(storeId, committed.get()));
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
                    EventRules.checkStreamMessage(streamStoreId.get(), messageIndex, message.getRequestId(),
                            message.getStoreId(), v);
                    v.throwIfAny();
                    streamStoreId.compareAndSet(null, message.getStoreId());
                    return Uni.createFrom().deferred(() -> pool.withTransaction(tx -> ingestion.ingest(tx,
                                    message.getStoreId(), message.getEventsList(), StoredTime.now(clock), EVENTS)))
                            .onFailure(SqlErrors::isDeadlock).retry().atMost(DEADLOCK_RETRIES)
                            .call(ingested -> cacheAfterCommit(message.getStoreId(), ingested))
                            .invoke(ingested -> tally.add(messageIndex, ingested.results()));
                })
                .onItem().ignoreAsUni()
                .map(done -> response(tally));
    }

    @Override
    public Uni<GetCustomerProgressResponse> getCustomerProgress(GetCustomerProgressRequest request) {
        return Uni.createFrom().deferred(() -> queries.customerProgress(request.getStoreId(), request.getCustomerId(),
                        request.getIncludeHidden(), StoredTime.now(clock)))
                .map(views -> {
                    GetCustomerProgressResponse.Builder b = GetCustomerProgressResponse.newBuilder();
                    views.forEach(view -> b.addPrograms(ViewMapping.toProto(view)));
                    return b.build();
                });
    }

    @Override
    public Uni<GetCustomerProgramProgressResponse> getCustomerProgramProgress(GetCustomerProgramProgressRequest request) {
        return Uni.createFrom().deferred(() -> queries.customerProgramProgress(request.getStoreId(),
                        request.getCustomerId(), request.getProgramId(), StoredTime.now(clock)))
                .map(view -> GetCustomerProgramProgressResponse.newBuilder().setProgress(ViewMapping.toProto(view)).build());
    }

    @Override
    public Uni<ListProgramCustomersResponse> listProgramCustomers(ListProgramCustomersRequest request) {
        Violations v = new Violations();
        int pageSize = Paging.pageSize(request.getPageSize());
        String after = Paging.after(v, request, 1, key -> key.get(0)).orElse("");
        v.throwIfAny();
        return Uni.createFrom().deferred(() -> queries.programCustomers(request.getStoreId(), request.getProgramId(),
                        request.getMinMilestonesReached(), after, pageSize + 1, StoredTime.now(clock)))
                .map(rows -> {
                    Paging.Page<ProgramCustomer> page =
                            Paging.page(request, rows, pageSize, row -> List.of(row.customerId()));
                    ListProgramCustomersResponse.Builder b = ListProgramCustomersResponse.newBuilder()
                            .setNextPageToken(page.nextPageToken());
                    page.items().forEach(row -> b.addCustomers(ViewMapping.toProto(row)));
                    return b.build();
                });
    }

    /** Puts the progress a batch committed into the cache before the call answers (a newer entry is kept). */
    private Uni<Void> cacheAfterCommit(String storeId, Ingested ingested) {
        if (ingested == null || ingested.progress().isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Multi.createFrom().iterable(ingested.progress())
                .onItem().transformToUniAndMerge(p -> cache.putIfNewer(storeId, p.customerId(), p.progress()))
                .collect().last().replaceWithVoid();
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
