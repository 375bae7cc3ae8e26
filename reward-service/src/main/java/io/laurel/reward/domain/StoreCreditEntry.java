package io.laurel.reward.domain;

import io.laurel.platform.common.Actor;
import java.time.Instant;

/** One entry of a customer's append-only store-credit ledger (R-LEDGER-6), amounts in minor units. */
public record StoreCreditEntry(
        String entryId,
        String storeId,
        String customerId,
        long sequence,
        Kind kind,
        long amountDelta,
        long balanceAfter,
        String currencyCode,
        Instant effectiveTime,
        Instant createTime,
        RewardCause cause,
        String redemptionId,
        String orderId,
        String reason,
        Actor actor) {

    public enum Kind { ISSUED, SPENT, ADJUSTED, CLAWED_BACK }

    /** The next entry on an account: {@code delta} applied to its balance. */
    public static StoreCreditEntry next(String entryId, String storeId, String customerId, CustomerAccount account,
                                        Kind kind, long delta, String currency, Instant effective, Instant now,
                                        RewardCause cause, String redemptionId, String orderId, String reason,
                                        Actor actor) {
        return new StoreCreditEntry(entryId, storeId, customerId, account.creditLastSequence() + 1, kind, delta,
                account.creditBalance() + delta, currency, effective, now, cause, redemptionId, orderId, reason, actor);
    }

    /** The account after this entry. */
    public CustomerAccount applyTo(CustomerAccount account) {
        return account.withCredit(sequence, balanceAfter, account.creditHeld());
    }
}
