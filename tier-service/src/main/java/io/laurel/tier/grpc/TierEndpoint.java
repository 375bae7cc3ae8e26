package io.laurel.tier.grpc;

import io.laurel.platform.common.Actor;
import io.laurel.platform.common.ActorMapping;
import io.laurel.platform.error.FailedPreconditionException;
import io.laurel.platform.error.NotFoundException;
import io.laurel.platform.error.Violations;
import io.laurel.platform.grpc.Paging;
import io.laurel.platform.grpc.ProtoTime;
import io.laurel.platform.id.IdGenerator;
import io.laurel.platform.idempotency.Idempotency;
import io.laurel.platform.time.StoredTime;
import io.laurel.proto.tier.v1.AssignTierRequest;
import io.laurel.proto.tier.v1.AssignTierResponse;
import io.laurel.proto.tier.v1.CustomerTier;
import io.laurel.proto.tier.v1.GetCustomerTierRequest;
import io.laurel.proto.tier.v1.GetCustomerTierResponse;
import io.laurel.proto.tier.v1.ListTierHistoryRequest;
import io.laurel.proto.tier.v1.ListTierHistoryResponse;
import io.laurel.proto.tier.v1.ListTierMembersRequest;
import io.laurel.proto.tier.v1.ListTierMembersResponse;
import io.laurel.proto.tier.v1.MutinyTierServiceGrpc;
import io.laurel.proto.tier.v1.RecordCustomerTagsRequest;
import io.laurel.proto.tier.v1.RecordCustomerTagsResponse;
import io.laurel.proto.tier.v1.RemoveManualTierRequest;
import io.laurel.proto.tier.v1.RemoveManualTierResponse;
import io.laurel.tier.domain.CustomerTierState;
import io.laurel.tier.domain.CustomerTierView;
import io.laurel.tier.domain.ManualTierRules;
import io.laurel.tier.domain.TagTierRules;
import io.laurel.tier.domain.TierProgram;
import io.laurel.tier.domain.TierSource;
import io.laurel.tier.domain.Transition;
import io.laurel.tier.mapping.CustomerTierMapping;
import io.laurel.tier.store.CustomerTagsRepository;
import io.laurel.tier.store.CustomerTierRepository;
import io.laurel.tier.store.RecordedActivityRepository;
import io.laurel.tier.store.TierChangeOutbox;
import io.laurel.tier.store.TierChangeRepository;
import io.laurel.tier.store.TierConfigRepository;
import io.quarkus.grpc.GrpcService;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * laurel.tier.v1.TierService: checks the request's shape, runs the rules of domain/ over the stored
 * state in one transaction, maps back. RecordQualifyingActivity is not implemented yet
 * (UNIMPLEMENTED, the generated default).
 */
@GrpcService
public class TierEndpoint extends MutinyTierServiceGrpc.TierServiceImplBase {

    private final Pool pool;
    private final Idempotency idempotency;
    private final TierConfigRepository config;
    private final CustomerTierRepository customers;
    private final TierChangeRepository history;
    private final TierChangeOutbox outbox;
    private final CustomerTagsRepository tags;
    private final RecordedActivityRepository activities;
    private final IdGenerator ids;
    private final Clock clock;

    public TierEndpoint(Pool pool, Idempotency idempotency, TierConfigRepository config,
                        CustomerTierRepository customers, TierChangeRepository history, TierChangeOutbox outbox,
                        CustomerTagsRepository tags, RecordedActivityRepository activities, IdGenerator ids,
                        Clock clock) {
        this.pool = pool;
        this.idempotency = idempotency;
        this.config = config;
        this.customers = customers;
        this.history = history;
        this.outbox = outbox;
        this.tags = tags;
        this.activities = activities;
        this.ids = ids;
        this.clock = clock;
    }

    @Override
    public Uni<GetCustomerTierResponse> getCustomerTier(GetCustomerTierRequest request) {
        String store = request.getStoreId();
        String customer = request.getCustomerId();
        Violations v = new Violations();
        v.requireId("store_id", store);
        v.requireId("customer_id", customer);
        v.throwIfAny();
        Instant now = StoredTime.now(clock);
        return settled(store, customer, now).map(s -> GetCustomerTierResponse.newBuilder()
                .setCustomerTier(tier(store, customer, s.state(), s.program(), now))
                .build());
    }

