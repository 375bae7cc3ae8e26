package io.laurel.progress.domain;

import java.util.List;

/** The outcome of one event: its place in the request, its id and, if REJECTED, every bad field. */
public record EventResult(int index, String eventId, EventOutcome outcome, List<EventViolation> violations) {

    public EventResult {
        violations = List.copyOf(violations);
    }

    public static EventResult rejected(CheckedEvent checked) {
        return new EventResult(checked.index(), checked.event().eventId(), EventOutcome.REJECTED, checked.violations());
    }

    /** The result of a valid event, from what the event log answered for it. */
    public static EventResult recorded(CheckedEvent checked, String batchField, Recording recording) {
        String eventId = checked.event().eventId();
        return switch (recording) {
            case STORED -> new EventResult(checked.index(), eventId, EventOutcome.ACCEPTED, List.of());
            case ALREADY_STORED -> new EventResult(checked.index(), eventId, EventOutcome.DUPLICATE, List.of());
            case ORDER_ALREADY_COMPLETED -> {
                EventViolations v = EventViolations.forElement(batchField, checked.index());
                EventRules.orderAlreadyCompleted(v);
                yield new EventResult(checked.index(), eventId, EventOutcome.REJECTED, v.list());
            }
            case REVIEW_ALREADY_PUBLISHED -> {
                EventViolations v = EventViolations.forElement(batchField, checked.index());
                EventRules.reviewAlreadyPublished(v);
                yield new EventResult(checked.index(), eventId, EventOutcome.REJECTED, v.list());
            }
        };
    }
}
