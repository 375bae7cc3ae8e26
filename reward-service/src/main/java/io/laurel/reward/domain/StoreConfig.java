package io.laurel.reward.domain;

import io.laurel.platform.common.ExpiryPolicy;
import java.time.Instant;
import java.time.ZoneId;

/**
 * A store's settings as reward-service holds them (R-STORE-2), from program-service's feed.
 * {@code baseEarningRateMilli}: thousandths of a point per whole currency unit;
 * {@code pointValueMinorMilli}: thousandths of a minor unit per point.
 */
public record StoreConfig(
        String storeId,
        long version,
        String currencyCode,
        String timeZone,
        ExpiryPolicy defaultPointsExpiry,
        long baseEarningRateMilli,
        long pointValueMinorMilli,
        Instant effectiveTime) {

    public ZoneId zone() {
        return ZoneId.of(timeZone);
    }
}
