package io.laurel.tier.app;

import io.laurel.platform.error.FieldViolation;
import io.laurel.platform.error.InvalidArgumentException;
import io.laurel.platform.error.ItemErrors;
import io.laurel.platform.id.IdGenerator;
import io.laurel.platform.idempotency.BusinessKey;
import io.laurel.platform.idempotency.Idempotency;
import io.laurel.platform.store.Rounds;
import io.laurel.proto.tier.v1.RecordCustomerTagsRequest;
import io.laurel.proto.tier.v1.RecordCustomerTagsResponse;
import io.laurel.proto.tier.v1.RecordQualifyingActivityRequest;
import io.laurel.proto.tier.v1.RecordQualifyingActivityResponse;
import io.laurel.tier.domain.ActivityRules;
import io.laurel.tier.domain.CustomerTierState;
import io.laurel.tier.domain.PeriodEndRules;
import io.laurel.tier.domain.QualifyingActivity;
import io.laurel.tier.domain.TagTierRules;
import io.laurel.tier.domain.TierChange;
import io.laurel.tier.domain.TierTimeline;
import io.laurel.tier.domain.Transition;
import io.laurel.tier.mapping.CustomerTierMapping;
import io.laurel.tier.store.CustomerTagsRepository;
import io.laurel.tier.store.CustomerTierRepository;
import io.laurel.tier.store.QualifyingActivityRepository;
import io.laurel.tier.store.TierChangeRepository;
import io.laurel.tier.store.TierConfigRepository;
import io.laurel.tier.store.TierSetup;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What Laurel's other services report about a customer: qualifying activity (points, amounts, their
 * reversals) and tag sets. Each is idempotent on the sender's activity id (platform's
 * {@link Idempotency#onceWithKey}) as well as on request_id; each is kept, then applied under the
 * customer's lock, and what it changes is recorded and sent on in the same transaction.
 */
@ApplicationScoped
public class QualifyingActivities {

    static final String ACTIVITY_SCOPE = "tier.qualifying_activity";
    static final String TAGS_SCOPE = "tier.customer_tags";
    static final String REUSED = "ACTIVITY_ALREADY_RECORDED";

    private final Pool pool;
    private final Idempotency idempotency;
    private final TierConfigRepository config;
    private final CustomerTierRepository customers;
    private final QualifyingActivityRepository activities;
    private final CustomerTagsRepository tags;
    private final TierChangeRepository history;
    private final TierChangeRecorder recorder;
    private final ArchivedPrograms archived;
    private final IdGenerator ids;

    public QualifyingActivities(Pool pool, Idempotency idempotency, TierConfigRepository config, CustomerTierRepository customers,
                                QualifyingActivityRepository activities, CustomerTagsRepository tags,
                                TierChangeRepository history, TierChangeRecorder recorder, ArchivedPrograms archived,
                                IdGenerator ids) {
        this.pool = pool;
        this.idempotency = idempotency;
        this.config = config;
        this.customers = customers;
        this.activities = activities;
        this.tags = tags;
        this.history = history;
        this.recorder = recorder;
        this.archived = archived;
        this.ids = ids;
    }

    /**
     * One activity to record: its request (shape already checked), the activity it describes, the
     * currency of its amount (null without amount), and the path naming it in errors ({@code ""}
     * alone, {@code activities[3]} in a batch).
     */
    public record Input(String path, RecordQualifyingActivityRequest request, QualifyingActivity activity,
                        String currencyCode) {
    }

    /** Records one activity and applies it: {@link #recordAll} of one. */
    public Uni<RecordQualifyingActivityResponse> record(Input input, Instant now) {
        return recordAll(input.request().getStoreId(), List.of(input), now).map(List::getFirst);
    }

    /**
     * Records the activities of one store and applies them, in one transaction, each answered as if it
     * had come alone: idempotent on its request id and activity id (a replay answers what the first
     * call did), kept, and applied under its customer's lock; what they change is recorded and sent on
     * in the same transaction. All customers are locked first (in id order, so two batches cannot
     * deadlock); then the activities go in rounds that each take at most one activity per customer,
     * request id and activity id, in request order — a round costs about ten statements whatever its
     * size. One activity refused (its currency, a reused id) refuses the whole batch, naming it.
     */
    public Uni<List<RecordQualifyingActivityResponse>> recordAll(String store, List<Input> inputs, Instant now) {
        List<String> customerIds = inputs.stream().map(in -> in.request().getCustomerId()).distinct().toList();
        List<List<Integer>> rounds = Rounds.of(inputs.size(), i -> {
            RecordQualifyingActivityRequest r = inputs.get(i).request();
            return List.of("customer " + r.getCustomerId(), "request " + r.getRequestId(), "activity " + r.getActivityId());
        });
        return pool.withTransaction(tx -> Uni.combine().all()
                .unis(config.setup(tx, store), customers.lockAll(tx, store, customerIds)).asTuple()
                .flatMap(read -> {
                    Map<String, CustomerTierState> held = new HashMap<>();
                    read.getItem2().forEach(state -> held.put(state.customerId(), state));
                    List<RecordQualifyingActivityResponse> answers = new ArrayList<>(
                            Collections.nCopies(inputs.size(), null));
                    Uni<Void> chain = Uni.createFrom().voidItem();
                    for (List<Integer> round : rounds) {
                        chain = chain.chain(() -> round(tx, read.getItem1(), store, inputs, round, held, now)
                                .invoke(done -> {
                                    for (int k = 0; k < round.size(); k++) {
                                        answers.set(round.get(k), done.get(k));
                                    }
                                })
                                .replaceWithVoid());
                    }
                    return chain.replaceWith(answers);
                }));
    }

    /** One round: its activities claimed, the new ones kept and applied, every one answered. */
    private Uni<List<RecordQualifyingActivityResponse>> round(SqlConnection tx, TierSetup setup, String store,
                                                              List<Input> inputs, List<Integer> round,
                                                              Map<String, CustomerTierState> held, Instant now) {
        List<Idempotency.KeyedCall> calls = new ArrayList<>();
        for (int i : round) {
            Input in = inputs.get(i);
            RecordQualifyingActivityRequest request = in.request();
            calls.add(new Idempotency.KeyedCall(in.path(), store, request.getRequestId(), request,
                    new BusinessKey(store, ACTIVITY_SCOPE, in.activity().activityId(), REUSED),
                    request.toBuilder().clearRequestId().build()));
        }
        return idempotency.onceWithKeyAll(tx, calls, RecordQualifyingActivityResponse.parser(), todo -> {
            List<Input> toDo = todo.stream().map(k -> inputs.get(round.get(k))).toList();
            toDo.forEach(in -> checkCurrency(setup, in));
            return apply(tx, setup, store, toDo, held, now);
        });
    }

    /** Keeps {@code toDo}'s activities (one per customer) and applies each to its customer's held state. */
    private Uni<List<RecordQualifyingActivityResponse>> apply(SqlConnection tx, TierSetup setup, String store,
                                                              List<Input> toDo, Map<String, CustomerTierState> held,
                                                              Instant now) {
        List<QualifyingActivityRepository.OfCustomer> kept = toDo.stream()
                .map(in -> new QualifyingActivityRepository.OfCustomer(in.request().getCustomerId(), in.activity()))
                .toList();
        if (!setup.hasProgram()) {
            return activities.insertAndListAll(tx, store, kept, now).map(ignored -> toDo.stream()
                    .map(in -> activityResponse(setup, store, in.request().getCustomerId(),
                            held.get(in.request().getCustomerId()), now, List.of()))
                    .toList());
        }
        Map<String, Instant> from = new LinkedHashMap<>();
        toDo.forEach(in -> from.put(in.request().getCustomerId(), in.activity().occurredAt()));
        // pipelined, one round trip
        return Uni.combine().all().unis(activities.insertAndListAll(tx, store, kept, now),
                        history.announcedAroundAll(tx, store, from))
                .asTuple()
                .flatMap(read -> {
                    List<ActivityRules.Applied> applied = new ArrayList<>();
                    Uni<Void> chain = Uni.createFrom().voidItem();
                    for (Input in : toDo) {
                        String customer = in.request().getCustomerId();
                        Instant occurredAt = in.activity().occurredAt();
                        chain = chain.chain(() -> archived.under(tx, held.get(customer), store, customer,
                                setup.program(), now).invoke(left -> {
                                    List<TierChange> told = new ArrayList<>(read.getItem2().get(customer));
                                    told.addAll(left.changes());
                                    ActivityRules.Applied a = ActivityRules.apply(left.state(), setup.program(),
                                            setup.zone(), read.getItem1().getOrDefault(customer, List.of()),
                                            new TierTimeline.Announced(occurredAt, told), now, ids::newId);
                                    applied.add(new ActivityRules.Applied(a.transition().after(left.changes()),
                                            a.tiersReached()));
                                }).replaceWithVoid());
                    }
                    return chain.chain(() -> recorder.recordAllWithEntries(tx, setup, applied, now));
                })
                .map(recorded -> {
                    List<RecordQualifyingActivityResponse> answers = new ArrayList<>();
                    for (Transition t : recorded) {
                        held.put(t.state().customerId(), t.state());
                        answers.add(activityResponse(setup, store, t.state().customerId(), t.state(), now, t.changes()));
                    }
                    return answers;
                });
    }

    private static RecordQualifyingActivityResponse activityResponse(TierSetup setup, String store, String customer,
                                                             CustomerTierState state, Instant now,
                                                             List<TierChange> changes) {
        RecordQualifyingActivityResponse.Builder response = RecordQualifyingActivityResponse.newBuilder()
        .setCustomerTier(CustomerTierMapping.toProto(CustomerTierQueries.view(setup, store, customer, state, now)));
        changes.forEach(c -> response.addChanges(CustomerTierMapping.toProto(c)));
        return response.build();
    }

    /** An amount must be in the store's currency, once tier-service knows it. */
    private static void checkCurrency(TierSetup setup, Input in) {
        String currencyCode = in.currencyCode();
        if (currencyCode != null && setup.currencyCode() != null && !setup.currencyCode().equals(currencyCode)) {
            throw ItemErrors.inItem(new InvalidArgumentException("CURRENCY_MISMATCH", List.of(new FieldViolation(
                    "amount.currency_code", "must be the store currency, " + setup.currencyCode()))), in.path());
        }
    }

    /** Records the tag set unless a newer one is held and, under a CUSTOMER_TAG program, moves the tier. */
    public Uni<RecordCustomerTagsResponse> recordTags(RecordCustomerTagsRequest request, Set<String> tagSet,
                                                      Instant occurredAt, Instant now) {
        String store = request.getStoreId();
        String customer = request.getCustomerId();
        String activityId = request.getActivityId();
        BusinessKey key = new BusinessKey(store, TAGS_SCOPE, activityId, REUSED);
        return idempotency.onceWithKey(store, request.getRequestId(), request, key,
                request.toBuilder().clearRequestId().build(), RecordCustomerTagsResponse.parser(),
                t -> config.setup(t, store).flatMap(setup -> customers.lock(t, store, customer)
                        .flatMap(held -> tags.save(t, store, customer, tagSet, occurredAt, activityId, now)
                                .flatMap(saved -> applyTags(t, setup, store, customer, held, saved, tagSet,
                                        activityId, occurredAt, now)))));
    }

    private Uni<RecordCustomerTagsResponse> applyTags(SqlConnection tx, TierSetup setup, String store, String customer,
                                                      CustomerTierState held, boolean saved, Set<String> tagSet,
                                                      String activityId, Instant occurredAt, Instant now) {
        if (!saved || !setup.hasProgram()) {
            return Uni.createFrom().item(tagsResponse(setup, store, customer, held, now, List.of()));
        }
        return archived.under(tx, held, store, customer, setup.program(), now).flatMap(left -> {
            Transition settled = PeriodEndRules.settle(left.state(), setup.program(), setup.zone(), now, ids::newId);
            Transition tagged = TagTierRules.applyTags(settled.state(), setup.program(), tagSet, activityId,
                    occurredAt, now, ids::newId);
            Transition t = tagged.after(settled.changes()).after(left.changes());
            Uni<Void> recorded = t.changed() ? recorder.record(tx, t, setup.program(), now)
                    : Uni.createFrom().voidItem();
            return recorded.replaceWith(() -> tagsResponse(setup, store, customer, t.state(), now, t.changes()));
        });
    }

    private static RecordCustomerTagsResponse tagsResponse(TierSetup setup, String store, String customer,
                                                           CustomerTierState state, Instant now,
                                                           List<TierChange> changes) {
        RecordCustomerTagsResponse.Builder response = RecordCustomerTagsResponse.newBuilder()
                .setCustomerTier(CustomerTierMapping.toProto(CustomerTierQueries.view(setup, store, customer, state, now)));
        changes.forEach(c -> response.addChanges(CustomerTierMapping.toProto(c)));
        return response.build();
    }
}
