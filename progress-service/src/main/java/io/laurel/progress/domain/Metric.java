package io.laurel.progress.domain;

/** What a milestone program measures (R-PROG-2). */
public enum Metric {
    ORDER_COUNT, AMOUNT_SPENT, POINTS_EARNED, REVIEW_COUNT, INACTIVITY_DAYS;

    /** Metrics whose counted events are orders: percentage rewards and minimum order amounts apply. */
    public boolean isOrderMetric() {
        return this == ORDER_COUNT || this == AMOUNT_SPENT;
    }
}
