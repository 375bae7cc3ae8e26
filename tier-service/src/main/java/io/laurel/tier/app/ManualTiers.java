package io.laurel.tier.app;

import io.laurel.platform.common.Actor;
import io.laurel.platform.error.FailedPreconditionException;
import io.laurel.platform.id.IdGenerator;
import io.laurel.platform.idempotency.Idempotency;
import io.laurel.proto.tier.v1.AssignTierRequest;
import io.laurel.proto.tier.v1.AssignTierResponse;
import io.laurel.proto.tier.v1.RemoveManualTierRequest;
import io.laurel.proto.tier.v1.RemoveManualTierResponse;
import io.laurel.tier.domain.CustomerTierState;
import io.laurel.tier.domain.ManualTierRules;
import io.laurel.tier.domain.PeriodEndRules;
import io.laurel.tier.domain.Transition;
import io.laurel.tier.mapping.CustomerTierMapping;
import io.laurel.tier.store.CustomerTierRepository;
import io.laurel.tier.store.TierConfigRepository;
import io.laurel.tier.store.TierSetup;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.function.Function;

/** Manual tier assignment and removal (R-TIER-6, L-TIER-4), idempotent on request_id. */
@ApplicationScoped
public class ManualTiers {

    private final Idempotency idempotency;
    private final TierConfigRepository config;
    private final CustomerTierRepository customers;
    private final TierChangeRecorder recorder;
    private final ArchivedPrograms archived;
    private final IdGenerator ids;

    public ManualTiers(Idempotency idempotency, TierConfigRepository config, CustomerTierRepository customers,
                       TierChangeRecorder recorder, ArchivedPrograms archived, IdGenerator ids) {
        this.idempotency = idempotency;
        this.config = config;
        this.customers = customers;
        this.recorder = recorder;
        this.archived = archived;
        this.ids = ids;
    }

    /** Assigns the request's tier by hand, until {@code endTime} (null = until removed). */
    public Uni<AssignTierResponse> assign(AssignTierRequest request, Actor actor, Instant endTime, Instant now) {
        String store = request.getStoreId();
        String customer = request.getCustomerId();
        return idempotency.once(store, request.getRequestId(), request, AssignTierResponse.parser(),
                tx -> config.setup(tx, store).flatMap(setup -> {
                    if (!setup.hasProgram()) {
                        throw new FailedPreconditionException("NO_ACTIVE_TIER_PROGRAM",
                                "the store has no active tier program to assign a tier of");
                    }
                    return change(tx, setup, store, customer, now, state -> ManualTierRules.assign(state,
                            setup.program(), request.getTierId(), request.getReason(), actor, endTime, now, ids::newId));
                }).map(view -> AssignTierResponse.newBuilder().setCustomerTier(CustomerTierMapping.toProto(view)).build()));
    }

    /** Removes the manual assignment; the computed tier applies again at once. */
    public Uni<RemoveManualTierResponse> remove(RemoveManualTierRequest request, Actor actor, Instant now) {
        String store = request.getStoreId();
        String customer = request.getCustomerId();
        return idempotency.once(store, request.getRequestId(), request, RemoveManualTierResponse.parser(),
                tx -> config.setup(tx, store).flatMap(setup -> {
                    if (!setup.hasProgram()) {
                        throw ManualTierRules.noManualAssignment(customer);
                    }
                    return change(tx, setup, store, customer, now, state -> ManualTierRules.remove(state,
                            request.getReason(), actor, now, ids::newId));
                }).map(view -> RemoveManualTierResponse.newBuilder()
                        .setCustomerTier(CustomerTierMapping.toProto(view)).build()));
    }

    /** Locks the customer, books what time changed, applies {@code rule} and records both. */
    private Uni<io.laurel.tier.domain.CustomerTierView> change(SqlConnection tx, TierSetup setup, String store,
                                                              String customer, Instant now,
                                                              Function<CustomerTierState, Transition> rule) {
        return customers.lock(tx, store, customer)
                .flatMap(held -> archived.under(tx, held, store, customer, setup.program(), now))
                .flatMap(left -> {
                    Transition settled = PeriodEndRules.settle(left.state(), setup.program(), setup.zone(), now,
                            ids::newId);
                    Transition t = rule.apply(settled.state()).after(settled.changes()).after(left.changes());
                    return recorder.record(tx, t, setup.program(), now)
                            .map(x -> CustomerTierQueries.view(setup, store, customer, t.state(), now));
                });
    }
}
