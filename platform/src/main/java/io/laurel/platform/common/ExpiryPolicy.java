package io.laurel.platform.common;

/**
 * When issued points expire ({@code laurel.common.v1.PointsExpiryPolicy}, R-PROG-6, R-STORE-2):
 * never, after N calendar days in the store's time zone, or whatever the store's default is when
 * the points are issued (STORE_DEFAULT, resolved to a concrete policy before a lot is created).
 */
public record ExpiryPolicy(Kind kind, int days) {

    public enum Kind { STORE_DEFAULT, NEVER, AFTER_DAYS }

    public static ExpiryPolicy never() {
        return new ExpiryPolicy(Kind.NEVER, 0);
    }

    public static ExpiryPolicy afterDays(int days) {
        return new ExpiryPolicy(Kind.AFTER_DAYS, days);
    }

    public static ExpiryPolicy storeDefault() {
        return new ExpiryPolicy(Kind.STORE_DEFAULT, 0);
    }

    /** This policy, or the store's default when it says STORE_DEFAULT (or is absent). */
    public static ExpiryPolicy resolve(ExpiryPolicy requested, ExpiryPolicy storeDefault) {
        return requested == null || requested.kind() == Kind.STORE_DEFAULT ? storeDefault : requested;
    }
}
