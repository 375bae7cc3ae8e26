package io.laurel.tier.domain;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

/**
 * Window periods (R-TIER-3), in the store's time zone: a calendar year runs from local midnight of
 * 1 January to the next; a rolling period started on local day D lasts through the end of the
 * 365th calendar day after D (L-TIER-2), i.e. until local midnight starting day D + 366.
 */
public final class TierWindows {

    /** Calendar days after the start day through whose end a rolling period lasts (L-TIER-2). */
    public static final int ROLLING_DAYS = 365;

    private TierWindows() {
    }

    /** Start of the period of {@code window} that a period beginning at {@code at} has: the local year's start, or {@code at}. */
    public static Instant periodStart(TierProgram.Window window, ZoneId zone, Instant at) {
        return switch (window) {
            case CALENDAR_YEAR -> LocalDate.ofInstant(at, zone).withDayOfYear(1).atStartOfDay(zone).toInstant();
            case ROLLING_365_DAYS_FROM_UPGRADE -> at;
            case LIFETIME, NONE -> null;
        };
    }

    /** End (exclusive) of the period of {@code window} starting at {@code start}; null for windows without periods. */
    public static Instant periodEnd(TierProgram.Window window, ZoneId zone, Instant start) {
        return switch (window) {
            case CALENDAR_YEAR -> LocalDate.ofInstant(start, zone).withDayOfYear(1).plusYears(1)
                    .atStartOfDay(zone).toInstant();
            case ROLLING_365_DAYS_FROM_UPGRADE -> LocalDate.ofInstant(start, zone).plusDays(ROLLING_DAYS + 1)
                    .atStartOfDay(zone).toInstant();
            case LIFETIME, NONE -> null;
        };
    }

    public static boolean hasPeriods(TierProgram.Window window) {
        return window == TierProgram.Window.CALENDAR_YEAR || window == TierProgram.Window.ROLLING_365_DAYS_FROM_UPGRADE;
    }
}
