package io.laurel.tier.domain;

import java.util.List;

/**
 * One tier of a program version as tier-service keeps it: its place (threshold, or tag and rank)
 * and the perks members see (R-TIER-2).
 */
public record TierDefinition(String tierId, String name, long threshold, String tag, int rank,
                             int earningMultiplierBps, List<String> benefits, boolean hasEntryReward) {

    /** Customers without a tier earn at 1×. */
    public static final int NO_TIER_MULTIPLIER_BPS = 10_000;

    public TierDefinition {
        benefits = List.copyOf(benefits);
    }

    /** A tier without entry reward. */
    public TierDefinition(String tierId, String name, long threshold, String tag, int rank, int earningMultiplierBps,
                          List<String> benefits) {
        this(tierId, name, threshold, tag, rank, earningMultiplierBps, benefits, false);
    }
}
