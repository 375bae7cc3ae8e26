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
        Actor actor,
        RewardCause cause,
        String reversalId,
        String redemptionId) {

    /** reward-service acting on its own rules (expiry). */
    public static final Actor SYSTEM_ACTOR = Actor.system("reward-service");

    public enum Kind { EARNED, SPENT, EXPIRED, REVERSED, CLAWED_BACK, ADJUSTED, EARNING_CORRECTED }

    public LedgerEntry {
        allocations = List.copyOf(allocations);
    }

    /** An entry with no reward cause, reversal or redemption reference. */
    public LedgerEntry(String entryId, String storeId, String customerId, long sequence, Kind kind, long pointsDelta,
                       long balanceAfter, Instant effectiveTime, Instant createTime, String lotId, Instant expiresAt,
                       List<LotAllocation> allocations, String orderId, String reason, Actor actor) {
        this(entryId, storeId, customerId, sequence, kind, pointsDelta, balanceAfter, effectiveTime, createTime, lotId,
                expiresAt, allocations, orderId, reason, actor, null, null, null);
    }

    /** Whether the entry credits or takes back earned points (what progress and tier count). */
    public boolean changesEarnedPoints() {
        return pointsDelta != 0 && switch (kind) {
            case EARNED, REVERSED, CLAWED_BACK, ADJUSTED, EARNING_CORRECTED -> true;
            case SPENT, EXPIRED -> false;
        };
    }
}
