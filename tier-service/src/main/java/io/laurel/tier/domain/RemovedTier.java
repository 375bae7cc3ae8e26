package io.laurel.tier.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * A tier a newer version of its program no longer has (L-TIER-3), with the place it had in the last
 * version that had it: its members move to the highest remaining tier below that place.
 *
 * @param threshold   its last threshold (points and amount programs)
 * @param rank        its last rank (CUSTOMER_TAG programs)
 * @param removedTime when the first version without it took effect (that version's update time)
 */
public record RemovedTier(String tierId, long threshold, int rank, Instant removedTime) {

    public RemovedTier {
        Objects.requireNonNull(tierId, "tierId");
        Objects.requireNonNull(removedTime, "removedTime");
    }
}
