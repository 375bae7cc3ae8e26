package io.laurel.reward.domain;

import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * R-LEDGER-2: the balance at an instant is the sum of the lots earned by then that are neither
 * consumed nor expired at that instant — computed from the lots themselves, so it is right whether
 * or not the expiry job has booked their EXPIRED entries. For an instant in the past, debits made
 * after it are added back to the lots they consumed; for one in the future, expiry is previewed.
 */
public final class PointsBalance {

    /** Points that expire at one instant. */
    public record Expiring(Instant expiresAt, long points) {
    }

    /** A balance at {@code asOf}. {@code reserved} is reported only for now. */
    public record Balance(Instant asOf, long points, long reserved, long available, List<Expiring> expiringSoon) {
    }

    /** A debit's allocation with the time it took effect. */
    public record DatedAllocation(String lotId, long points, Instant effectiveTime) {
    }

    private PointsBalance() {
    }

    /**
     * @param lots        the customer's lots, remainders as stored now
     * @param allocations debits' allocations (those effective after {@code asOf} are added back)
     * @param debt        points owed by reversals that later credits have not repaid yet
     * @param now         the present: reservations count only for a balance at it
     */
    public static Balance at(Instant asOf, Duration expiringWithin, List<PointsLot> lots,
                             List<DatedAllocation> allocations, long debt, Instant now) {
        Map<String, Long> addedBack = new HashMap<>();
        for (DatedAllocation a : allocations) {
            if (a.lotId() != null && a.effectiveTime().isAfter(asOf)) {
                addedBack.merge(a.lotId(), a.points(), Long::sum);
            }
        }
        boolean present = asOf.equals(now);
        long points = -debt;
        long reserved = 0;
        Instant horizon = asOf.plus(expiringWithin);
        TreeMap<Instant, Long> expiring = new TreeMap<>();
        for (PointsLot lot : lots) {
            if (lot.earnedAt().isAfter(asOf)) {
                continue;
            }
            if (lot.isExpiredAt(asOf)) {
                // L-LEDGER-3: points held by a reservation do not expire while held
                if (present && lot.heldPoints() > 0) {
                    points += lot.heldPoints();
                    reserved += lot.heldPoints();
                }
                continue;
            }
            long remaining = lot.remainingPoints() + addedBack.getOrDefault(lot.lotId(), 0L);
            long held = present ? lot.heldPoints() : 0;
            points += remaining;
            reserved += held;
            if (lot.expiresAt() != null && !lot.expiresAt().isAfter(horizon) && remaining - held > 0) {
                expiring.merge(lot.expiresAt(), remaining - held, Long::sum);
            }
        }
        List<Expiring> soon = expiring.entrySet().stream().map(e -> new Expiring(e.getKey(), e.getValue())).toList();
        return new Balance(asOf, points, reserved, Math.max(0, points - reserved), soon);
    }

    /** Redemption value of {@code points}: floor(points × point value / 1000) minor units (R-STORE-3). */
    public static long valueMinor(long points, long pointValueMinorMilli) {
        return BigInteger.valueOf(points).multiply(BigInteger.valueOf(pointValueMinorMilli))
                .divide(BigInteger.valueOf(1000)).longValueExact();
    }
}
