package io.laurel.program.domain.milestone;

import io.laurel.platform.common.Money;

/**
 * What a customer receives (R-PROG-4): points, store credit or a free product, each fixed or — for
 * points and store credit — a percentage of the order that reached the milestone. Shared with tier
 * entry rewards. A field the caller left unset is null, so the rules can name it.
 */
public sealed interface Reward {

    /** Exactly one of {@code fixedPoints} / {@code percentOfOrderBps} is non-null when valid. */
    record Points(Long fixedPoints, Integer percentOfOrderBps) implements Reward {
    }

    /** Exactly one of {@code fixedAmount} / {@code percentOfOrderBps} is non-null when valid. */
    record StoreCredit(Money fixedAmount, Integer percentOfOrderBps) implements Reward {
    }

    /** A voucher for {@code quantity} units of a product (any variant when {@code variantId} is empty). */
    record FreeProduct(String productId, String variantId, int quantity) implements Reward {
    }

    /** The caller set no reward kind. */
    record Unset() implements Reward {
    }

    /** True for a reward whose amount is a share of an order. */
    default boolean isPercentage() {
        return switch (this) {
            case Points p -> p.percentOfOrderBps() != null;
            case StoreCredit c -> c.percentOfOrderBps() != null;
            case FreeProduct f -> false;
            case Unset u -> false;
        };
    }
}
