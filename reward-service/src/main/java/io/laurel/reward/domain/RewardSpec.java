package io.laurel.reward.domain;

import java.math.BigInteger;

/**
 * What a reward gives and how much (R-PROG-4), as the program configured it: points or store
 * credit, fixed or a percentage of the order amount (basis points), or a free product.
 */
public record RewardSpec(Kind kind, long fixedAmount, String currency, int percentBps, String productId,
                         String variantId, int quantity) {

    public enum Kind { POINTS, STORE_CREDIT, FREE_PRODUCT }

    public static RewardSpec fixedPoints(long points) {
        return new RewardSpec(Kind.POINTS, points, null, 0, null, null, 0);
    }

    public static RewardSpec percentPoints(int bps) {
        return new RewardSpec(Kind.POINTS, 0, null, bps, null, null, 0);
    }

    public static RewardSpec fixedCredit(long minor, String currency) {
        return new RewardSpec(Kind.STORE_CREDIT, minor, currency, 0, null, null, 0);
    }

    public static RewardSpec percentCredit(int bps) {
        return new RewardSpec(Kind.STORE_CREDIT, 0, null, bps, null, null, 0);
    }

    public static RewardSpec freeProduct(String productId, String variantId, int quantity) {
        return new RewardSpec(Kind.FREE_PRODUCT, 0, null, 0, productId, variantId, quantity);
    }

    public boolean isPercentage() {
        return percentBps > 0;
    }

    /**
     * Points to credit (L-REWARD-1): the fixed number, or
     * floor(order_minor × bps × 1000 / (10000 × point_value_minor_milli)).
     */
    public long points(long orderAmountMinor, long pointValueMinorMilli) {
        if (!isPercentage()) {
            return fixedAmount;
        }
        return BigInteger.valueOf(orderAmountMinor).multiply(BigInteger.valueOf(percentBps))
                .multiply(BigInteger.valueOf(1000))
                .divide(BigInteger.valueOf(10_000L).multiply(BigInteger.valueOf(pointValueMinorMilli)))
                .longValueExact();
    }

    /** Store credit in minor units: the fixed amount, or floor(order_minor × bps / 10000). */
    public long creditMinor(long orderAmountMinor) {
        if (!isPercentage()) {
            return fixedAmount;
        }
        return BigInteger.valueOf(orderAmountMinor).multiply(BigInteger.valueOf(percentBps))
                .divide(BigInteger.valueOf(10_000L)).longValueExact();
    }
}
