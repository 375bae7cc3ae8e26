package io.laurel.reward.domain;

import java.time.Instant;

/**
 * How one order earned base points and what has been reversed (R-LEDGER-5): {@code pointsEarned}
 * P at the rate and tier multiplier in effect at {@code occurredAt}; {@code pointsReversed} is
 * always floor(P × R / A) for the refunded total R (P once cancelled).
 */
public record OrderEarning(
        String orderId,
        String customerId,
        long amountMinor,
        String currencyCode,
        Instant occurredAt,
        long rateMilli,
        int multiplierBps,
        long pointsEarned,
        long refundedMinor,
        long pointsReversed,
        boolean cancelled,
        String lotId,
        Instant expiresAt) {

    /** The reversed total this order must show after refunds totalling {@code refunded} (or a cancellation). */
    public long reversalTarget(long earned, long refunded, boolean cancelledNow) {
        return cancelledNow ? earned : BaseEarning.reversedTotal(earned, refunded, amountMinor);
    }

    /** After a refund of {@code refunded} more minor units or a cancellation. */
    public OrderEarning reversedBy(long refunded, boolean cancellation) {
        long total = Math.min(amountMinor, refundedMinor + refunded);
        boolean nowCancelled = cancelled || cancellation;
        if (nowCancelled) {
            total = amountMinor;
        }
        return new OrderEarning(orderId, customerId, amountMinor, currencyCode, occurredAt, rateMilli, multiplierBps,
                pointsEarned, total, reversalTarget(pointsEarned, total, nowCancelled), nowCancelled, lotId, expiresAt);
    }

    /** Re-priced at another multiplier: P and the reversed total recomputed. */
    public OrderEarning repricedAt(int multiplier) {
        long earned = BaseEarning.points(amountMinor, currencyCode, rateMilli, multiplier);
        return new OrderEarning(orderId, customerId, amountMinor, currencyCode, occurredAt, rateMilli, multiplier,
                earned, refundedMinor, reversalTarget(earned, refundedMinor, cancelled), cancelled, lotId, expiresAt);
    }

    /** Points this order contributes to the balance: P − reversed. */
    public long net() {
        return pointsEarned - pointsReversed;
    }
}
