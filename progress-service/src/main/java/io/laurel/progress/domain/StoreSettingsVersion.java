package io.laurel.progress.domain;

import io.laurel.platform.common.ExpiryPolicy;
import java.time.Instant;
import java.time.ZoneId;

/** The store settings progress-service needs, in effect from {@code effectiveFrom} (R-STORE-2). */
public record StoreSettingsVersion(long version, Instant effectiveFrom, String currency, ZoneId zone,
                                   ExpiryPolicy defaultExpiry) {
}
