package io.laurel.tier.grpc;

import io.laurel.platform.common.Actor;
import io.laurel.platform.common.ActorMapping;
import io.laurel.platform.error.Violations;
import io.laurel.platform.grpc.BatchItems;
import io.laurel.platform.grpc.Paging;
import io.laurel.platform.grpc.ProtoTime;
import io.laurel.platform.time.StoredTime;
import io.laurel.proto.tier.v1.AssignTierRequest;
import io.laurel.proto.tier.v1.AssignTierResponse;
import io.laurel.proto.tier.v1.GetCustomerTierRequest;
import io.laurel.proto.tier.v1.GetCustomerTierResponse;
import io.laurel.proto.tier.v1.ListTierHistoryRequest;
import io.laurel.proto.tier.v1.ListTierHistoryResponse;
import io.laurel.proto.tier.v1.ListTierMembersRequest;
import io.laurel.proto.tier.v1.ListTierMembersResponse;
import io.laurel.proto.tier.v1.MutinyTierServiceGrpc;
import io.laurel.proto.tier.v1.RecordCustomerTagsRequest;
import io.laurel.proto.tier.v1.RecordCustomerTagsResponse;
import io.laurel.proto.tier.v1.RecordQualifyingActivitiesRequest;
import io.laurel.proto.tier.v1.RecordQualifyingActivitiesResponse;
import io.laurel.proto.tier.v1.RecordQualifyingActivityRequest;
import io.laurel.proto.tier.v1.RecordQualifyingActivityResponse;
import io.laurel.proto.tier.v1.RemoveManualTierRequest;
import io.laurel.proto.tier.v1.RemoveManualTierResponse;
import io.laurel.tier.app.CustomerTierQueries;
import io.laurel.tier.app.ManualTiers;
import io.laurel.tier.app.QualifyingActivities;
import io.laurel.tier.domain.CustomerTierView;
import io.laurel.tier.domain.QualifyingActivity;
import io.laurel.tier.domain.TierSource;
import io.laurel.tier.mapping.CustomerTierMapping;
import io.laurel.tier.mapping.QualifyingActivityMapping;
import io.laurel.tier.store.TierChangeRepository;
import io.quarkus.grpc.GrpcService;
import io.smallrye.mutiny.Uni;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * laurel.tier.v1.TierService: checks what each request's contract cannot say (every bad field at
 * once), maps it to the domain and hands it to one use case of {@code app/}, which owns the
 * transaction. A request reaches these methods only once its contract's limits hold (required ids,
 * reasons and actors, lengths, list sizes, defined enum values: platform's RequestShapeInterceptor,
 * L-API-3).
 */
@GrpcService
public class TierEndpoint extends MutinyTierServiceGrpc.TierServiceImplBase {

    private final CustomerTierQueries queries;
    private final ManualTiers manual;
    private final QualifyingActivities activities;
    private final Clock clock;

    public TierEndpoint(CustomerTierQueries queries, ManualTiers manual, QualifyingActivities activities, Clock clock) {
        this.queries = queries;
        this.manual = manual;
        this.activities = activities;
        this.clock = clock;
    }

    @Override
    public Uni<GetCustomerTierResponse> getCustomerTier(GetCustomerTierRequest request) {
        return queries.tier(request.getStoreId(), request.getCustomerId(), StoredTime.now(clock))
                .map(view -> GetCustomerTierResponse.newBuilder()
                        .setCustomerTier(CustomerTierMapping.toProto(view)).build());
    }

    @Override
    public Uni<ListTierHistoryResponse> listTierHistory(ListTierHistoryRequest request) {
        Violations v = new Violations();
        int size = Paging.pageSize(request.getPageSize());
        HistoryKey after = Paging.after(v, request, 2, HistoryKey::parse).orElse(HistoryKey.FIRST);
        v.throwIfAny();
        return queries.history(request.getStoreId(), request.getCustomerId(), after.effectiveTime(), after.seq(), size + 1)
                .map(rows -> {
                    Paging.Page<TierChangeRepository.Recorded> page = Paging.page(request, rows, size,
                            r -> new HistoryKey(r.change().effectiveTime(), r.seq()).parts());
                    ListTierHistoryResponse.Builder response = ListTierHistoryResponse.newBuilder()
                            .setNextPageToken(page.nextPageToken());
                    page.items().forEach(r -> response.addChanges(CustomerTierMapping.toProto(r.change())));
                    return response.build();
                });
    }

