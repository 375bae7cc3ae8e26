package io.laurel.tier.domain;

/** Where a customer's effective tier comes from. */
public enum TierSource {
    /** Computed from points or amount in the window (R-TIER-3, R-TIER-4). */
    COMPUTED,
    /** Assigned by hand (R-TIER-6). */
    MANUAL,
    /** From the customer's tags (R-TIER-5). */
    TAG
}
