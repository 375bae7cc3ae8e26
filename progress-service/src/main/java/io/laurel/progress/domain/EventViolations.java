package io.laurel.progress.domain;

import java.util.ArrayList;
import java.util.List;

/**
 * Collects every bad field of an event, each with a reason, under a path prefix such as
 * {@code events[3].}. Like platform's {@code Violations}, whose field violations carry no reason
 * code; a rejected event's result needs one (laurel.common.v1.FieldViolation.reason).
 */
public final class EventViolations {

    private final String prefix;
    private final List<EventViolation> found;

    private EventViolations(String prefix, List<EventViolation> found) {
        this.prefix = prefix;
        this.found = found;
    }

    /** A fresh collector for element {@code index} of the repeated field {@code field}. */
    public static EventViolations forElement(String field, int index) {
        return new EventViolations(field + "[" + index + "].", new ArrayList<>());
    }

    /** A view that prefixes field names with {@code field.} and records into the same list. */
    public EventViolations nested(String field) {
        return new EventViolations(prefix + field + ".", found);
    }

    public EventViolations add(String field, String reason, String description) {
        found.add(new EventViolation(prefix + field, description, reason));
        return this;
    }

    /** Records a violation of {@code field} unless {@code condition} holds; returns the condition. */
    public boolean require(boolean condition, String field, String reason, String description) {
        if (!condition) {
            add(field, reason, description);
        }
        return condition;
    }

    public List<EventViolation> list() {
        return List.copyOf(found);
    }
}
