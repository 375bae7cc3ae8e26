package io.laurel.tier.domain;

import io.laurel.platform.common.Actor;
import java.time.Instant;
import java.util.Objects;

/** A tier assigned by hand (R-TIER-6); {@code endTime} null = until removed. */
public record ManualAssignment(String tierId, String reason, Actor actor, Instant startTime, Instant endTime) {

    public ManualAssignment {
        Objects.requireNonNull(tierId, "tierId");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(startTime, "startTime");
    }

    /** In force until its end time, exclusive: at {@code endTime} it no longer applies. */
    public boolean inForceAt(Instant now) {
        return endTime == null || now.isBefore(endTime);
    }
}
