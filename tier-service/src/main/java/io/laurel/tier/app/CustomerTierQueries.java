package io.laurel.tier.app;

import io.laurel.platform.error.NotFoundException;
import io.laurel.tier.domain.CustomerTierState;
import io.laurel.tier.domain.CustomerTierView;
import io.laurel.tier.domain.PeriodEndRules;
import io.laurel.tier.domain.TierSource;
import io.laurel.tier.store.CustomerTierRepository;
import io.laurel.tier.store.TierChangeRepository;
import io.laurel.tier.store.TierConfigRepository;
import io.laurel.tier.store.TierSetup;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * Reads of customers' tiers. They write nothing: what time has changed and the background job has
 * not booked yet (a period end, an assignment's end) is computed into the answer, never recorded.
 */
@ApplicationScoped
public class CustomerTierQueries {

    private final Pool pool;
    private final TierConfigRepository config;
    private final CustomerTierRepository customers;
    private final TierChangeRepository history;

    public CustomerTierQueries(Pool pool, TierConfigRepository config, CustomerTierRepository customers,
                               TierChangeRepository history) {
        this.pool = pool;
        this.config = config;
        this.customers = customers;
        this.history = history;
    }

    /** The customer's tier as it stands at {@code now}. */
    public Uni<CustomerTierView> tier(String storeId, String customerId, Instant now) {
        return config.setup(pool, storeId).flatMap(setup -> customers.find(pool, storeId, customerId)
                .map(held -> view(setup, storeId, customerId, held, now)));
    }

    /** A page of the customer's history, newest first, after the given position (null = first page). */
    public Uni<List<TierChangeRepository.Recorded>> history(String storeId, String customerId, Instant afterEffective,
                                                            long afterSeq, int limit) {
        return history.page(pool, storeId, customerId, afterEffective, afterSeq, limit);
    }

    /** Members of the active program (of {@code tierId} when given), by customer id; NOT_FOUND for a tier it lacks. */
    public Uni<List<CustomerTierView>> members(String storeId, String tierId, Set<TierSource> sources,
                                               String afterCustomerId, int limit, Instant now) {
        return config.setup(pool, storeId).flatMap(setup -> {
            if (tierId != null && (!setup.hasProgram() || setup.program().tier(tierId).isEmpty())) {
                throw new NotFoundException("tier", tierId);
            }
            if (!setup.hasProgram()) {
                return Uni.createFrom().item(List.<CustomerTierView>of());
            }
            return customers.members(pool, storeId, setup.program().tierProgramId(), now, afterCustomerId, tierId,
                            sources, limit)
                    .map(found -> found.stream().map(s -> view(setup, storeId, s.customerId(), s, now)).toList());
        });
    }

    static CustomerTierView view(TierSetup setup, String storeId, String customerId, CustomerTierState held,
                                 Instant now) {
        if (!setup.hasProgram()) {
            return CustomerTierView.of(storeId, customerId, held, null, now);
        }
        CustomerTierState state = CustomerTierState.under(held, storeId, customerId, setup.program(), null);
        CustomerTierState settled = PeriodEndRules.settle(state, setup.program(), setup.zone(), now, () -> "unbooked")
                .state();
        return CustomerTierView.of(storeId, customerId, settled, setup.program(), now);
    }
}
