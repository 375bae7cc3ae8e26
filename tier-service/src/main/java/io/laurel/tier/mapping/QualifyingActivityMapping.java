package io.laurel.tier.mapping;

import io.laurel.platform.common.Money;
import io.laurel.platform.error.Violations;
import io.laurel.platform.grpc.ProtoTime;
import io.laurel.platform.time.StoredTime;
import io.laurel.proto.tier.v1.RecordQualifyingActivityRequest;
import io.laurel.tier.domain.QualifyingActivity;
import java.time.Duration;
import java.time.Instant;

/**
 * RecordQualifyingActivityRequest → the domain's activity, recording every bad field on the way
 * that the contract cannot name: which fields each kind needs, the clock, ISO 4217. (The ids, a set
 * and defined kind, a valid occurred_at and points ≥ 0 are the contract's, checked before.)
 */
public final class QualifyingActivityMapping {

    private QualifyingActivityMapping() {
    }

    /** How far ahead of tier-service's clock a sender's clock may be. */
    public static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(5);

    /** The activity, or null when {@code v} got a violation; {@code now} is the service clock's. */
    public static QualifyingActivity toDomain(Violations v, RecordQualifyingActivityRequest r, Instant now) {
        QualifyingActivity.Kind kind = kind(r.getKind());
        Instant occurredAt = StoredTime.of(ProtoTime.toInstant(r.getOccurredAt()));
        v.require(!occurredAt.isAfter(now.plus(MAX_CLOCK_SKEW)), "occurred_at",
                "must not be in the future (more than " + MAX_CLOCK_SKEW.toMinutes() + " minutes ahead)");
        long amount = 0;
        switch (kind) {
            case ORDER_COMPLETED, ORDER_REFUNDED -> {
                requireOrder(v, r);
                amount = money(v, r, kind == QualifyingActivity.Kind.ORDER_REFUNDED);
                v.require(r.getPoints() == 0, "points", "must be 0 for order kinds");
            }
            case ORDER_CANCELLED -> {
                requireOrder(v, r);
                v.require(!r.hasAmount(), "amount", "must be unset: a cancellation removes the unrefunded remainder");
                v.require(r.getPoints() == 0, "points", "must be 0 for order kinds");
            }
            case POINTS_EARNED, POINTS_REVERSED -> {
                v.require(r.getPoints() > 0, "points", "must be greater than 0");
                v.require(!r.hasAmount(), "amount", "must be unset for points kinds");
                amount = r.getPoints();
            }
        }
        if (!v.isEmpty()) {
            return null;
        }
        return new QualifyingActivity(r.getActivityId(), kind, occurredAt, r.getOrderId(), amount);
    }

    private static void requireOrder(Violations v, RecordQualifyingActivityRequest r) {
        v.require(!r.getOrderId().isEmpty(), "order_id", "is required for order kinds");
    }

    private static long money(Violations v, RecordQualifyingActivityRequest r, boolean positive) {
        if (!r.hasAmount()) {
            v.add("amount", "is required for this kind");
            return 0;
        }
        Violations amount = v.nested("amount");
        amount.require(Money.isIsoCurrency(r.getAmount().getCurrencyCode()), "currency_code",
                "must be an ISO 4217 code");
        long minor = r.getAmount().getAmountMinor();
        amount.require(positive ? minor > 0 : minor >= 0, "amount_minor", positive ? "must be greater than 0"
                : "must not be negative");
        return minor;
    }

    static QualifyingActivity.Kind kind(io.laurel.proto.tier.v1.QualifyingActivityKind kind) {
        return switch (kind) {
            case QUALIFYING_ACTIVITY_KIND_ORDER_COMPLETED -> QualifyingActivity.Kind.ORDER_COMPLETED;
            case QUALIFYING_ACTIVITY_KIND_ORDER_REFUNDED -> QualifyingActivity.Kind.ORDER_REFUNDED;
            case QUALIFYING_ACTIVITY_KIND_ORDER_CANCELLED -> QualifyingActivity.Kind.ORDER_CANCELLED;
            case QUALIFYING_ACTIVITY_KIND_POINTS_EARNED -> QualifyingActivity.Kind.POINTS_EARNED;
            case QUALIFYING_ACTIVITY_KIND_POINTS_REVERSED -> QualifyingActivity.Kind.POINTS_REVERSED;
            // the contract (required, defined_only) refuses them before any mapping
            case QUALIFYING_ACTIVITY_KIND_UNSPECIFIED, UNRECOGNIZED -> throw new IllegalArgumentException(
                    "kind " + kind + " is not a defined activity kind");
        };
    }
}
