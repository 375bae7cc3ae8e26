package io.laurel.program.domain.milestone;

import io.laurel.platform.common.ExpiryPolicy;
import io.laurel.platform.common.Money;
import io.laurel.platform.error.Violations;

/** What a valid reward (R-PROG-4), amount of money (R-STORE-3) and expiry policy (R-PROG-6) are. */
public final class RewardRules {

    public static final long MAX_FIXED_POINTS = 1_000_000_000L;
    public static final int MAX_PERCENT_BPS = 10_000;
    public static final int MAX_FREE_QUANTITY = 100;
    public static final int MAX_EXTERNAL_ID = 128;

    private RewardRules() {
    }

    /**
     * Records every violation of {@code reward} under {@code v} (which already points at the reward
     * field). {@code percentageRefusal} is null when percentages are allowed, else why they are not.
     */
    public static void validate(Reward reward, String percentageRefusal, Violations v) {
        switch (reward) {
            case Reward.Unset u -> v.add("", "is required: points, store_credit or free_product");
            case Reward.Points p -> {
                Violations points = v.nested("points");
                if (p.fixedPoints() != null) {
                    points.require(p.fixedPoints() >= 1 && p.fixedPoints() <= MAX_FIXED_POINTS, "fixed_points",
                            "must be between 1 and " + MAX_FIXED_POINTS);
                } else if (p.percentOfOrderBps() != null) {
                    checkPercentage(p.percentOfOrderBps(), percentageRefusal, points);
                } else {
                    points.add("", "must set fixed_points or percent_of_order_bps");
                }
            }
            case Reward.StoreCredit c -> {
                Violations credit = v.nested("store_credit");
                if (c.fixedAmount() != null) {
                    validatePositiveMoney(c.fixedAmount(), credit.nested("fixed_amount"));
                } else if (c.percentOfOrderBps() != null) {
                    checkPercentage(c.percentOfOrderBps(), percentageRefusal, credit);
                } else {
                    credit.add("", "must set fixed_amount or percent_of_order_bps");
                }
            }
            case Reward.FreeProduct f -> {
                Violations product = v.nested("free_product");
                product.require(isExternalId(f.productId()), "product_id",
                        "is required: the platform's product id, 1.." + MAX_EXTERNAL_ID + " characters");
                product.require(f.variantId().codePointCount(0, f.variantId().length()) <= MAX_EXTERNAL_ID, "variant_id",
                        "must be at most " + MAX_EXTERNAL_ID + " characters");
                product.require(f.quantity() >= 1 && f.quantity() <= MAX_FREE_QUANTITY, "quantity",
                        "must be between 1 and " + MAX_FREE_QUANTITY);
            }
        }
    }

    private static void checkPercentage(int bps, String refusal, Violations v) {
        if (refusal != null) {
            v.add("percent_of_order_bps", refusal);
        } else {
            v.require(bps >= 1 && bps <= MAX_PERCENT_BPS, "percent_of_order_bps",
                    "must be between 1 and " + MAX_PERCENT_BPS + " basis points (0.01% to 100%)");
        }
    }

    /** A positive amount in an ISO 4217 currency; whether it is the store's is {@link #requireStoreCurrency}'s. */
    public static void validatePositiveMoney(Money money, Violations v) {
        if (money == null) {
            v.add("", "is required: amount_minor and currency_code");
            return;
        }
        v.require(money.amountMinor() > 0, "amount_minor", "must be positive (minor units)");
        v.require(Money.isIsoCurrency(money.currencyCode()), "currency_code",
                "must be an ISO 4217 currency code such as USD");
    }

    /**
     * R-STORE-3: money is in the store's currency. Only a well-formed code is compared; a malformed
     * one is {@link #validatePositiveMoney}'s to name.
     */
    public static void requireStoreCurrency(Money money, String storeCurrency, Violations v) {
        if (money != null && storeCurrency != null && Money.isIsoCurrency(money.currencyCode()) && !storeCurrency.equals(money.currencyCode())) {
            v.add("currency_code", "must be the store currency " + storeCurrency);
        }
    }

    /**
     * A program's expiry policy in {@code field}: store default (days 0), never (days 0), or after
     * 1..3650 days. An absent policy is named by the field itself, not by a subfield of it.
     */
    public static void validateExpiry(ExpiryPolicy policy, Violations v, String field) {
        if (policy == null) {
            v.add(field, "is required: kind STORE_DEFAULT, NEVER or AFTER_DAYS");
            return;
        }
        Violations at = v.nested(field);
        switch (policy.kind()) {
            case STORE_DEFAULT, NEVER -> at.require(policy.days() == 0, "days", "must be 0 unless kind is AFTER_DAYS");
            case AFTER_DAYS -> at.require(policy.days() >= 1 && policy.days() <= ExpiryPolicy.MAX_DAYS, "days",
                    "must be between 1 and " + ExpiryPolicy.MAX_DAYS);
        }
    }

    static boolean isExternalId(String id) {
        return id != null && !id.isBlank() && id.codePointCount(0, id.length()) <= MAX_EXTERNAL_ID;
    }

    /** 1..{@code max} characters (code points), not only blanks. */
    public static boolean isName(String name, int max) {
        return name != null && !name.isBlank() && name.codePointCount(0, name.length()) <= max;
    }
}
