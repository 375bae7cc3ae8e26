package io.laurel.tier.domain;

import java.util.Objects;

/** Who made a tier change, for the history (R-TIER-6). */
public record Actor(Kind kind, String id, String displayName) {

    /** tier-service acting on its own rules (an assignment reaching its end time, window ends, ...). */
    public static final Actor SYSTEM = new Actor(Kind.SYSTEM, "tier-service", "");

    public enum Kind { MERCHANT_STAFF, PLATFORM, SYSTEM }

    public Actor {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(id, "id");
        displayName = displayName == null ? "" : displayName;
    }
}
