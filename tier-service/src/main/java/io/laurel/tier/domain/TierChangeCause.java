package io.laurel.tier.domain;

/** Why a tier changed; every history entry has one (R-TIER-6). */
public enum TierChangeCause {
    UPGRADE,
    DOWNGRADE_WINDOW_END,
    REFUND_UNDO,
    MANUAL_ASSIGN,
    MANUAL_REMOVE,
    MANUAL_EXPIRED,
    TAG_CHANGE,
    THRESHOLD_CHANGE,
    TIER_REMOVED,
    PROGRAM_ARCHIVED,
    CORRECTION
}
