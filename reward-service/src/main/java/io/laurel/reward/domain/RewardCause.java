package io.laurel.reward.domain;

import java.time.Instant;

/**
 * Why a reward was issued (R-LEDGER-1). The key fields give the reward's idempotency key; the
 * program version, trigger event and order are informative.
 */
public record RewardCause(
        Kind kind,
        String programId,
        long programVersion,
        long milestoneTarget,
        Instant spellStartTime,
        String tierId,
        String triggerEventId,
        String orderId) {

    public enum Kind { MILESTONE, TIER_ENTRY }

    /**
     * The idempotency key: {@code milestone:{program}:{target}:{customer}:{spell}} or
     * {@code tier-entry:{tier program}:{tier}:{customer}} (spell empty when there is none).
     */
    public String key(String customerId) {
        return switch (kind) {
            case MILESTONE -> "milestone:" + programId + ":" + milestoneTarget + ":" + customerId + ":"
                    + (spellStartTime == null ? "" : spellStartTime.toString());
            case TIER_ENTRY -> "tier-entry:" + programId + ":" + tierId + ":" + customerId;
        };
    }
}
