package io.laurel.reward.domain;

import java.time.Instant;

/**
 * A lot of points (R-LEDGER-2): earned at {@code earnedAt} by credit entry {@code entryId},
 * expiring at {@code expiresAt} (null = never). {@code remainingPoints} is what debits have not
 * consumed yet (an expired but unbooked remainder included); {@code expiryBooked} once its EXPIRED
 * entry is appended.
 */
public record PointsLot(
        String lotId,
        String customerId,
        String entryId,
        Instant earnedAt,
        Instant expiresAt,
        long originalPoints,
        long remainingPoints,
        long heldPoints,
        boolean expiryBooked) {

    public enum State { OPEN, DEPLETED, EXPIRED }

    public boolean isExpiredAt(Instant at) {
        return PointsExpiry.isExpired(expiresAt, at);
    }

    /** Points that can be spent at {@code at}: the unheld remainder of an unexpired lot. */
    public long spendableAt(Instant at) {
        return isExpiredAt(at) ? 0 : remainingPoints - heldPoints;
    }

    /** Points neither spent, reversed nor expired at {@code at} (held ones included). */
    public long remainingAt(Instant at) {
        return isExpiredAt(at) ? 0 : remainingPoints;
    }

    public State stateAt(Instant at) {
        if (expiryBooked || remainingPoints > 0 && isExpiredAt(at)) {
            return State.EXPIRED;
        }
        return remainingPoints > 0 ? State.OPEN : State.DEPLETED;
    }

    public PointsLot withHeld(long held) {
        return new PointsLot(lotId, customerId, entryId, earnedAt, expiresAt, originalPoints, remainingPoints, held,
                expiryBooked);
    }

    public PointsLot booked() {
        return new PointsLot(lotId, customerId, entryId, earnedAt, expiresAt, originalPoints, remainingPoints,
                heldPoints, true);
    }

    public PointsLot consume(long points) {
        return new PointsLot(lotId, customerId, entryId, earnedAt, expiresAt, originalPoints,
                remainingPoints - points, heldPoints, expiryBooked);
    }
}
