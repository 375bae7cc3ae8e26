package io.laurel.progress.domain;

import java.util.List;

/** An event of a batch after validation: its place in the request and what is wrong with it, if anything. */
public record CheckedEvent(int index, CustomerEvent event, List<EventViolation> violations) {

    public CheckedEvent {
        violations = List.copyOf(violations);
    }

    public boolean valid() {
        return violations.isEmpty();
    }
}
