package io.laurel.tier.domain;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * What time alone changes (R-TIER-3, R-TIER-4, L-TIER-4): at each window period end the customer
 * moves to the tier the ended period's value supports and a new period starts with the counter at
 * zero; a manual assignment past its end time stops applying. So does a tier the program no longer
 * has (L-TIER-3, {@link TierRemovalRules}). The background jobs book these; reads compute them
 * without writing; every write for a customer books them first.
 */
public final class PeriodEndRules {

    private PeriodEndRules() {
    }

    /**
     * {@code state} with every period end and assignment end up to {@code now} applied, and the
     * changes they make; a tier the program no longer has is left at its removal's time (L-TIER-3),
     * after what ended before it and before what ends after it.
     */
    public static Transition settle(CustomerTierState state, TierProgram program, ZoneId zone, Instant now,
                                    Supplier<String> ids) {
        List<TierChange> changes = new ArrayList<>();
        CustomerTierState current = state;
        if (!TierWindows.hasPeriods(program.window()) && current.periodEndTime() != null) {
            // the program no longer has periods (a new version changed its window): none to end
            current = current.withComputed(current.computedTierId(), current.computedSince(),
                    current.qualifyingValue(), null, null, current.tierSince());
        }
        Instant removal = TierRemovalRules.removalTime(current, program, now);
        if (removal != null) {
            current = endPeriods(current, program, zone, removal, now, ids, changes);
            current = collect(ManualTierRules.settle(current, removal, now, ids), changes);
            current = collect(TierRemovalRules.apply(current, program, removal, now, ids), changes);
        }
        current = endPeriods(current, program, zone, now, now, ids, changes);
        current = collect(ManualTierRules.settle(current, now, ids), changes);
        return new Transition(current, changes);
    }

    /** Books every period end up to {@code until} into {@code changes}; returns the state after them. */
    private static CustomerTierState endPeriods(CustomerTierState state, TierProgram program, ZoneId zone,
                                                Instant until, Instant now, Supplier<String> ids,
                                                List<TierChange> changes) {
        CustomerTierState current = state;
        while (program.isThresholdBased() && TierWindows.hasPeriods(program.window())
                && current.periodEndTime() != null && !current.periodEndTime().isAfter(until)) {
            Instant end = current.periodEndTime();
            String supported = program.tierFor(current.qualifyingValue());
            String before = current.computedTierId();
            boolean overridden = current.manual() != null && current.manual().inForceAt(end);
            boolean moved = !Objects.equals(supported, before);
            Instant since = moved ? (supported == null ? null : end) : current.computedSince();
            Instant tierSince = moved && !overridden ? (supported == null ? null : end) : current.tierSince();
            current = current.withComputed(supported, since, 0, end,
                    TierWindows.periodEnd(program.window(), zone, end), tierSince);
            if (moved) {
                changes.add(new TierChange(ids.get(), current.storeId(), current.customerId(),
                        current.tierProgramId(), before, supported, TierChangeCause.DOWNGRADE_WINDOW_END, overridden,
                        end, now, 0, null, null, List.of(), TierChange.SYSTEM_ACTOR, ""));
            }
        }
        return current;
    }

    private static CustomerTierState collect(Transition t, List<TierChange> changes) {
        changes.addAll(t.changes());
        return t.state();
    }
}
