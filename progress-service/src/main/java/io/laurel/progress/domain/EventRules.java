package io.laurel.progress.domain;

import static io.laurel.progress.domain.EventViolation.Reason.CURRENCY_MISMATCH;
import static io.laurel.progress.domain.EventViolation.Reason.INVALID_CHARACTER;
import static io.laurel.progress.domain.EventViolation.Reason.INVALID_CURRENCY;
import static io.laurel.progress.domain.EventViolation.Reason.ORDER_CUSTOMER_MISMATCH;
import static io.laurel.progress.domain.EventViolation.Reason.REVIEW_ALREADY_PUBLISHED;
import static io.laurel.progress.domain.EventViolation.Reason.NOT_ALLOWED;
import static io.laurel.progress.domain.EventViolation.Reason.ORDER_ALREADY_COMPLETED;
import static io.laurel.progress.domain.EventViolation.Reason.OUT_OF_RANGE;
import static io.laurel.progress.domain.EventViolation.Reason.REQUIRED;
import static io.laurel.progress.domain.EventViolation.Reason.STORE_MISMATCH;
import static io.laurel.progress.domain.EventViolation.Reason.TOO_LONG;

import io.laurel.platform.common.Money;
import io.laurel.platform.error.Violations;
import io.laurel.platform.grpc.ProtoTime;
import io.laurel.progress.domain.EventPayload.CustomerActivity;
import io.laurel.progress.domain.EventPayload.CustomerTierChanged;
import io.laurel.progress.domain.EventPayload.CustomerUpdated;
import io.laurel.progress.domain.EventPayload.OrderCancelled;
import io.laurel.progress.domain.EventPayload.OrderCompleted;
import io.laurel.progress.domain.EventPayload.OrderRefunded;
import io.laurel.progress.domain.EventPayload.PointsEarned;
import io.laurel.progress.domain.EventPayload.PointsReversed;
import io.laurel.progress.domain.EventPayload.PointsSource;
import io.laurel.progress.domain.EventPayload.PointsReversalReason;
import io.laurel.progress.domain.EventPayload.ReviewPublished;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What a valid customer event is (R-PROG-TRACK-1, laurel.progress.v1.CustomerEvent) and what a
 * valid batch of them is. An invalid event is rejected on its own with every bad field named; only
 * a malformed batch (no store, no or too many events) fails the whole call.
 */
public final class EventRules {

    /** Most events in one IngestEvents request or one StreamEvents message. */
    public static final int MAX_EVENTS_PER_BATCH = 500;
    /** Longest id coming from the commerce platform or another service. */
    public static final int MAX_ID_LENGTH = 128;
    /** How far in the future {@code occurred_at} may be: clocks drift, but not by much. */
    public static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(5);
    public static final int MAX_TAGS = 250;
    public static final int MAX_TAG_LENGTH = 255;

    private EventRules() {
    }

    /** Records on {@code v} (paths relative to the request) what is wrong with a batch as a whole. */
    public static void checkBatch(String storeId, int eventCount, Violations v) {
        if (v.require(storeId != null && !storeId.isBlank(), "store_id", "is required")) {
            if (v.require(storeId.length() <= MAX_ID_LENGTH, "store_id", "must be at most " + MAX_ID_LENGTH + " characters")) {
                v.require(!hasNul(storeId), "store_id", "must not contain NUL characters");
            }
        }
        v.require(eventCount >= 1 && eventCount <= MAX_EVENTS_PER_BATCH, "events",
                "must hold 1 to " + MAX_EVENTS_PER_BATCH + " events, not " + eventCount);
    }

    /**
     * Records on {@code v} what is wrong with one message of an event stream as a whole.
     *
     * @param streamStoreId the store named by the stream's first message; null for the first message
     * @param messageIndex  0-based, to tell the caller which message was refused
     */
    public static void checkStreamMessage(String streamStoreId, int messageIndex, String storeId, int eventCount,
                                          Violations v) {
        if (streamStoreId == null) {
            checkBatch(storeId, eventCount, v);
            return;
        }
        v.require(streamStoreId.equals(storeId), "store_id", "must be " + streamStoreId
                + " in every message of the stream; message " + messageIndex + " has " + storeId);
        v.require(eventCount >= 1 && eventCount <= MAX_EVENTS_PER_BATCH, "events", "must hold 1 to "
                + MAX_EVENTS_PER_BATCH + " events in each message; message " + messageIndex + " has " + eventCount);
    }

