package io.laurel.tier.domain;

import io.laurel.platform.common.Actor;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One entry of a customer's tier history (R-TIER-6): append-only, with its cause. Tier ids null =
 * no tier.
 *
 * @param overridden true when only the computed tier changed while a manual assignment kept the
 *                   effective tier
 */
public record TierChange(String changeId, String storeId, String customerId, String tierProgramId,
                         String fromTierId, String toTierId, TierChangeCause cause, boolean overridden,
                         Instant effectiveTime, Instant createTime, long qualifyingValue,
                         String triggerActivityId, String orderId, List<String> entryRewardedTierIds,
                         Actor actor, String reason) {

    /** tier-service acting on its own rules (an assignment reaching its end time, window ends, ...). */
    public static final Actor SYSTEM_ACTOR = Actor.system("tier-service");

    public TierChange {
        Objects.requireNonNull(changeId, "changeId");
        Objects.requireNonNull(cause, "cause");
        Objects.requireNonNull(effectiveTime, "effectiveTime");
        Objects.requireNonNull(actor, "actor");
        entryRewardedTierIds = List.copyOf(entryRewardedTierIds);
        reason = reason == null ? "" : reason;
    }

    /**
     * True when the customer's effective tier moved, which other services must learn (earning
     * multiplier, tier conditions); a manual assignment of the tier already held only records who
     * and why.
     */
    public boolean changesEffectiveTier() {
        return !overridden && !Objects.equals(fromTierId, toTierId);
    }

    /** This change listing the tiers whose entry reward it issued (R-TIER-2). */
    public TierChange withEntryRewarded(List<String> tierIds) {
        return new TierChange(changeId, storeId, customerId, tierProgramId, fromTierId, toTierId, cause, overridden,
                effectiveTime, createTime, qualifyingValue, triggerActivityId, orderId, tierIds, actor, reason);
    }

    /** This change with another cause. */
    public TierChange withCause(TierChangeCause newCause) {
        return new TierChange(changeId, storeId, customerId, tierProgramId, fromTierId, toTierId, newCause, overridden,
                effectiveTime, createTime, qualifyingValue, triggerActivityId, orderId, entryRewardedTierIds, actor,
                reason);
    }
}
