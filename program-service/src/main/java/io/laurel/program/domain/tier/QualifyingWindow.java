package io.laurel.program.domain.tier;

/** Qualification windows for threshold criteria (R-TIER-3). */
public enum QualifyingWindow { LIFETIME, CALENDAR_YEAR, ROLLING_365_DAYS_FROM_UPGRADE }
