package io.laurel.program.domain.tier;

import io.laurel.platform.common.ExpiryPolicy;
import io.laurel.program.domain.milestone.Reward;
import java.util.List;

/**
 * What members of a tier get (R-TIER-2): an earning multiplier in basis points of 1×, an optional
 * entry reward (null when none) with its expiry policy, and benefits to display.
 */
public record PerkSet(int earningMultiplierBps, Reward entryReward, ExpiryPolicy entryRewardExpiry,
                        List<String> benefits) {
}