    @Override
    public Uni<ListTierHistoryResponse> listTierHistory(ListTierHistoryRequest request) {
        String store = request.getStoreId();
        String customer = request.getCustomerId();
        Violations v = new Violations();
        v.requireId("store_id", store);
        v.requireId("customer_id", customer);
        int size = Paging.pageSize(v, request.getPageSize());
        HistoryKey after = Paging.after(v, request, 2, HistoryKey::parse).orElse(HistoryKey.FIRST);
        v.throwIfAny();
        return settled(store, customer, StoredTime.now(clock))
                .flatMap(s -> history.page(pool, store, customer, after.effectiveTime(), after.seq(), size + 1))
                .map(rows -> {
                    ListTierHistoryResponse.Builder response = ListTierHistoryResponse.newBuilder();
                    rows.stream().limit(size).forEach(r -> response.addChanges(CustomerTierMapping.toProto(r.change())));
                    if (rows.size() > size) {
                        TierChangeRepository.Recorded last = rows.get(size - 1);
                        response.setNextPageToken(Paging.next(request,
                                new HistoryKey(last.change().effectiveTime(), last.seq()).parts()));
                    }
                    return response.build();
                });
    }

    @Override
    public Uni<ListTierMembersResponse> listTierMembers(ListTierMembersRequest request) {
        String store = request.getStoreId();
        String tierId = request.getTierId();
        Violations v = new Violations();
        v.requireId("store_id", store);
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
        Instant now = StoredTime.now(clock);
        return config.activeProgram(pool, store).flatMap(program -> {
            if (!tierId.isEmpty() && (program == null || program.tier(tierId).isEmpty())) {
                throw new NotFoundException("tier", tierId);
            }
            if (program == null) {
                return Uni.createFrom().item(ListTierMembersResponse.getDefaultInstance());
            }
            return customers.members(pool, store, program.tierProgramId(), now, after,
                            tierId.isEmpty() ? null : tierId, sources, size + 1)
                    .map(found -> {
                        ListTierMembersResponse.Builder response = ListTierMembersResponse.newBuilder();
                        found.stream().limit(size).forEach(state ->
                                response.addMembers(tier(store, state.customerId(), state, program, now)));
                        if (found.size() > size) {
                            response.setNextPageToken(Paging.next(request, List.of(found.get(size - 1).customerId())));
                        }
                        return response.build();
                    });
        });
    }

    @Override
    public Uni<AssignTierResponse> assignTier(AssignTierRequest request) {
        String store = request.getStoreId();
        String customer = request.getCustomerId();
        Instant now = StoredTime.now(clock);
        Violations v = customerWrite(request.getRequestId(), store, customer);
        v.require(!request.getTierId().isBlank(), "tier_id", "is required");
        Actor actor = manualChange(v, request.getReason(), request.getActor());
        Instant end = null;
        if (request.hasEndTime()) {
            end = ProtoTime.toInstant(request.getEndTime()).truncatedTo(ChronoUnit.MICROS);
            v.require(end.isAfter(now), "end_time", "must be in the future; leave it unset for no end");
        }
        v.throwIfAny();
        Instant endTime = end;
        return idempotency.once(store, request.getRequestId(), request, AssignTierResponse.parser(),
                tx -> config.activeProgram(tx, store).flatMap(program -> {
                    if (program == null) {
                        throw new FailedPreconditionException("NO_ACTIVE_TIER_PROGRAM",
                                "the store has no active tier program to assign a tier of");
                    }
                    return customers.lock(tx, store, customer).flatMap(held -> {
                        CustomerTierState state = CustomerTierState.under(held, store, customer, program, now);
                        Transition t = ManualTierRules.assign(state, program, request.getTierId(),
                                request.getReason(), actor, endTime, now, ids::newId);
                        return recordAndShow(tx, store, customer, t, program, now)
                                .map(tier -> AssignTierResponse.newBuilder().setCustomerTier(tier).build());
                    });
                }));
    }

    @Override
    public Uni<RemoveManualTierResponse> removeManualTier(RemoveManualTierRequest request) {
        String store = request.getStoreId();
        String customer = request.getCustomerId();
        Instant now = StoredTime.now(clock);
        Violations v = customerWrite(request.getRequestId(), store, customer);
        Actor actor = manualChange(v, request.getReason(), request.getActor());
        v.throwIfAny();
        return idempotency.once(store, request.getRequestId(), request, RemoveManualTierResponse.parser(),
                tx -> config.activeProgram(tx, store).flatMap(program -> customers.lock(tx, store, customer)
                        .flatMap(held -> {
                            if (held == null) {
                                throw ManualTierRules.noManualAssignment(customer);
                            }
                            Transition t = ManualTierRules.remove(held, request.getReason(), actor, now, ids::newId);
                            return recordAndShow(tx, store, customer, t, program, now)
                                    .map(tier -> RemoveManualTierResponse.newBuilder().setCustomerTier(tier).build());
                        })));
    }

