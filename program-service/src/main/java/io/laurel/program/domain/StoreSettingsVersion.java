package io.laurel.program.domain;

import io.laurel.platform.common.ExpiryPolicy;
import java.time.Instant;

/**
 * One version of a store's loyalty settings (R-STORE-2). Money-like rates are fixed-point integers:
 * {@code baseEarningRateMilli} thousandths of a point per whole currency unit,
 * {@code pointValueMinorMilli} thousandths of a minor unit per point.
 */
public record StoreSettingsVersion(
        String storeId,
        String currencyCode,
        String timeZone,
        ExpiryPolicy defaultPointsExpiry,
        long baseEarningRateMilli,
        long pointValueMinorMilli,
        long version,
        Instant createTime,
        Instant updateTime) {
}
