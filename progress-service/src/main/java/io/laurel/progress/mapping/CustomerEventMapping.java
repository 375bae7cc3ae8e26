package io.laurel.progress.mapping;

import com.google.protobuf.Timestamp;
import io.laurel.platform.common.MoneyMapping;
import io.laurel.platform.grpc.ProtoTime;
import io.laurel.progress.domain.CustomerEvent;
import io.laurel.progress.domain.EventOutcome;
import io.laurel.progress.domain.EventPayload;
import io.laurel.progress.domain.EventPayload.ActivityKind;
import io.laurel.progress.domain.EventPayload.PointsReversalReason;
import io.laurel.progress.domain.EventPayload.PointsSource;
import io.laurel.progress.domain.EventResult;
import io.laurel.progress.domain.EventViolation;
import io.laurel.proto.common.v1.FieldViolation;
import io.laurel.proto.progress.v1.EventResult.Builder;
import java.time.Instant;

/** proto ↔ domain for customer events and their per-event results. */
public final class CustomerEventMapping {

    private CustomerEventMapping() {
    }

    public static CustomerEvent toDomain(io.laurel.proto.progress.v1.CustomerEvent e) {
        return new CustomerEvent(e.getEventId(), e.getStoreId(), e.getCustomerId(),
                e.hasOccurredAt() ? toInstant(e.getOccurredAt()) : null, payload(e));
    }

    /**
     * An invalid Timestamp becomes {@link Instant#MIN}: the mapping stays total for an event whose shape is
     * refused (the rules only ever see events whose shape is right).
     */
    static Instant toInstant(Timestamp t) {
        return ProtoTime.isValid(t) ? ProtoTime.toInstant(t) : Instant.MIN;
    }

    private static EventPayload payload(io.laurel.proto.progress.v1.CustomerEvent e) {
        return switch (e.getKindCase()) {
            case ORDER_COMPLETED -> new EventPayload.OrderCompleted(e.getOrderCompleted().getOrderId(),
                    e.getOrderCompleted().hasAmount() ? MoneyMapping.toDomain(e.getOrderCompleted().getAmount()) : null);
            case ORDER_REFUNDED -> {
                var r = e.getOrderRefunded();
                yield new EventPayload.OrderRefunded(r.getOrderId(), r.getRefundId(),
                        r.hasRefundedAmount() ? MoneyMapping.toDomain(r.getRefundedAmount()) : null, r.getFullRefund());
            }
            case ORDER_CANCELLED -> new EventPayload.OrderCancelled(e.getOrderCancelled().getOrderId());
            case REVIEW_PUBLISHED -> new EventPayload.ReviewPublished(e.getReviewPublished().getReviewId(),
                    e.getReviewPublished().getProductId());
            case POINTS_EARNED -> {
                var p = e.getPointsEarned();
                yield new EventPayload.PointsEarned(p.getLedgerEntryId(), p.getPoints(), source(p.getSource()),
                        p.getSourceProgramId(), p.getOrderId());
            }
            case POINTS_REVERSED -> {
                var p = e.getPointsReversed();
                yield new EventPayload.PointsReversed(p.getLedgerEntryId(), p.getPoints(), reason(p.getReason()),
                        p.getSourceProgramId(), p.getOrderId());
            }
            case CUSTOMER_ACTIVITY -> new EventPayload.CustomerActivity(activity(e.getCustomerActivity().getActivity()));
            case CUSTOMER_UPDATED -> new EventPayload.CustomerUpdated(e.getCustomerUpdated().getTagsList());
            case CUSTOMER_TIER_CHANGED -> new EventPayload.CustomerTierChanged(
                    e.getCustomerTierChanged().getTierProgramId(), e.getCustomerTierChanged().getTierId());
            case KIND_NOT_SET -> null;
        };
    }

    /** null for UNSPECIFIED and for values this build does not know: the rules report them. */
    static PointsSource source(io.laurel.proto.progress.v1.PointsSource s) {
        return switch (s) {
            case POINTS_SOURCE_BASE_EARNING -> PointsSource.BASE_EARNING;
            case POINTS_SOURCE_MILESTONE_REWARD -> PointsSource.MILESTONE_REWARD;
            case POINTS_SOURCE_TIER_ENTRY_REWARD -> PointsSource.TIER_ENTRY_REWARD;
            case POINTS_SOURCE_MANUAL -> PointsSource.MANUAL;
            case POINTS_SOURCE_EARNING_CORRECTION -> PointsSource.EARNING_CORRECTION;
            case POINTS_SOURCE_UNSPECIFIED, UNRECOGNIZED -> null;
        };
    }

    static PointsReversalReason reason(io.laurel.proto.progress.v1.PointsReversalReason r) {
        return switch (r) {
            case POINTS_REVERSAL_REASON_REFUND_REVERSAL -> PointsReversalReason.REFUND_REVERSAL;
            case POINTS_REVERSAL_REASON_CLAW_BACK -> PointsReversalReason.CLAW_BACK;
            case POINTS_REVERSAL_REASON_MANUAL_DEDUCTION -> PointsReversalReason.MANUAL_DEDUCTION;
            case POINTS_REVERSAL_REASON_EARNING_CORRECTION -> PointsReversalReason.EARNING_CORRECTION;
            case POINTS_REVERSAL_REASON_UNSPECIFIED, UNRECOGNIZED -> null;
        };
    }

    static ActivityKind activity(io.laurel.proto.progress.v1.CustomerActivityKind k) {
        return switch (k) {
            case CUSTOMER_ACTIVITY_KIND_VISIT -> ActivityKind.VISIT;
            case CUSTOMER_ACTIVITY_KIND_LOGIN -> ActivityKind.LOGIN;
            case CUSTOMER_ACTIVITY_KIND_UNSPECIFIED, UNRECOGNIZED -> null;
        };
    }

    public static io.laurel.proto.progress.v1.EventResult toProto(EventResult result) {
        return toProto(result, 0);
    }

    /** @param messageIndex StreamEvents only: the stream message that carried the event */
    public static io.laurel.proto.progress.v1.EventResult toProto(EventResult result, int messageIndex) {
        Builder b = io.laurel.proto.progress.v1.EventResult.newBuilder()
                .setEventId(result.eventId())
                .setMessageIndex(messageIndex)
                .setIndex(result.index())
                .setOutcome(toProto(result.outcome()));
        for (EventViolation v : result.violations()) {
            b.addViolations(FieldViolation.newBuilder()
                    .setField(v.field()).setDescription(v.description()).setReason(v.reason()));
        }
        return b.build();
    }

    static io.laurel.proto.progress.v1.EventOutcome toProto(EventOutcome outcome) {
        return switch (outcome) {
            case ACCEPTED -> io.laurel.proto.progress.v1.EventOutcome.EVENT_OUTCOME_ACCEPTED;
            case DUPLICATE -> io.laurel.proto.progress.v1.EventOutcome.EVENT_OUTCOME_DUPLICATE;
            case REJECTED -> io.laurel.proto.progress.v1.EventOutcome.EVENT_OUTCOME_REJECTED;
        };
    }
}