    /**
     * Validates each event of a batch on its own; paths are relative to the request
     * ({@code events[i]....}).
     */
    public static List<CheckedEvent> checkAll(String storeId, List<CustomerEvent> events, Instant now) {
        List<CheckedEvent> checked = new ArrayList<>(events.size());
        for (int i = 0; i < events.size(); i++) {
            EventViolations v = EventViolations.forElement("events", i);
            validate(events.get(i), storeId, now, v);
            checked.add(new CheckedEvent(i, events.get(i), v.list()));
        }
        return checked;
    }

    /**
     * Records every bad field of {@code event} on {@code v} (whose prefix places the event in its
     * request, e.g. {@code events[3].}).
     *
     * @param storeId the request's store, which the event must name
     * @param now     the present, for the clock-skew limit on {@code occurred_at}
     */
    public static void validate(CustomerEvent event, String storeId, Instant now, EventViolations v) {
        id(v, "event_id", event.eventId());
        v.require(storeId.equals(event.storeId()), "store_id", STORE_MISMATCH,
                "must equal the request's store_id");
        id(v, "customer_id", event.customerId());
        Instant occurredAt = event.occurredAt();
        if (occurredAt == null) {
            v.add("occurred_at", REQUIRED, "is required: when it happened in the commerce platform");
        } else {
            v.require(!occurredAt.isBefore(ProtoTime.EARLIEST) && !occurredAt.isAfter(now.plus(MAX_CLOCK_SKEW)), "occurred_at",
                    OUT_OF_RANGE, "must be a valid instant at most " + MAX_CLOCK_SKEW.toMinutes()
                            + " minutes in the future");
        }
        EventPayload payload = event.payload();
        if (payload == null) {
            v.add("kind", REQUIRED, "exactly one of " + Arrays.stream(EventKind.values()).map(EventKind::field)
                    .collect(Collectors.joining(", ")) + " must be set");
            return;
        }
        EventViolations p = v.nested(payload.kind().field());
        switch (payload) {
            case OrderCompleted o -> {
                id(p, "order_id", o.orderId());
                money(p, "amount", o.amount(), 0);
            }
            case OrderRefunded r -> {
                id(p, "order_id", r.orderId());
                id(p, "refund_id", r.refundId());
                money(p, "refunded_amount", r.refundedAmount(), 1);
            }
            case OrderCancelled c -> id(p, "order_id", c.orderId());
            case ReviewPublished r -> {
                id(p, "review_id", r.reviewId());
                id(p, "product_id", r.productId());
            }
            case PointsEarned e -> {
                id(p, "ledger_entry_id", e.ledgerEntryId());
                p.require(e.points() > 0, "points", OUT_OF_RANGE, "must be positive");
                p.require(e.source() != null, "source", REQUIRED, "is required: one of BASE_EARNING, "
                        + "MILESTONE_REWARD, TIER_ENTRY_REWARD, MANUAL, EARNING_CORRECTION");
                if (e.source() != null) {
                    onlyFor(p, "source_program_id", e.sourceProgramId(),
                            e.source() == PointsSource.MILESTONE_REWARD, "MILESTONE_REWARD");
                    onlyFor(p, "order_id", e.orderId(), e.source() == PointsSource.BASE_EARNING, "BASE_EARNING");
                }
            }
            case PointsReversed r -> {
                id(p, "ledger_entry_id", r.ledgerEntryId());
                p.require(r.points() > 0, "points", OUT_OF_RANGE, "must be positive");
                p.require(r.reason() != null, "reason", REQUIRED, "is required: one of REFUND_REVERSAL, "
                        + "CLAW_BACK, MANUAL_DEDUCTION, EARNING_CORRECTION");
                if (r.reason() != null) {
                    onlyFor(p, "source_program_id", r.sourceProgramId(),
                            r.reason() == PointsReversalReason.CLAW_BACK, "CLAW_BACK");
                    onlyFor(p, "order_id", r.orderId(), r.reason() == PointsReversalReason.REFUND_REVERSAL,
                            "REFUND_REVERSAL");
                }
            }
            case CustomerActivity a -> p.require(a.activity() != null, "activity", REQUIRED,
                    "is required: VISIT or LOGIN");
            case CustomerUpdated u -> {
                p.require(u.tags().size() <= MAX_TAGS, "tags", TOO_LONG, "must hold at most " + MAX_TAGS + " tags");
                for (int i = 0; i < u.tags().size(); i++) {
                    String tag = u.tags().get(i);
                    if (p.require(!tag.isBlank(), "tags[" + i + "]", REQUIRED, "must not be empty")) {
                        if (p.require(tag.length() <= MAX_TAG_LENGTH, "tags[" + i + "]", TOO_LONG,
                                "must be at most " + MAX_TAG_LENGTH + " characters")) {
                            printable(p, "tags[" + i + "]", tag);
                        }
                    }
                }
            }
            case CustomerTierChanged t -> {
                id(p, "tier_program_id", t.tierProgramId());
                // an empty tier_id means the customer now has no tier
                p.require(t.tierId().length() <= MAX_ID_LENGTH, "tier_id", TOO_LONG,
                        "must be at most " + MAX_ID_LENGTH + " characters");
            }
        }
    }

