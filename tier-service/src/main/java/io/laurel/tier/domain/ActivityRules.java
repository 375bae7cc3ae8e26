package io.laurel.tier.domain;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Applies qualifying activity to a customer's held state (R-TIER-2..4): books what time changed,
 * replays the customer's whole activity (so arrival order does not matter) and records the move of
 * the computed tier, if any, with its cause. A lower replayed tier only replaces the held one when a
 * period end or a refund undo explains it: nothing else downgrades mid-period (R-TIER-4, R-TIER-7).
 */
public final class ActivityRules {

    private ActivityRules() {
    }

    /** The new state and its changes, plus the tiers above the one held before that the activity made them enter. */
    public record Applied(Transition transition, List<String> tiersReached) {
    }

    /**
     * @param held       the held state under {@code program} (see {@link CustomerTierState#under})
     * @param activities every qualifying activity of the customer, the new one included, any order
     */
    public static Applied apply(CustomerTierState held, TierProgram program, ZoneId zone,
                                List<QualifyingActivity> activities, Instant now, Supplier<String> ids) {
        return apply(held, program, zone, activities, null, now, ids);
    }

    /**
     * The same for a newly recorded activity: with what was announced from its {@code occurred_at}
     * on ({@code announced}, null for none), the changes it moved are corrected (L-TIER-13).
     */
    public static Applied apply(CustomerTierState held, TierProgram program, ZoneId zone,
                                List<QualifyingActivity> activities, TierTimeline.Announced announced, Instant now,
                                Supplier<String> ids) {
        Transition settled = PeriodEndRules.settle(held, program, zone, now, ids);
        CustomerTierState current = settled.state();
        if (!program.isThresholdBased()) {
            return new Applied(settled, List.of());
        }
        ComputedTierRules.Computed c = ComputedTierRules.replay(program, zone, activities, now);
        String before = current.computedTierId();
        String after = c.tierId();
        boolean up = program.rank(after) > program.rank(before);
        boolean explainedDown = c.lastCause() == TierChangeCause.REFUND_UNDO
                || c.lastCause() == TierChangeCause.DOWNGRADE_WINDOW_END;
        if (!up && !explainedDown) {
            after = before; // no downgrade mid-period (R-TIER-4), e.g. under raised thresholds (R-TIER-7)
        }
        List<TierChange> changes = new ArrayList<>(settled.changes());
        CustomerTierState next;
        if (Objects.equals(after, before)) {
            // the replay's entry time when it agrees on the tier: the same whatever the arrival order
            Instant since = Objects.equals(c.tierId(), before) ? c.since() : current.computedSince();
            next = current.withComputed(before, since, c.value(), c.periodStart(), c.periodEnd(),
                    current.manual() == null ? since : current.tierSince());
        } else {
            boolean overridden = current.manual() != null;
            Instant at = c.lastChangeTime() == null ? now : c.lastChangeTime();
            TierChangeCause cause = up ? TierChangeCause.UPGRADE : c.lastCause();
            Instant since = after == null ? null : (Objects.equals(after, c.tierId()) && c.since() != null ? c.since() : at);
            next = current.withComputed(after, since, c.value(), c.periodStart(), c.periodEnd(),
                    overridden ? current.tierSince() : since);
            changes.add(new TierChange(ids.get(), current.storeId(), current.customerId(), current.tierProgramId(),
                    before, after, cause, overridden, up ? notBeforeVersion(at, program, now) : at, now, c.value(),
                    c.lastActivityId(), c.lastOrderId(), List.of(), TierChange.SYSTEM_ACTOR, ""));
        }
        if (announced != null) {
            changes.addAll(TierTimeline.corrections(next, program, c, announced, changes, now, ids));
        }
        // a tier at or below the one held was entered when the customer got there
        int heldRank = program.rank(before);
        List<String> reached = c.tiersReached().stream().filter(t -> program.rank(t) > heldRank).toList();
        return new Applied(new Transition(next, changes), reached);
    }

    /**
     * An upgrade into a tier of this version takes effect no earlier than the version (L-TIER-11):
     * one the replay dates before it (activity kept from before a new version or a program's
     * activation) is effective at the version's update time, or now if that is later than now. So
     * reward-service re-prices nothing from before the version, and the upgrade sorts after every
     * change made under earlier versions and programs (PROGRAM_ARCHIVED, TIER_REMOVED).
     */
    static Instant notBeforeVersion(Instant at, TierProgram program, Instant now) {
        Instant version = program.updateTime().isBefore(now) ? program.updateTime() : now;
        return at.isBefore(version) ? version : at;
    }
}
