package io.laurel.tier.domain;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.function.Supplier;

/**
 * A new program version (R-TIER-7): each customer's activity is replayed under it; one who now
 * qualifies higher is upgraded at once (THRESHOLD_CHANGE, skipped tiers entered too); nobody is
 * downgraded mid-period — a raised threshold only matters at the next period end.
 */
public final class ThresholdChangeRules {

    private ThresholdChangeRules() {
    }

    public static ActivityRules.Applied apply(CustomerTierState held, TierProgram program, ZoneId zone,
                                              List<QualifyingActivity> activities, Instant now, Supplier<String> ids) {
        ActivityRules.Applied applied = ActivityRules.apply(held, program, zone, activities, now, ids);
        List<TierChange> changes = applied.transition().changes().stream()
                .map(c -> c.cause() == TierChangeCause.UPGRADE ? c.withCause(TierChangeCause.THRESHOLD_CHANGE) : c)
                .toList();
        return new ActivityRules.Applied(new Transition(applied.transition().state(), changes), applied.tiersReached());
    }
}
