package io.laurel.reward.domain;

/** Who made a ledger change (R-LEDGER-8); SYSTEM for the service's own entries. */
public record Actor(Kind kind, String id, String displayName) {

    public enum Kind { MERCHANT_STAFF, PLATFORM, SYSTEM }

    /** reward-service acting on its own rules (expiry). */
    public static final Actor SYSTEM = new Actor(Kind.SYSTEM, "reward-service", "");
}
