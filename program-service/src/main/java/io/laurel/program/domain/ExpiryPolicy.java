package io.laurel.program.domain;

/**
 * When issued points expire (R-PROG-6, R-STORE-2): never, after N calendar days (store time zone),
 * or — for programs only — whatever the store default is when the reward is issued.
 */
public record ExpiryPolicy(Kind kind, int days) {

    /** Longest "after N days" accepted: ten years. */
    public static final int MAX_DAYS = 3650;

    public enum Kind { STORE_DEFAULT, NEVER, AFTER_DAYS }

    public static ExpiryPolicy never() {
        return new ExpiryPolicy(Kind.NEVER, 0);
    }

    public static ExpiryPolicy afterDays(int days) {
        return new ExpiryPolicy(Kind.AFTER_DAYS, days);
    }
}
