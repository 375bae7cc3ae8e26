package io.laurel.progress.mapping;

import static io.laurel.progress.domain.EventViolation.Reason.INVALID_CHARACTER;
import static io.laurel.progress.domain.EventViolation.Reason.INVALID_ID;
import static io.laurel.progress.domain.EventViolation.Reason.INVALID_VALUE;
import static io.laurel.progress.domain.EventViolation.Reason.OUT_OF_RANGE;
import static io.laurel.progress.domain.EventViolation.Reason.REQUIRED;
import static io.laurel.progress.domain.EventViolation.Reason.TOO_LONG;

import io.laurel.platform.grpc.RequestShape;
import io.laurel.progress.domain.EventViolations;
import io.laurel.proto.progress.v1.CustomerEvent;
import java.util.regex.Pattern;

/**
 * The shape of one event of a batch, as its contract states it (the {@code buf.validate} rules of
 * {@code customer_event.proto} and the wire rules, checked by platform's {@link RequestShape}): every fault becomes a
 * violation of that event alone, with a reason code, so a badly shaped event is REJECTED without failing its batch.
 * The interceptor leaves the items of IngestEvents and StreamEvents to this (L-API-3: shape before meaning), and
 * lends its {@link RequestShape}, whose rules for events were compiled with the requests carrying them at startup.
 */
public final class EventShape {

    private static final Pattern NUMERIC_RULE =
            Pattern.compile("(u?int|sint|s?fixed)(32|64)\\..*|float\\..*|double\\..*|duration\\..*|timestamp\\..*");

    private EventShape() {
    }

    /** Records on {@code v} (whose prefix places the event in its request) every shape fault of {@code event}. */
    public static void check(RequestShape shape, CustomerEvent event, EventViolations v) {
        for (RequestShape.Fault fault : shape.faults(event)) {
            v.add(fault.field(), reason(fault.rule()), fault.description());
        }
    }

    /** The reason code of a broken rule: what a caller can act on without reading the description. */
    static String reason(String rule) {
        if (rule.equals(RequestShape.CONTROL_CHARACTER_RULE)) {
            return INVALID_CHARACTER;
        }
        if (rule.equals(RequestShape.TIMESTAMP_RANGE_RULE) || NUMERIC_RULE.matcher(rule).matches()) {
            return OUT_OF_RANGE;
        }
        return switch (rule) {
            // an unknown enum value counts as unset; only spaces count as empty
            case "required", "string.min_len", "enum.defined_only", "laurel.text" -> REQUIRED;
            case "string.max_len", "repeated.max_items" -> TOO_LONG;
            case "laurel.id" -> INVALID_ID;
            default -> INVALID_VALUE;
        };
    }
}
