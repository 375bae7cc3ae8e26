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
 * zero; a manual assignment past its end time stops applying. The background job books these; reads
 * compute them without writing; every write for a customer books them first.
 */
public final class PeriodEndRules {

    private PeriodEndRules() {
    }

    /** {@code state} with every period end and assignment end up to {@code now} applied, and the changes they make. */
    public static Transition settle(CustomerTierState state, TierProgram program, ZoneId zone, Instant now,
                                    Supplier<String> ids) {
        List<TierChange> changes = new ArrayList<>();
        CustomerTierState current = state;
        if (!TierWindows.hasPeriods(program.window()) && current.periodEndTime() != null) {
            // the program no longer has periods (a new version changed its window): none to end
            current = current.withComputed(current.computedTierId(), current.computedSince(),
                    current.qualifyingValue(), null, null, current.tierSince());
        }
        while (program.isThresholdBased() && TierWindows.hasPeriods(program.window())
                && current.periodEndTime() != null && !current.periodEndTime().isAfter(now)) {
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
        Transition manual = ManualTierRules.settle(current, now, ids);
        changes.addAll(manual.changes());
        return new Transition(manual.state(), changes);
    }
}
