package io.laurel.tier.grpc;

import io.laurel.platform.common.Actor;
import io.laurel.platform.common.ActorMapping;
import io.laurel.platform.error.Violations;
import io.laurel.platform.grpc.Paging;
import io.laurel.platform.grpc.ProtoTime;
import io.laurel.platform.idempotency.Idempotency;
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
import io.laurel.proto.tier.v1.RecordQualifyingActivityRequest;
import io.laurel.proto.tier.v1.RecordQualifyingActivityResponse;
import io.laurel.proto.tier.v1.RemoveManualTierRequest;
import io.laurel.proto.tier.v1.RemoveManualTierResponse;
import io.laurel.tier.app.CustomerTierQueries;
import io.laurel.tier.app.ManualTiers;
import io.laurel.tier.app.QualifyingActivities;
import io.laurel.tier.domain.CustomerTierView;
import io.laurel.tier.domain.ManualTierRules;
import io.laurel.tier.domain.QualifyingActivity;
import io.laurel.tier.domain.TagTierRules;
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
 * laurel.tier.v1.TierService: checks each request's shape (every bad field at once), maps it to the
 * domain and hands it to one use case of {@code app/}, which owns the transaction.
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
        Violations v = new Violations();
        v.requireId("store_id", request.getStoreId());
        v.requireId("customer_id", request.getCustomerId());
        v.throwIfAny();
        return queries.tier(request.getStoreId(), request.getCustomerId(), StoredTime.now(clock))
                .map(view -> GetCustomerTierResponse.newBuilder()
                        .setCustomerTier(CustomerTierMapping.toProto(view)).build());
    }

    @Override
    public Uni<ListTierHistoryResponse> listTierHistory(ListTierHistoryRequest request) {
        Violations v = new Violations();
        v.requireId("store_id", request.getStoreId());
        v.requireId("customer_id", request.getCustomerId());
        int size = Paging.pageSize(v, request.getPageSize());
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
        v.requireId("store_id", request.getStoreId());
        int size = Paging.pageSize(v, request.getPageSize());
        Set<TierSource> sources = EnumSet.noneOf(TierSource.class);
        for (int i = 0; i < request.getSourcesCount(); i++) {
            TierSource source = CustomerTierMapping.toDomain(request.getSources(i));
            if (v.require(source != null, "sources[" + i + "]", "must be COMPUTED, MANUAL or TAG")) {
                sources.add(source);
            }
        }
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
        Violations v = customerWrite(request.getRequestId(), request.getStoreId(), request.getCustomerId());
        v.require(!request.getTierId().isBlank(), "tier_id", "is required");
        Actor actor = manualChange(v, request.getReason(), request.getActor());
        Instant end = null;
        if (request.hasEndTime()) {
            if (v.require(ProtoTime.isValid(request.getEndTime()), "end_time", "is not a valid timestamp")) {
                end = ProtoTime.toInstant(request.getEndTime()).truncatedTo(ChronoUnit.MICROS);
                v.require(end.isAfter(now), "end_time", "must be in the future; leave it unset for no end");
            }
        }
        v.throwIfAny();
        return manual.assign(request, actor, end, now);
    }

    @Override
    public Uni<RemoveManualTierResponse> removeManualTier(RemoveManualTierRequest request) {
        Violations v = customerWrite(request.getRequestId(), request.getStoreId(), request.getCustomerId());
        Actor actor = manualChange(v, request.getReason(), request.getActor());
        v.throwIfAny();
        return manual.remove(request, actor, StoredTime.now(clock));
    }

    @Override
    public Uni<RecordQualifyingActivityResponse> recordQualifyingActivity(RecordQualifyingActivityRequest request) {
        Instant now = StoredTime.now(clock);
        Violations v = customerWrite(request.getRequestId(), request.getStoreId(), request.getCustomerId());
        v.requireId("activity_id", request.getActivityId());
        QualifyingActivity activity = QualifyingActivityMapping.toDomain(v, request, now);
        v.throwIfAny();
        String currency = request.hasAmount() ? request.getAmount().getCurrencyCode() : null;
        return activities.record(request, activity, currency, now);
    }

    @Override
    public Uni<RecordCustomerTagsResponse> recordCustomerTags(RecordCustomerTagsRequest request) {
        Violations v = customerWrite(request.getRequestId(), request.getStoreId(), request.getCustomerId());
        v.requireId("activity_id", request.getActivityId());
        v.require(request.hasOccurredAt(), "occurred_at", "is required: the newest tag set wins");
        if (request.hasOccurredAt()) {
            v.require(ProtoTime.isValid(request.getOccurredAt()), "occurred_at", "is not a valid timestamp");
        }
        v.require(request.getTagsCount() <= TagTierRules.MAX_TAGS, "tags",
                "must hold at most " + TagTierRules.MAX_TAGS + " tags");
        for (int i = 0; i < request.getTagsCount(); i++) {
            String tag = request.getTags(i);
            v.require(!tag.isEmpty() && tag.length() <= TagTierRules.MAX_TAG_LENGTH, "tags[" + i + "]",
                    "must be 1.." + TagTierRules.MAX_TAG_LENGTH + " characters");
        }
        v.throwIfAny();
        Instant occurredAt = ProtoTime.toInstant(request.getOccurredAt()).truncatedTo(ChronoUnit.MICROS);
        return activities.recordTags(request, new LinkedHashSet<>(request.getTagsList()), occurredAt,
                StoredTime.now(clock));
    }

    /** The checks every mutating RPC about one customer starts with: request id, store_id, customer_id. */
    private static Violations customerWrite(String requestId, String store, String customer) {
        Violations v = new Violations();
        Idempotency.checkRequestId(v, requestId);
        v.requireId("store_id", store);
        v.requireId("customer_id", customer);
        return v;
    }

    /** A change made by hand: its reason and its actor checked; the actor as the domain knows it. */
    private static Actor manualChange(Violations v, String reason, io.laurel.proto.common.v1.Actor actor) {
        requireReason(v, reason);
        return manualActor(v.nested("actor"), actor);
    }

    static void requireReason(Violations v, String reason) {
        if (reason.isBlank()) {
            v.add("reason", "is required: it is shown in the customer's tier history");
        } else {
            v.require(reason.length() <= ManualTierRules.MAX_REASON_LENGTH, "reason",
                    "must be at most " + ManualTierRules.MAX_REASON_LENGTH + " characters");
        }
    }

    /** A person or the platform acting by hand; SYSTEM is how tier-service records its own changes. */
    static Actor manualActor(Violations v, io.laurel.proto.common.v1.Actor actor) {
        Actor mapped = ActorMapping.toDomain(actor);
        v.require(mapped != null && mapped.kind() != Actor.Kind.SYSTEM, "kind", "must be MERCHANT_STAFF or PLATFORM");
        ActorMapping.checkShape(v, actor);
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
