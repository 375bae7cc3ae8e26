package io.laurel.reward.domain;

import java.math.BigInteger;
import java.time.Instant;
import java.util.Comparator;
import java.util.Currency;
import java.util.List;

/**
 * R-LEDGER-5: an order earns floor(amount × rate × tier multiplier) points at the tier held when it
 * happened; refunds totalling R of an order of amount A that earned P have reversed exactly
 * floor(P × R / A), R capped at A.
 */
public final class BaseEarning {

    /** Most points one order can earn (a cap far above any real order, so the sums stay exact). */
    public static final long MAX_ORDER_POINTS = 1_000_000_000_000L;

    /** The multiplier without a tier: 1×. */
    public static final int NO_TIER_BPS = 10_000;

    /** A tier change as tier-service reported it: applies to orders strictly after {@code effectiveTime}. */
    public record TierChange(String changeId, String tierId, int multiplierBps, Instant effectiveTime) {
    }

    private BaseEarning() {
    }

    /**
     * Points for {@code amountMinor} (minor units of {@code currency}) at {@code rateMilli} thousandths
     * of a point per whole currency unit and {@code multiplierBps}, rounded down.
     */
    public static long points(long amountMinor, String currency, long rateMilli, int multiplierBps) {
        int digits = Math.max(0, Currency.getInstance(currency).getDefaultFractionDigits());
        BigInteger denominator = BigInteger.TEN.pow(digits).multiply(BigInteger.valueOf(1000L * 10_000L));
        return BigInteger.valueOf(amountMinor).multiply(BigInteger.valueOf(rateMilli))
                .multiply(BigInteger.valueOf(multiplierBps)).divide(denominator)
                .min(BigInteger.valueOf(MAX_ORDER_POINTS)).longValueExact();
    }

    /**
     * The multiplier in effect for an order that occurred at {@code occurredAt}: the latest change
     * effective strictly before it (ties broken by change id, so any arrival order gives the same).
     */
    public static int multiplierAt(Instant occurredAt, List<TierChange> changes) {
        return changes.stream()
                .filter(c -> c.effectiveTime().isBefore(occurredAt))
                .max(Comparator.comparing(TierChange::effectiveTime).thenComparing(TierChange::changeId))
                .map(TierChange::multiplierBps)
                .orElse(NO_TIER_BPS);
    }

    /** Total points reversed after refunds totalling {@code refundedMinor}: floor(P × min(R, A) / A). */
    public static long reversedTotal(long earnedPoints, long refundedMinor, long amountMinor) {
        if (amountMinor <= 0) {
            return 0;
        }
        long r = Math.min(refundedMinor, amountMinor);
        return BigInteger.valueOf(earnedPoints).multiply(BigInteger.valueOf(r))
                .divide(BigInteger.valueOf(amountMinor)).longValueExact();
    }
}
