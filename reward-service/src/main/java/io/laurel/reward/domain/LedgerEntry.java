package io.laurel.reward.domain;

import io.laurel.platform.common.Actor;
import java.time.Instant;
import java.util.List;

/**
 * One entry of a customer's append-only points ledger. {@code balanceAfter} is the running sum of
 * {@code pointsDelta} in {@code sequence} order. Credits name the lot they created ({@code lotId},
 * {@code expiresAt}); debits the lots they consumed ({@code allocations}).
 */
public record LedgerEntry(
        String entryId,
        String storeId,
        String customerId,
        long sequence,
        Kind kind,
        long pointsDelta,
        long balanceAfter,
        Instant effectiveTime,
        Instant createTime,
        String lotId,
        Instant expiresAt,
        List<LotAllocation> allocations,
        String orderId,
        String reason,
        Actor actor) {

    /** reward-service acting on its own rules (expiry). */
    public static final Actor SYSTEM_ACTOR = Actor.system("reward-service");

    public enum Kind { EARNED, SPENT, EXPIRED, REVERSED, CLAWED_BACK, ADJUSTED, EARNING_CORRECTED }

    public LedgerEntry {
        allocations = List.copyOf(allocations);
    }
}
