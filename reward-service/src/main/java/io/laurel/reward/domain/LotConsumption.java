package io.laurel.reward.domain;

import io.laurel.platform.error.FailedPreconditionException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * R-LEDGER-3: a debit consumes the lots that expire soonest first (never-expiring lots last, then
 * the oldest first); expired lots are not spendable, and points held by reservations are not
 * either. A manual deduction or a redemption never takes more than is spendable.
 */
public final class LotConsumption {

    public static final String INSUFFICIENT_POINTS = "INSUFFICIENT_POINTS";

    /** Soonest expiry first, never-expiring last, then oldest, then by id (a total order). */
    public static final Comparator<PointsLot> ORDER = Comparator
            .comparing(PointsLot::expiresAt, Comparator.nullsLast(Comparator.naturalOrder()))
            .thenComparing(PointsLot::earnedAt)
            .thenComparing(PointsLot::lotId);

    private LotConsumption() {
    }

    /** Points spendable at {@code at} across {@code lots}. */
    public static long spendable(List<PointsLot> lots, Instant at) {
        return lots.stream().mapToLong(lot -> lot.spendableAt(at)).sum();
    }

    /**
     * The allocations taking {@code points} (> 0) from {@code lots} at {@code at}, in consumption
     * order; FAILED_PRECONDITION INSUFFICIENT_POINTS when fewer are spendable.
     */
    public static List<LotAllocation> consume(List<PointsLot> lots, long points, Instant at) {
        if (points <= 0) {
            throw new IllegalArgumentException("points to consume must be positive: " + points);
        }
        long spendable = spendable(lots, at);
        if (spendable < points) {
            throw new FailedPreconditionException(INSUFFICIENT_POINTS,
                    "the customer has " + spendable + " points available, fewer than the " + points + " requested",
                    Map.of("available_points", Long.toString(spendable), "requested_points", Long.toString(points)));
        }
        List<LotAllocation> allocations = new ArrayList<>();
        long left = points;
        for (PointsLot lot : lots.stream().sorted(ORDER).toList()) {
            long take = Math.min(left, lot.spendableAt(at));
            if (take > 0) {
                allocations.add(new LotAllocation(lot.lotId(), take));
                left -= take;
            }
            if (left == 0) {
                break;
            }
        }
        return allocations;
    }

    /**
     * Lots whose unheld remainder has expired by {@code at} and is not booked yet, in the order their
     * entries are appended (by expiry, then consumption order). A lot whose expiry was booked while
     * part of it was held is due again once the hold ends unspent (L-LEDGER-3).
     */
    public static List<PointsLot> expiredUnbooked(List<PointsLot> lots, Instant at) {
        return lots.stream()
                .filter(lot -> lot.isExpiredAt(at) && lot.remainingPoints() - lot.heldPoints() > 0)
                .sorted(ORDER)
                .toList();
    }
}
