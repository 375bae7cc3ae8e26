package io.laurel.program.domain.milestone;

/** What a milestone program measures (R-PROG-2). */
public enum Metric {
    ORDER_COUNT, AMOUNT_SPENT, POINTS_EARNED, REVIEW_COUNT, INACTIVITY_DAYS;

    /** Metrics whose progress comes from an order, so a percentage of "the order" means something (R-PROG-4). */
    public boolean hasOrder() {
        return this == ORDER_COUNT || this == AMOUNT_SPENT;
    }

    /** Inactivity programs are for the merchant only (R-PROG-7). */
    public boolean hiddenFromShoppers() {
        return this == INACTIVITY_DAYS;
    }
}
