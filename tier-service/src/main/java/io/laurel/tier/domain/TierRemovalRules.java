package io.laurel.tier.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * A tier removed from the program (L-TIER-3): its members move at once to the highest remaining
 * tier below it, or to no tier (TIER_REMOVED). A manual assignment to a removed tier ends: the
 * computed tier applies, moved in turn if it was removed too. Nothing is paid for the tier moved
 * to (it is no upgrade). Like what time changes, reads compute it and every write books it first;
 * the program-change pass books it for everyone.
 */
public final class TierRemovalRules {

    static final String REMOVED_REASON = "the tier was removed from the tier program";

    private TierRemovalRules() {
    }

    /**
     * When the customer's removed tiers stop applying: when their removal took effect (the version's
     * update time), but never before the customer got the tier (a copy that learnt of the version
     * late) nor after {@code now}; null when the customer holds no removed tier.
     */
    public static Instant removalTime(CustomerTierState state, TierProgram program, Instant now) {
        Instant at = null;
        if (program.isRemoved(state.computedTierId())) {
            at = latest(program.removedTime(state.computedTierId()), state.computedSince());
        }
        ManualAssignment manual = state.manual();
        if (manual != null && program.isRemoved(manual.tierId())) {
            at = latest(latest(at, program.removedTime(manual.tierId())), manual.startTime());
        }
        return at == null || at.isBefore(now) ? at : now;
    }

    /** Moves the customer out of every removed tier at {@code at} (see {@link #removalTime}). */
    public static Transition apply(CustomerTierState state, TierProgram program, Instant at, Instant now,
                                   Supplier<String> ids) {
        List<TierChange> changes = new ArrayList<>();
        CustomerTierState current = state;
        String computed = current.computedTierId();
        if (program.isRemoved(computed)) {
            String to = program.tierBelowRemoved(computed);
            // an assignment made after the removal took effect (under a copy that learnt of it late) came later
            boolean overridden = current.manual() != null && !current.manual().startTime().isAfter(at);
            Instant since = to == null ? null : at;
            current = current.withComputed(to, since, current.qualifyingValue(), current.periodStartTime(),
                    current.periodEndTime(), current.manual() != null ? current.tierSince() : since);
            changes.add(change(ids, current, computed, to, overridden, at, now));
        }
        ManualAssignment manual = current.manual();
        if (manual != null && program.isRemoved(manual.tierId())) {
            String to = current.computedTierId();
            current = current.withManual(null, to == null ? null : at);
            changes.add(change(ids, current, manual.tierId(), to, false, at, now));
        }
        return new Transition(current, changes);
    }

    private static TierChange change(Supplier<String> ids, CustomerTierState state, String from, String to,
                                     boolean overridden, Instant at, Instant now) {
        return new TierChange(ids.get(), state.storeId(), state.customerId(), state.tierProgramId(), from, to,
                TierChangeCause.TIER_REMOVED, overridden, at, now, state.qualifyingValue(), null, null, List.of(),
                TierChange.SYSTEM_ACTOR, REMOVED_REASON);
    }

    static Instant latest(Instant a, Instant b) {
        if (a == null) {
            return b;
        }
        return b == null || a.isAfter(b) ? a : b;
    }
}
