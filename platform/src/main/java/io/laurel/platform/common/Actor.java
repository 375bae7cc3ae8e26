package io.laurel.platform.common;

import java.util.Objects;

/**
 * Who made a change ({@code laurel.common.v1.Actor}): merchant staff, the commerce platform, or a
 * service acting on its own rules (expiry, window ends…), shown in ledger and tier history.
 */
public record Actor(Kind kind, String id, String displayName) {

    public enum Kind { MERCHANT_STAFF, PLATFORM, SYSTEM }

    public Actor {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(id, "id");
        displayName = displayName == null ? "" : displayName;
    }

    /** The service itself, named by its id (e.g. {@code reward-service}). */
    public static Actor system(String service) {
        return new Actor(Kind.SYSTEM, service, "");
    }
}
