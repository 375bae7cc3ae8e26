package io.laurel.tier.domain;

import java.util.List;

/** A customer's new state and the history entries that record how it got there, oldest first. */
public record Transition(CustomerTierState state, List<TierChange> changes) {

    public Transition {
        changes = List.copyOf(changes);
    }

    public boolean changed() {
        return !changes.isEmpty();
    }
}