    /**
     * Records that another event already completed this event's order: one OrderCompleted per
     * order, the first stored wins (contract of OrderCompleted.order_id).
     */
    public static void orderAlreadyCompleted(EventViolations v) {
        v.nested(EventKind.ORDER_COMPLETED.field()).add("order_id", ORDER_ALREADY_COMPLETED,
                "was already completed by another event; send each order's completion once");
    }

    /** Records that another event already published this event's review: one ReviewPublished per review id. */
    public static void reviewAlreadyPublished(EventViolations v) {
        v.nested(EventKind.REVIEW_PUBLISHED.field()).add("review_id", REVIEW_ALREADY_PUBLISHED,
                "was already published by another event; send each review's publication once");
    }

    /**
     * Checks a valid event against what the store's configuration and known orders say (the
     * engine must be able to apply it, nothing half-applied): amounts in the store currency
     * (CURRENCY_MISMATCH) and refunds or cancellations of an order of this customer
     * (ORDER_CUSTOMER_MISMATCH).
     *
     * @param storeCurrency null when the store has no settings yet (nothing to compare with)
     * @param orderCustomer the customer of the event's order if the order is known, else null
     */
    public static void checkApplicable(CustomerEvent event, String storeCurrency, String orderCustomer,
                                       EventViolations v) {
        EventViolations p = v.nested(event.payload().kind().field());
        switch (event.payload()) {
            case OrderCompleted o -> currency(p, "amount", o.amount(), storeCurrency);
            case OrderRefunded r -> {
                currency(p, "refunded_amount", r.refundedAmount(), storeCurrency);
                orderOf(p, event, orderCustomer);
            }
            case OrderCancelled c -> orderOf(p, event, orderCustomer);
            default -> {
            }
        }
    }

    private static void currency(EventViolations v, String field, Money money, String storeCurrency) {
        if (storeCurrency != null && !storeCurrency.equals(money.currencyCode())) {
            v.nested(field).add("currency_code", CURRENCY_MISMATCH, "must be the store currency, " + storeCurrency);
        }
    }

    private static void orderOf(EventViolations v, CustomerEvent event, String orderCustomer) {
        if (orderCustomer != null && !orderCustomer.equals(event.customerId())) {
            v.add("order_id", ORDER_CUSTOMER_MISMATCH, "belongs to another customer of the store");
        }
    }

    private static void id(EventViolations v, String field, String value) {
        if (v.require(value != null && !value.isBlank(), field, REQUIRED, "is required")
                && v.require(value.length() <= MAX_ID_LENGTH, field, TOO_LONG,
                "must be at most " + MAX_ID_LENGTH + " characters")) {
            printable(v, field, value);
        }
    }

    /** Whether {@code value} holds a NUL character, which no id or tag may (nor can Postgres text). */
    public static boolean hasNul(String value) {
        return value != null && value.indexOf('\u0000') >= 0;
    }

    private static void printable(EventViolations v, String field, String value) {
        v.require(!hasNul(value), field, INVALID_CHARACTER, "must not contain NUL characters");
    }

    private static void money(EventViolations v, String field, Money money, long minimum) {
        if (money == null) {
            v.add(field, REQUIRED, "is required");
            return;
        }
        EventViolations m = v.nested(field);
        m.require(money.amountMinor() >= minimum, "amount_minor", OUT_OF_RANGE,
                minimum == 0 ? "must not be negative" : "must be positive");
        m.require(Money.isIsoCurrency(money.currencyCode()), "currency_code", INVALID_CURRENCY,
                "must be an ISO 4217 currency code in upper case, such as USD");
    }

    /** {@code field} is required when {@code applies}, and must be empty otherwise. */
    private static void onlyFor(EventViolations v, String field, String value, boolean applies, String when) {
        if (applies) {
            id(v, field, value);
        } else {
            v.require(value.isEmpty(), field, NOT_ALLOWED, "must be empty unless it is " + when);
        }
    }
}
