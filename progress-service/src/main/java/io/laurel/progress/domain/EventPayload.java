package io.laurel.progress.domain;

import io.laurel.platform.common.Money;
import java.util.List;

/**
 * The kind-specific part of a customer event. Optional fields are empty strings (never null);
 * enums are null when the sender left them unspecified or sent a value this service does not know;
 * a {@link Money} is null when it was not sent.
 */
public sealed interface EventPayload {

    EventKind kind();

    /** The order the event is about, or null for events that are not about an order. */
    default String orderId() {
        return null;
    }

    record OrderCompleted(String orderId, Money amount) implements EventPayload {
        public EventKind kind() {
            return EventKind.ORDER_COMPLETED;
        }
    }

    record OrderRefunded(String orderId, String refundId, Money refundedAmount, boolean fullRefund)
            implements EventPayload {
        public EventKind kind() {
            return EventKind.ORDER_REFUNDED;
        }
    }

    record OrderCancelled(String orderId) implements EventPayload {
        public EventKind kind() {
            return EventKind.ORDER_CANCELLED;
        }
    }

    record ReviewPublished(String reviewId, String productId) implements EventPayload {
        public EventKind kind() {
            return EventKind.REVIEW_PUBLISHED;
        }
    }

    record PointsEarned(String ledgerEntryId, long points, PointsSource source, String sourceProgramId,
                        String orderId) implements EventPayload {
        public EventKind kind() {
            return EventKind.POINTS_EARNED;
        }
    }

    record PointsReversed(String ledgerEntryId, long points, PointsReversalReason reason, String sourceProgramId,
                          String orderId) implements EventPayload {
        public EventKind kind() {
            return EventKind.POINTS_REVERSED;
        }
    }

    record CustomerActivity(ActivityKind activity) implements EventPayload {
        public EventKind kind() {
            return EventKind.CUSTOMER_ACTIVITY;
        }
    }

    record CustomerUpdated(List<String> tags) implements EventPayload {
        public CustomerUpdated {
            tags = List.copyOf(tags);
        }

        public EventKind kind() {
            return EventKind.CUSTOMER_UPDATED;
        }
    }

    record CustomerTierChanged(String tierProgramId, String tierId) implements EventPayload {
        public EventKind kind() {
            return EventKind.CUSTOMER_TIER_CHANGED;
        }
    }

    /** Why points were credited. */
    enum PointsSource { BASE_EARNING, MILESTONE_REWARD, TIER_ENTRY_REWARD, MANUAL, EARNING_CORRECTION }

    /** Why points were taken back. */
    enum PointsReversalReason { REFUND_REVERSAL, CLAW_BACK, MANUAL_DEDUCTION, EARNING_CORRECTION }

    /** Kinds of customer activity. */
    enum ActivityKind { VISIT, LOGIN }
}
