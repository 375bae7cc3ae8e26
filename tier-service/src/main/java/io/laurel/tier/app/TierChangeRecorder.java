package io.laurel.tier.app;

import io.laurel.platform.id.IdGenerator;
import io.laurel.platform.outbox.OutboxMessage;
import io.laurel.tier.domain.ActivityRules;
import io.laurel.tier.domain.CustomerTierState;
import io.laurel.tier.domain.TierChange;
import io.laurel.tier.domain.TierChangeCause;
import io.laurel.tier.domain.TierProgram;
import io.laurel.tier.domain.Transition;
import io.laurel.tier.store.CustomerTierRepository;
import io.laurel.tier.store.TierChangeOutbox;
import io.laurel.tier.store.TierChangeRepository;
import io.laurel.tier.store.TierEntryRepository;
import io.laurel.tier.store.TierSetup;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes what the rules decided, in the caller's transaction: the customer's new state, its history
 * entries, the messages other services must get (R-TIER-6, "Events between services") and the
 * entry rewards of tiers entered for the first time (R-TIER-2).
 */
@ApplicationScoped
public class TierChangeRecorder {

    private final CustomerTierRepository customers;
    private final TierChangeRepository history;
    private final TierChangeOutbox outbox;
    private final TierEntryRepository entries;
    private final IdGenerator ids;

    public TierChangeRecorder(CustomerTierRepository customers, TierChangeRepository history, TierChangeOutbox outbox,
                              TierEntryRepository entries, IdGenerator ids) {
        this.customers = customers;
        this.history = history;
        this.outbox = outbox;
        this.entries = entries;
        this.ids = ids;
    }

    /** Saves {@code t}'s state, appends its changes and announces those that move the effective tier. */
    public Uni<Void> record(SqlConnection tx, Transition t, TierProgram program, Instant now) {
        return customers.save(tx, t.state(), now)
                .chain(() -> history.append(tx, t.changes()))
                .chain(() -> outbox.announce(tx, t.changes(), program));
    }

    /** The same for many customers, in three statements (the period-end job). */
    public Uni<Void> recordAll(SqlConnection tx, List<CustomerTierState> states, List<TierChange> changes,
                               TierProgram program, Instant now) {
        return customers.saveAll(tx, states, now)
                .chain(() -> history.append(tx, changes))
                .chain(() -> outbox.announce(tx, changes, program));
    }

    /**
     * {@link #recordAll}s the outcomes of activity for many customers (one each, under the setup's
     * program) after noting the tiers each entered: those entered for the first time get their entry
     * reward and are listed on the upgrade. Four statements whatever the number of customers.
     */
    public Uni<List<Transition>> recordAllWithEntries(SqlConnection tx, TierSetup setup,
                                                      List<ActivityRules.Applied> applied, Instant now) {
        if (applied.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        Map<String, List<String>> reached = new LinkedHashMap<>();
        applied.forEach(a -> reached.put(a.transition().state().customerId(), a.tiersReached()));
        CustomerTierState any = applied.getFirst().transition().state();
        return entries.enterAll(tx, any.storeId(), any.tierProgramId(), reached, now).flatMap(first -> {
            List<Transition> recorded = new ArrayList<>();
            List<CustomerTierState> states = new ArrayList<>();
            List<TierChange> changes = new ArrayList<>();
            List<OutboxMessage> rewards = new ArrayList<>();
            for (ActivityRules.Applied a : applied) {
                CustomerTierState state = a.transition().state();
                List<String> rewarded = first.get(state.customerId()).stream()
                        .filter(t -> setup.entryRewardTier(t).isPresent()).toList();
                Transition t = withRewarded(a.transition(), rewarded);
                TierChange cause = upgradeOf(t);
                rewards.addAll(TierChangeOutbox.entryRewards(setup, cause != null ? cause : entryWithoutChange(state, now),
                        rewarded));
                states.add(t.state());
                changes.addAll(t.changes());
                recorded.add(t);
            }
            List<OutboxMessage> messages = new ArrayList<>(TierChangeOutbox.announcements(changes, setup.program()));
            messages.addAll(rewards);
            return customers.saveAll(tx, states, now)
                    .chain(() -> history.append(tx, changes))
                    .chain(() -> outbox.enqueueAll(tx, messages))
                    .replaceWith(recorded);
        });
    }

    private static Transition withRewarded(Transition t, List<String> rewarded) {
        TierChange upgrade = upgradeOf(t);
        if (upgrade == null || rewarded.isEmpty()) {
            return t;
        }
        List<TierChange> changes = new ArrayList<>();
        for (TierChange c : t.changes()) {
            changes.add(c == upgrade ? c.withEntryRewarded(rewarded) : c);
        }
        return new Transition(t.state(), changes);
    }

    private static TierChange upgradeOf(Transition t) {
        TierChange found = null;
        for (TierChange c : t.changes()) {
            if (c.cause() == TierChangeCause.UPGRADE || c.cause() == TierChangeCause.THRESHOLD_CHANGE) {
                found = c;
            }
        }
        return found;
    }

    /** A tier entered and left again within what was just replayed: the reward still has a time and a key. */
    private TierChange entryWithoutChange(CustomerTierState state, Instant now) {
        return new TierChange(ids.newId(), state.storeId(), state.customerId(), state.tierProgramId(),
                state.computedTierId(), state.computedTierId(), TierChangeCause.UPGRADE, true, now, now,
                state.qualifyingValue(), null, null, List.of(), TierChange.SYSTEM_ACTOR, "");
    }
}