    @Override
    public Uni<ListTierMembersResponse> listTierMembers(ListTierMembersRequest request) {
        Violations v = new Violations();
        int size = Paging.pageSize(request.getPageSize());
        Set<TierSource> sources = EnumSet.noneOf(TierSource.class);
        // each a defined, set source: the contract's
        request.getSourcesList().forEach(source -> sources.add(CustomerTierMapping.toDomain(source)));
        String after = Paging.after(v, request, 1, key -> key.get(0)).orElse("");
        v.throwIfAny();
        String tierId = request.getTierId().isEmpty() ? null : request.getTierId();
        return queries.members(request.getStoreId(), tierId, sources, after, size + 1, StoredTime.now(clock))
                .map(found -> {
                    Paging.Page<CustomerTierView> page = Paging.page(request, found, size,
                            view -> List.of(view.customerId()));
                    ListTierMembersResponse.Builder response = ListTierMembersResponse.newBuilder()
                            .setNextPageToken(page.nextPageToken());
                    page.items().forEach(view -> response.addMembers(CustomerTierMapping.toProto(view)));
                    return response.build();
                });
    }

    @Override
    public Uni<AssignTierResponse> assignTier(AssignTierRequest request) {
        Instant now = StoredTime.now(clock);
        Violations v = new Violations();
        Actor actor = manualActor(v.nested("actor"), request.getActor());
        Instant end = null;
        if (request.hasEndTime()) { // a valid instant: RequestShape
            end = StoredTime.of(ProtoTime.toInstant(request.getEndTime()));
            v.require(end.isAfter(now), "end_time", "must be in the future; leave it unset for no end");
        }
        v.throwIfAny();
        return manual.assign(request, actor, end, now);
    }

    @Override
    public Uni<RemoveManualTierResponse> removeManualTier(RemoveManualTierRequest request) {
        Violations v = new Violations();
        Actor actor = manualActor(v.nested("actor"), request.getActor());
        v.throwIfAny();
        return manual.remove(request, actor, StoredTime.now(clock));
    }

    @Override
    public Uni<RecordQualifyingActivityResponse> recordQualifyingActivity(RecordQualifyingActivityRequest request) {
        Instant now = StoredTime.now(clock);
        Violations v = new Violations();
        QualifyingActivities.Input input = input(v, "", request, now);
        v.throwIfAny();
        return activities.record(input, now);
    }

    @Override
    public Uni<RecordQualifyingActivitiesResponse> recordQualifyingActivities(RecordQualifyingActivitiesRequest request) {
        Instant now = StoredTime.now(clock);
        Violations v = new Violations();
        List<QualifyingActivities.Input> inputs = BatchItems.ofOneStore(v, "activities", request.getStoreId(),
                request.getActivitiesList(), RecordQualifyingActivityRequest::getStoreId,
                (activity, item, path) -> input(item, path, activity, now));
        v.throwIfAny();
        return activities.recordAll(request.getStoreId(), inputs, now)
                .map(results -> RecordQualifyingActivitiesResponse.newBuilder().addAllResults(results).build());
    }

    private static QualifyingActivities.Input input(Violations v, String path, RecordQualifyingActivityRequest request,
                                                    Instant now) {
        QualifyingActivity activity = QualifyingActivityMapping.toDomain(v, request, now);
        return new QualifyingActivities.Input(path, request, activity,
                request.hasAmount() ? request.getAmount().getCurrencyCode() : null);
    }

    @Override
    public Uni<RecordCustomerTagsResponse> recordCustomerTags(RecordCustomerTagsRequest request) {
        // ids, a valid occurred_at, 0..250 tags of 1..255 characters: the contract's, all of it
        Instant occurredAt = StoredTime.of(ProtoTime.toInstant(request.getOccurredAt()));
        return activities.recordTags(request, new LinkedHashSet<>(request.getTagsList()), occurredAt,
                StoredTime.now(clock));
    }

    /**
     * A person or the platform acting by hand; SYSTEM is how tier-service records its own changes.
     * That the actor is there with a kind, an id and a short display name is the contract's.
     */
    static Actor manualActor(Violations v, io.laurel.proto.common.v1.Actor actor) {
        Actor mapped = ActorMapping.toDomain(actor);
        v.require(mapped.kind() != Actor.Kind.SYSTEM, "kind", "must be MERCHANT_STAFF or PLATFORM");
        return mapped;
    }

    /** Where a history page resumes: after this change (effective time in microseconds, then sequence). */
    private record HistoryKey(Instant effectiveTime, long seq) {

        static final HistoryKey FIRST = new HistoryKey(null, 0);

        static HistoryKey parse(List<String> key) {
            return new HistoryKey(Instant.EPOCH.plus(Long.parseLong(key.get(0)), ChronoUnit.MICROS), Long.parseLong(key.get(1)));
        }

        List<String> parts() {
            return List.of(Long.toString(ChronoUnit.MICROS.between(Instant.EPOCH, effectiveTime)), Long.toString(seq));
        }
    }
}
