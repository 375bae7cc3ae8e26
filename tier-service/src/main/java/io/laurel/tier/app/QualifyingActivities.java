package io.laurel.tier.app;

import io.laurel.platform.error.FieldViolation;
import io.laurel.platform.error.InvalidArgumentException;
import io.laurel.platform.id.IdGenerator;
import io.laurel.platform.idempotency.BusinessKey;
import io.laurel.platform.idempotency.Idempotency;
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
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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

    private final Idempotency idempotency;
    private final TierConfigRepository config;
    private final CustomerTierRepository customers;
    private final QualifyingActivityRepository activities;
    private final CustomerTagsRepository tags;
    private final TierChangeRepository history;
    private final TierChangeRecorder recorder;
    private final ArchivedPrograms archived;
    private final IdGenerator ids;

    public QualifyingActivities(Idempotency idempotency, TierConfigRepository config, CustomerTierRepository customers,
                                QualifyingActivityRepository activities, CustomerTagsRepository tags,
                                TierChangeRepository history, TierChangeRecorder recorder, ArchivedPrograms archived,
                                IdGenerator ids) {
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
     * Records {@code activity} (shape already checked; {@code currencyCode} that of its amount, null
     * without amount) and applies it.
     */
    public Uni<RecordQualifyingActivityResponse> record(RecordQualifyingActivityRequest request,
                                                        QualifyingActivity activity, String currencyCode, Instant now) {
        String store = request.getStoreId();
        String customer = request.getCustomerId();
        BusinessKey key = new BusinessKey(store, ACTIVITY_SCOPE, activity.activityId(), REUSED);
        return idempotency.onceWithKey(store, request.getRequestId(), request, key,
                request.toBuilder().clearRequestId().build(), RecordQualifyingActivityResponse.parser(),
                // settings, the customer's lock, the activity with its window and what was announced
                // from its time on: pipelined, one round trip (Postgres runs them in order: the insert
                // and the listings happen under the lock; a currency refused after them rolls
                // everything back)
                t -> Uni.combine().all().unis(config.setup(t, store),
                                customers.lock(t, store, customer).map(Optional::ofNullable),
                                activities.insertAndList(t, store, customer, activity, now),
                                history.announcedAround(t, store, customer, activity.occurredAt()))
                        .asTuple()
                        .flatMap(read -> {
                            checkCurrency(read.getItem1(), currencyCode);
                            return apply(t, read.getItem1(), store, customer, read.getItem2().orElse(null),
                                    read.getItem3(), activity.occurredAt(), read.getItem4(), now);
                        }));
    }

    private Uni<RecordQualifyingActivityResponse> apply(SqlConnection tx, TierSetup setup, String store,
                                                String customer, CustomerTierState held,
                                                List<QualifyingActivity> all, Instant occurredAt,
                                                List<TierChange> announced, Instant now) {
        if (!setup.hasProgram()) {
            return Uni.createFrom().item(activityResponse(setup, store, customer, held, now, List.of()));
        }
        return archived.under(tx, held, store, customer, setup.program(), now).flatMap(left -> {
            List<TierChange> told = new ArrayList<>(announced);
            told.addAll(left.changes());
            ActivityRules.Applied applied = ActivityRules.apply(left.state(), setup.program(), setup.zone(), all,
            new TierTimeline.Announced(occurredAt, told), now, ids::newId);
            return recorder.recordWithEntries(tx, setup, new ActivityRules.Applied(
                    applied.transition().after(left.changes()), applied.tiersReached()), now)
            .map(t -> activityResponse(setup, store, customer, t.state(), now, t.changes()));
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
    private static void checkCurrency(TierSetup setup, String currencyCode) {
        if (currencyCode != null && setup.currencyCode() != null && !setup.currencyCode().equals(currencyCode)) {
            throw new InvalidArgumentException("CURRENCY_MISMATCH", List.of(new FieldViolation("amount.currency_code",
            "must be the store currency, " + setup.currencyCode())));
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
