package io.laurel.program.domain.milestone;

import io.laurel.platform.common.ExpiryPolicy;
import io.laurel.platform.common.Money;
import io.laurel.platform.error.Violations;

/**
 * What a valid reward (R-PROG-4), amount of money (R-STORE-3) and expiry policy (R-PROG-6) are,
 * beyond the contract: the contract ({@code laurel.common.v1.RewardSpec}, {@code Money},
 * {@code PointsExpiryPolicy}) already requires a kind and an amount and bounds every number, and
 * the request shape interceptor refuses a request that breaks it before these rules run.
 */
public final class RewardRules {

    private RewardRules() {
    }

    /**
     * Records every violation of {@code reward} under {@code v} (which already points at the reward
     * field). {@code percentageRefusal} is null when percentages are allowed, else why they are not.
     */
    public static void validate(Reward reward, String percentageRefusal, Violations v) {
        switch (reward) {
            case Reward.Points p -> {
                if (p.percentOfOrderBps() != null && percentageRefusal != null) {
                    v.nested("points").add("percent_of_order_bps", percentageRefusal);
                }
            }
            case Reward.StoreCredit c -> {
                Violations credit = v.nested("store_credit");
                if (c.fixedAmount() != null) {
                    validatePositiveMoney(c.fixedAmount(), credit.nested("fixed_amount"));
                } else if (c.percentOfOrderBps() != null && percentageRefusal != null) {
                    credit.add("percent_of_order_bps", percentageRefusal);
                }
            }
            // the contract bounds the product id and quantity, and refuses a reward without a kind
            case Reward.FreeProduct f -> { }
            case Reward.Unset u -> { }
        }
    }

    /**
     * A positive amount in a currency ISO 4217 knows; whether it is the store's is
     * {@link #requireStoreCurrency}'s. ({@code Money} may be negative elsewhere, so "positive" is
     * said where the amount is used; the contract says the code has 3 characters.)
     */
    public static void validatePositiveMoney(Money money, Violations v) {
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
     * N days (N ≥ 1; the contract bounds it at 3650). An absent policy is named by the field itself,
     * not by a subfield of it.
     */
    public static void validateExpiry(ExpiryPolicy policy, Violations v, String field) {
        if (policy == null) {
            v.add(field, "is required: kind STORE_DEFAULT, NEVER or AFTER_DAYS");
            return;
        }
        Violations at = v.nested(field);
        switch (policy.kind()) {
            case STORE_DEFAULT, NEVER -> at.require(policy.days() == 0, "days", "must be 0 unless kind is AFTER_DAYS");
            case AFTER_DAYS -> at.require(policy.days() >= 1, "days",
                    "must be at least 1 for AFTER_DAYS (at most 3650: the contract's)");
        }
    }
}
