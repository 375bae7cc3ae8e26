package io.laurel.progress.domain;

import java.util.Objects;

/**
 * One bad field of one event of a batch: {@code field} is its path relative to the request
 * ({@code events[3].order_completed.amount.currency_code}), {@code reason} a machine-readable
 * UPPER_SNAKE code ({@link Reason}), {@code description} says what is wrong, for a person.
 */
public record EventViolation(String field, String description, String reason) {

    public EventViolation {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(reason, "reason");
    }

    /** The reasons an event is rejected for. */
    public static final class Reason {
        /** A required field is missing or empty. */
        public static final String REQUIRED = "REQUIRED";
        /** A text is longer than allowed, or a list has too many items. */
        public static final String TOO_LONG = "TOO_LONG";
        /** A number or instant is outside its allowed range. */
        public static final String OUT_OF_RANGE = "OUT_OF_RANGE";
        /** Not an ISO 4217 currency code. */
        public static final String INVALID_CURRENCY = "INVALID_CURRENCY";
        /** The event names another store than the request. */
        public static final String STORE_MISMATCH = "STORE_MISMATCH";
        /** A field that must be empty for this kind of event is set. */
        public static final String NOT_ALLOWED = "NOT_ALLOWED";
        /** Another event already completed this order (contract: OrderCompleted.order_id). */
        public static final String ORDER_ALREADY_COMPLETED = "ORDER_ALREADY_COMPLETED";

        /** Another event already published this review (contract: ReviewPublished.review_id). */
        public static final String REVIEW_ALREADY_PUBLISHED = "REVIEW_ALREADY_PUBLISHED";
        /** A string holds a control character (NUL, U+0001–U+001F other than tab and line breaks, U+007F). */
        public static final String INVALID_CHARACTER = "INVALID_CHARACTER";
        /** An id breaks the contract's id rule: at most 128 visible ASCII characters (laurel.common.v1.id). */
        public static final String INVALID_ID = "INVALID_ID";
        /** A value breaks another rule of the contract; the description says which. */
        public static final String INVALID_VALUE = "INVALID_VALUE";
        /** An amount is not in the store's currency. */
        public static final String CURRENCY_MISMATCH = "CURRENCY_MISMATCH";
        /** A refund or cancellation names an order of another customer. */
        public static final String ORDER_CUSTOMER_MISMATCH = "ORDER_CUSTOMER_MISMATCH";

        private Reason() {
        }
    }
}