    @Override
    public Uni<RecordCustomerTagsResponse> recordCustomerTags(RecordCustomerTagsRequest request) {
        String store = request.getStoreId();
        String customer = request.getCustomerId();
        String activityId = request.getActivityId();
        Instant now = StoredTime.now(clock);
        Violations v = customerWrite(request.getRequestId(), store, customer);
        v.requireId("activity_id", activityId);
        v.require(request.hasOccurredAt(), "occurred_at", "is required: the newest tag set wins");
        v.require(request.getTagsCount() <= TagTierRules.MAX_TAGS, "tags",
                "must hold at most " + TagTierRules.MAX_TAGS + " tags");
        for (int i = 0; i < request.getTagsCount(); i++) {
            String tag = request.getTags(i);
            v.require(!tag.isEmpty() && tag.length() <= TagTierRules.MAX_TAG_LENGTH, "tags[" + i + "]",
                    "must be 1.." + TagTierRules.MAX_TAG_LENGTH + " characters");
        }
        v.throwIfAny();
        Instant occurredAt = ProtoTime.toInstant(request.getOccurredAt()).truncatedTo(ChronoUnit.MICROS);
        Set<String> tagSet = new LinkedHashSet<>(request.getTagsList());
        String kind = RecordedActivityRepository.CUSTOMER_TAGS;
        return idempotency.once(store, request.getRequestId(), request, RecordCustomerTagsResponse.parser(),
                tx -> activities.claim(tx, store, kind, activityId, customer, now).flatMap(first -> !first
                        ? activities.firstResponse(tx, store, kind, activityId, RecordCustomerTagsResponse.parser())
                        : applyTags(tx, store, customer, activityId, tagSet, occurredAt, now)
                                .call(response -> activities.complete(tx, store, kind, activityId, response))));
    }

    /** Records the tag set unless a newer one is held and, under a CUSTOMER_TAG program, moves the tier. */
    private Uni<RecordCustomerTagsResponse> applyTags(SqlConnection tx, String store, String customer,
                                                      String activityId, Set<String> tagSet, Instant occurredAt,
                                                      Instant now) {
        return config.activeProgram(tx, store).flatMap(program -> customers.lock(tx, store, customer)
                .flatMap(held -> tags.save(tx, store, customer, tagSet, occurredAt, activityId, now).flatMap(saved -> {
                    if (!saved || program == null) {
                        return Uni.createFrom().item(tagsResponse(store, customer, held, program, now, List.of()));
                    }
                    Transition t = TagTierRules.applyTags(CustomerTierState.under(held, store, customer, program, now),
                            program, tagSet, activityId, occurredAt, now, ids::newId);
                    Uni<Void> recorded = t.changed() ? record(tx, t, program, now) : Uni.createFrom().voidItem();
                    return recorded.replaceWith(tagsResponse(store, customer, t.state(), program, now, t.changes()));
                })));
    }

    private static RecordCustomerTagsResponse tagsResponse(String store, String customer, CustomerTierState state,
                                                           TierProgram program, Instant now,
                                                           List<io.laurel.tier.domain.TierChange> changes) {
        RecordCustomerTagsResponse.Builder response = RecordCustomerTagsResponse.newBuilder()
                .setCustomerTier(tier(store, customer, state, program, now));
        changes.forEach(c -> response.addChanges(CustomerTierMapping.toProto(c)));
        return response.build();
    }

    /** The held state and the active program after recording what time alone changed (an assignment's end). */
    private Uni<Settled> settled(String store, String customer, Instant now) {
        return config.activeProgram(pool, store).flatMap(program -> customers.find(pool, store, customer)
                .flatMap(state -> {
                    if (state == null || state.manual() == null || state.manual().inForceAt(now)) {
                        return Uni.createFrom().item(new Settled(state, program));
                    }
                    // noticed: record the end in history (and tell the other services) before answering
                    return pool.withTransaction(tx -> customers.lock(tx, store, customer).flatMap(locked -> {
                        Transition t = ManualTierRules.settle(locked, now, ids::newId);
                        return t.changed() ? record(tx, t, program, now).replaceWith(new Settled(t.state(), program))
                                : Uni.createFrom().item(new Settled(locked, program));
                    }));
                }));
    }

    /** Writes the new state, its history entries and their messages to other services, in {@code tx}. */
    private Uni<Void> record(SqlConnection tx, Transition t, TierProgram program, Instant now) {
        return customers.save(tx, t.state(), now)
                .chain(() -> history.append(tx, t.changes()))
                .chain(() -> outbox.announce(tx, t.changes(), program));
    }

    /** {@link #record}s the transition, then shows the customer's tier as it now stands. */
    private Uni<CustomerTier> recordAndShow(SqlConnection tx, String store, String customer, Transition t,
                                            TierProgram program, Instant now) {
        return record(tx, t, program, now).map(x -> tier(store, customer, t.state(), program, now));
    }

    private static CustomerTier tier(String store, String customer, CustomerTierState state, TierProgram program,
                                     Instant now) {
        return CustomerTierMapping.toProto(CustomerTierView.of(store, customer, state, program, now));
    }

    private record Settled(CustomerTierState state, TierProgram program) {
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
