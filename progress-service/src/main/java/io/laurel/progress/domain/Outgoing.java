package io.laurel.progress.domain;

import io.laurel.platform.common.ExpiryPolicy;
import io.laurel.platform.common.Money;
import java.time.Instant;
import java.util.List;

/**
 * A message the progress change requires another service to receive, committed with it through
 * the outbox. Each names the business key its receiver is idempotent on.
 */
public sealed interface Outgoing {

    String customerId();

    /** reward.v1 RewardService.IssueReward for a reached milestone (R-PROG-TRACK-3/4). */
    record IssueReward(String customerId, String programId, long programVersion, long target, Reward reward,
                       ExpiryPolicy expiry, Instant occurredAt, String triggerEventId, String orderId,
                       Money orderAmount, Instant spellStart) implements Outgoing {
    }

    /** reward.v1 RewardService.ClawBackReward under a CLAW_BACK_UNSPENT program (R-PROG-TRACK-5). */
    record ClawBackReward(String customerId, String programId, long programVersion, long target, String reason,
                          Instant occurredAt, String triggerEventId, String orderId) implements Outgoing {
    }

    /** reward.v1 EarningService.EarnForOrder: base earning (R-LEDGER-5). */
    record EarnForOrder(String customerId, String eventId, String orderId, Money amount, Instant occurredAt)
            implements Outgoing {
    }

    /** reward.v1 EarningService.ReverseOrderEarning: a refund (amount set) or a cancellation (amount null). */
    record ReverseOrderEarning(String customerId, String eventId, String orderId, String reversalId,
                               Money refundedAmount, Instant occurredAt) implements Outgoing {
        public boolean cancellation() {
            return refundedAmount == null;
        }
    }

    /** tier.v1 TierService.RecordQualifyingActivity for an order fact. */
    record QualifyingActivity(String customerId, String eventId, Kind kind, String orderId, Money amount,
                              Instant occurredAt) implements Outgoing {
        public enum Kind { ORDER_COMPLETED, ORDER_REFUNDED, ORDER_CANCELLED }
    }

    /** tier.v1 TierService.RecordCustomerTags (R-TIER-5). */
    record CustomerTags(String customerId, String eventId, List<String> tags, Instant occurredAt) implements Outgoing {
        public CustomerTags {
            tags = List.copyOf(tags);
        }
    }
}
