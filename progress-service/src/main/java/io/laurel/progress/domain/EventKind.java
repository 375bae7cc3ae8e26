package io.laurel.progress.domain;

/** What a customer event says happened (R-PROG-TRACK-1); stored as the event's {@code kind}. */
public enum EventKind {
    ORDER_COMPLETED,
    ORDER_REFUNDED,
    ORDER_CANCELLED,
    REVIEW_PUBLISHED,
    POINTS_EARNED,
    POINTS_REVERSED,
    CUSTOMER_ACTIVITY,
    CUSTOMER_UPDATED,
    CUSTOMER_TIER_CHANGED;

    /** The name of the event's oneof field in the contract, used in field paths. */
    public String field() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
