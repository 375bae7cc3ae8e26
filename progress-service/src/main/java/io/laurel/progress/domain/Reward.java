package io.laurel.progress.domain;

/**
 * What a milestone gives (R-PROG-4), carried by value to reward-service. Exactly one of
 * {@code fixedAmount} (points, or minor units of {@code currency}) and {@code percentOfOrderBps} is
 * non-zero for points and store credit; free products have a product and a quantity.
 */
public record Reward(Kind kind, long fixedAmount, int percentOfOrderBps, String currency, String productId,
                     String variantId, int quantity) {

    public enum Kind { POINTS, STORE_CREDIT, FREE_PRODUCT }

    public static Reward fixedPoints(long points) {
        return new Reward(Kind.POINTS, points, 0, "", "", "", 0);
    }

    public static Reward percentPoints(int bps) {
        return new Reward(Kind.POINTS, 0, bps, "", "", "", 0);
    }

    public static Reward fixedCredit(long minor, String currency) {
        return new Reward(Kind.STORE_CREDIT, minor, 0, currency, "", "", 0);
    }

    public static Reward percentCredit(int bps) {
        return new Reward(Kind.STORE_CREDIT, 0, bps, "", "", "", 0);
    }

    public static Reward freeProduct(String productId, String variantId, int quantity) {
        return new Reward(Kind.FREE_PRODUCT, 0, 0, "", productId, variantId, quantity);
    }

    public boolean isPercentage() {
        return percentOfOrderBps > 0;
    }
}
