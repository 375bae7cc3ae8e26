package io.laurel.tier.domain;

import java.time.Instant;
import java.util.Comparator;
import java.util.Objects;

/**
 * One piece of qualifying activity as tier-service keeps it (RecordQualifyingActivity): an order
 * amount in minor units or a number of points, always positive; the kind says which way it counts.
 *
 * @param orderId null when the activity has no order (points not from an order)
 */
public record QualifyingActivity(String activityId, Kind kind, Instant occurredAt, String orderId, long amount) {

    public enum Kind {
        ORDER_COMPLETED, ORDER_REFUNDED, ORDER_CANCELLED, POINTS_EARNED, POINTS_REVERSED;

        /** Whether this kind feeds programs of {@code criterion}. */
        public boolean feeds(TierProgram.Criterion criterion) {
            return switch (this) {
                case ORDER_COMPLETED, ORDER_REFUNDED, ORDER_CANCELLED -> criterion == TierProgram.Criterion.AMOUNT_SPENT;
                case POINTS_EARNED, POINTS_REVERSED -> criterion == TierProgram.Criterion.POINTS_EARNED;
            };
        }

        public boolean adds() {
            return this == ORDER_COMPLETED || this == POINTS_EARNED;
        }
    }

    /** Time order, the activity id breaking ties: the order every replay uses, whatever the arrival order. */
    public static final Comparator<QualifyingActivity> TIME_ORDER =
            Comparator.comparing(QualifyingActivity::occurredAt).thenComparing(QualifyingActivity::activityId);

    public QualifyingActivity {
        Objects.requireNonNull(activityId, "activityId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(occurredAt, "occurredAt");
        orderId = orderId == null || orderId.isEmpty() ? null : orderId;
    }

    public static QualifyingActivity orderCompleted(String id, Instant at, String orderId, long amount) {
        return new QualifyingActivity(id, Kind.ORDER_COMPLETED, at, orderId, amount);
    }

    public static QualifyingActivity orderRefunded(String id, Instant at, String orderId, long amount) {
        return new QualifyingActivity(id, Kind.ORDER_REFUNDED, at, orderId, amount);
    }

    public static QualifyingActivity orderCancelled(String id, Instant at, String orderId) {
        return new QualifyingActivity(id, Kind.ORDER_CANCELLED, at, orderId, 0);
    }

    public static QualifyingActivity pointsEarned(String id, Instant at, String orderId, long points) {
        return new QualifyingActivity(id, Kind.POINTS_EARNED, at, orderId, points);
    }

    public static QualifyingActivity pointsReversed(String id, Instant at, String orderId, long points) {
        return new QualifyingActivity(id, Kind.POINTS_REVERSED, at, orderId, points);
    }
}
