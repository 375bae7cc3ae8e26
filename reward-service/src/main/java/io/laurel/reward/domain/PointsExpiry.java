package io.laurel.reward.domain;

import io.laurel.platform.common.ExpiryPolicy;
import java.time.Instant;
import java.time.ZoneId;

/**
 * R-PROG-6: points earned under "after N days" stay spendable through the end of the N-th calendar
 * day after the day they were earned, in the store's time zone. The lot expires at the first
 * instant of the following local day, so it is expired at {@code t} exactly when
 * {@code t >= expiresAt}. Local calendar days, not 24-hour periods: correct across daylight-saving
 * changes (and a day that starts in a DST gap starts at its first valid instant).
 */
public final class PointsExpiry {

    private PointsExpiry() {
    }

    /** The expiry instant of points earned at {@code earnedAt}; null when they never expire. */
    public static Instant expiresAt(Instant earnedAt, ExpiryPolicy policy, ZoneId zone) {
        return switch (policy.kind()) {
            case NEVER -> null;
            case AFTER_DAYS -> earnedAt.atZone(zone).toLocalDate()
                    .plusDays(policy.days() + 1L)
                    .atStartOfDay(zone)
                    .toInstant();
            case STORE_DEFAULT -> throw new IllegalArgumentException("resolve STORE_DEFAULT before computing an expiry");
        };
    }

    /** Whether a lot with this expiry has expired at {@code at}. */
    public static boolean isExpired(Instant expiresAt, Instant at) {
        return expiresAt != null && !at.isBefore(expiresAt);
    }
}
