package io.laurel.tier.domain;

import java.util.ArrayList;
import java.util.List;

/** A customer's new state and the history entries that record how it got there, oldest first. */
public record Transition(CustomerTierState state, List<TierChange> changes) {

    public Transition {
        changes = List.copyOf(changes);
    }

    public boolean changed() {
        return !changes.isEmpty();
    }

    /** This transition preceded by {@code earlier} changes (what happened to the customer before it). */
    public Transition after(List<TierChange> earlier) {
        if (earlier.isEmpty()) {
            return this;
        }
        List<TierChange> all = new ArrayList<>(earlier);
        all.addAll(changes);
        return new Transition(state, all);
    }
}
