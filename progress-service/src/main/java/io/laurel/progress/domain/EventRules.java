package io.laurel.progress.domain;

import static io.laurel.progress.domain.EventViolation.Reason.CURRENCY_MISMATCH;
import static io.laurel.progress.domain.EventViolation.Reason.INVALID_CURRENCY;
import static io.laurel.progress.domain.EventViolation.Reason.ORDER_CUSTOMER_MISMATCH;
import static io.laurel.progress.domain.EventViolation.Reason.REVIEW_ALREADY_PUBLISHED;
import static io.laurel.progress.domain.EventViolation.Reason.NOT_ALLOWED;
import static io.laurel.progress.domain.EventViolation.Reason.ORDER_ALREADY_COMPLETED;
import static io.laurel.progress.domain.EventViolation.Reason.OUT_OF_RANGE;
import static io.laurel.progress.domain.EventViolation.Reason.REQUIRED;
import static io.laurel.progress.domain.EventViolation.Reason.STORE_MISMATCH;

import io.laurel.platform.common.Money;
import io.laurel.platform.error.Violations;
import io.laurel.progress.domain.EventPayload.OrderCancelled;
import io.laurel.progress.domain.EventPayload.OrderCompleted;
import io.laurel.progress.domain.EventPayload.OrderRefunded;
import io.laurel.progress.domain.EventPayload.PointsEarned;
import io.laurel.progress.domain.EventPayload.PointsReversed;
import io.laurel.progress.domain.EventPayload.PointsSource;
import io.laurel.progress.domain.EventPayload.PointsReversalReason;
import java.time.Duration;
import java.time.Instant;

/**
 * What a customer event must be beyond its shape (R-PROG-TRACK-1, laurel.progress.v1.CustomerEvent). The shape —
 * required fields, ids, positive points, defined enum values, tags, the size of a batch — is the contract's
 * ({@code buf.validate} rules in {@code customer_event.proto} and {@code progress_service.proto}) and is checked
 * first, for each event on its own ({@code mapping.EventShape}); these are the rules that need the request, the
 * clock or the event's other fields. An invalid event is rejected on its own with every bad field named.
 */
public final class EventRules {

    /** How far in the future {@code occurred_at} may be: clocks drift, but not by much. */
    public static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(5);

    private EventRules() {
    }

    /**
     * Records on {@code v} what is wrong with one message of an event stream as a whole, beyond its shape.
     *
     * @param streamStoreId the store named by the stream's first message; null for the first message
     * @param messageIndex  0-based, to tell the caller which message was refused
     */
    public static void checkStreamMessage(String streamStoreId, int messageIndex, String requestId, String storeId,
                                          Violations v) {
        if (streamStoreId == null) {
            // it labels the stream; later messages may leave it out
            v.require(!requestId.isEmpty(), "request_id", "is required in the stream's first message");
            return;
        }
        v.require(streamStoreId.equals(storeId), "store_id", "must be " + streamStoreId
                + " in every message of the stream; message " + messageIndex + " has " + storeId);
    }

    /**
     * Records every bad field of {@code event}, whose shape is right, on {@code v} (whose prefix places the event
     * in its request, e.g. {@code events[3].}).
     *
     * @param storeId the request's store, which the event must name
     * @param now     the present, for the clock-skew limit on {@code occurred_at}
     */
    public static void validate(CustomerEvent event, String storeId, Instant now, EventViolations v) {
        v.require(storeId.equals(event.storeId()), "store_id", STORE_MISMATCH,
                "must equal the request's store_id");
        v.require(!event.occurredAt().isAfter(now.plus(MAX_CLOCK_SKEW)), "occurred_at", OUT_OF_RANGE,
                "must be at most " + MAX_CLOCK_SKEW.toMinutes() + " minutes in the future");
        EventViolations p = v.nested(event.payload().kind().field());
        switch (event.payload()) {
            case OrderCompleted o -> money(p, "amount", o.amount(), 0);
            case OrderRefunded r -> money(p, "refunded_amount", r.refundedAmount(), 1);
            case PointsEarned e -> {
                onlyFor(p, "source_program_id", e.sourceProgramId(),
                        e.source() == PointsSource.MILESTONE_REWARD, "MILESTONE_REWARD");
                onlyFor(p, "order_id", e.orderId(), e.source() == PointsSource.BASE_EARNING, "BASE_EARNING");
            }
            case PointsReversed r -> {
                onlyFor(p, "source_program_id", r.sourceProgramId(),
                        r.reason() == PointsReversalReason.CLAW_BACK, "CLAW_BACK");
                onlyFor(p, "order_id", r.orderId(), r.reason() == PointsReversalReason.REFUND_REVERSAL,
                        "REFUND_REVERSAL");
            }
            default -> {
                // every rule of the other kinds is shape
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

    /** An amount in an ISO 4217 currency, at least {@code minimum} (whether it is required is the contract's). */
    private static void money(EventViolations v, String field, Money money, long minimum) {
        EventViolations m = v.nested(field);
        m.require(money.amountMinor() >= minimum, "amount_minor", OUT_OF_RANGE,
                minimum == 0 ? "must not be negative" : "must be positive");
        m.require(Money.isIsoCurrency(money.currencyCode()), "currency_code", INVALID_CURRENCY,
                "must be an ISO 4217 currency code in upper case, such as USD");
    }

    /** {@code field} is required when {@code applies}, and must be empty otherwise. */
    private static void onlyFor(EventViolations v, String field, String value, boolean applies, String when) {
        if (applies) {
            v.require(!value.isBlank(), field, REQUIRED, "is required when it is " + when);
        } else {
            v.require(value.isEmpty(), field, NOT_ALLOWED, "must be empty unless it is " + when);
        }
    }
}
