package io.laurel.program.domain;

import io.laurel.platform.common.ExpiryPolicy;
import io.laurel.platform.common.Money;
import io.laurel.platform.error.FailedPreconditionException;
import io.laurel.platform.error.Violations;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Set;

/**
 * The rules of store settings (R-STORE-2): what a valid version is and how a change makes the next
 * one. The ranges of the rates and the lengths of the codes are the contract's
 * ({@code store_settings.proto}), checked before any of this runs; here are the registries (ISO 4217,
 * IANA), the fields a version must have (an update's mask decides which it sets) and the policy's
 * kind.
 */
public final class StoreSettingsRules {

    private static final Set<String> ZONES = ZoneId.getAvailableZoneIds();

    private StoreSettingsRules() {
    }

    /**
     * Records every violation of the settable values under {@code v} (field names relative to the
     * settings message). A value the request left at zero (0, "", unset) is one it did not send.
     */
    public static void validate(StoreSettingsVersion candidate, Violations v) {
        v.require(Money.isIsoCurrency(candidate.currencyCode()), "currency_code",
                "must be an ISO 4217 currency code such as USD or EUR");
        v.require(isIanaZone(candidate.timeZone()), "time_zone",
                "must be an IANA time zone such as Europe/Paris");
        validateDefaultExpiry(candidate.defaultPointsExpiry(), v.nested("default_points_expiry"));
        v.require(candidate.pointValueMinorMilli() != 0, "point_value_minor_milli",
                "is required: 1..1000000000 thousandths of a minor unit per point");
    }

    /** A store's default expiry is concrete: never, or after 1..3650 days (the contract bounds the days). */
    static void validateDefaultExpiry(ExpiryPolicy policy, Violations v) {
        if (policy == null) {
            v.add("kind", "is required: NEVER or AFTER_DAYS");
            return;
        }
        switch (policy.kind()) {
            case NEVER -> v.require(policy.days() == 0, "days", "must be 0 unless kind is AFTER_DAYS");
            case AFTER_DAYS -> v.require(policy.days() >= 1, "days",
                    "must be at least 1 for AFTER_DAYS (at most 3650: the contract's)");
            case STORE_DEFAULT -> v.add("kind", "must be NEVER or AFTER_DAYS: this is the store default");
        }
    }

    /**
     * The next version: {@code candidate}'s values on top of {@code current} (null when the store
     * has none yet). The currency is fixed by the first version.
     */
    public static StoreSettingsVersion nextVersion(StoreSettingsVersion current, StoreSettingsVersion candidate, Instant now) {
        if (current == null) {
            return new StoreSettingsVersion(candidate.storeId(), candidate.currencyCode(), candidate.timeZone(),
                    candidate.defaultPointsExpiry(), candidate.baseEarningRateMilli(),
                    candidate.pointValueMinorMilli(), 1, now, now);
        }
        if (!current.currencyCode().equals(candidate.currencyCode())) {
            throw new FailedPreconditionException("CURRENCY_IMMUTABLE",
                    "the store currency is " + current.currencyCode() + " and cannot change: balances and thresholds are in it");
        }
        return new StoreSettingsVersion(current.storeId(), current.currencyCode(), candidate.timeZone(),
                candidate.defaultPointsExpiry(), candidate.baseEarningRateMilli(), candidate.pointValueMinorMilli(),
                current.version() + 1, current.createTime(), now);
    }

    static boolean isIanaZone(String zone) {
        return zone != null && zone.contains("/") && ZONES.contains(zone) || "UTC".equals(zone);
    }
}
