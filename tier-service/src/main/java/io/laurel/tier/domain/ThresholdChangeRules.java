package io.laurel.tier.domain;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * A new program version (R-TIER-7): a customer whose current value now reaches a higher tier is
 * upgraded at once (THRESHOLD_CHANGE, skipped tiers entered too); nobody is downgraded mid-period —
 * a raised threshold only matters at the next period end.
 */
public final class ThresholdChangeRules {

    private ThresholdChangeRules() {
    }

    public static ActivityRules.Applied apply(CustomerTierState held, TierProgram program, ZoneId zone, Instant now,
                                              Supplier<String> ids) {
        Transition settled = PeriodEndRules.settle(held, program, zone, now, ids);
        CustomerTierState current = settled.state();
        String before = current.computedTierId();
        String supported = program.tierFor(current.qualifyingValue());
        if (!program.isThresholdBased() || program.rank(supported) <= program.rank(before)) {
            return new ActivityRules.Applied(settled, List.of());
        }
        boolean overridden = current.manual() != null;
        boolean rolling = program.window() == TierProgram.Window.ROLLING_365_DAYS_FROM_UPGRADE;
        long value = rolling ? 0 : current.qualifyingValue(); // an upgrade restarts the rolling counter
        Instant start = rolling ? now : current.periodStartTime();
        Instant end = rolling ? TierWindows.periodEnd(program.window(), zone, now) : current.periodEndTime();
        CustomerTierState next = current.withComputed(supported, now, value, start, end,
                overridden ? current.tierSince() : now);
        List<TierChange> changes = new ArrayList<>(settled.changes());
        changes.add(new TierChange(ids.get(), current.storeId(), current.customerId(), current.tierProgramId(), before,
                supported, TierChangeCause.THRESHOLD_CHANGE, overridden, now, now, current.qualifyingValue(), null,
                null, List.of(), TierChange.SYSTEM_ACTOR, ""));
        return new ActivityRules.Applied(new Transition(next, changes),
                program.tiersEntered(before, supported).stream().map(TierDefinition::tierId).toList());
    }
}
