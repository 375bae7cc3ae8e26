package io.laurel.program.domain.tier;

/** What places a customer in a tier (R-TIER-1): exactly one per program. */
public enum TierBasis {
    POINTS_EARNED, AMOUNT_SPENT, CUSTOMER_TAG;

    /** Threshold criteria rank tiers by a qualifying value within a window; tags rank by rank. */
    public boolean usesThresholds() {
        return this != CUSTOMER_TAG;
    }
}
