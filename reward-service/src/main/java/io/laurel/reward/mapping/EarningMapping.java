package io.laurel.reward.mapping;

import io.laurel.platform.grpc.ProtoTime;
import io.laurel.reward.domain.OrderEarning;

/** proto for an order's base earning. */
public final class EarningMapping {

    private EarningMapping() {
    }

    public static io.laurel.proto.reward.v1.OrderEarning toProto(OrderEarning o) {
        return io.laurel.proto.reward.v1.OrderEarning.newBuilder()
                .setOrderId(o.orderId())
                .setCustomerId(o.customerId())
                .setOrderAmount(RewardMapping.money(o.amountMinor(), o.currencyCode()))
                .setOccurredAt(ProtoTime.toProto(o.occurredAt()))
                .setBaseEarningRateMilli(o.rateMilli())
                .setEarningMultiplierBps(o.multiplierBps())
                .setPointsEarned(o.pointsEarned())
                .setRefundedAmount(RewardMapping.money(o.refundedMinor(), o.currencyCode()))
                .setPointsReversed(o.pointsReversed())
                .setCancelled(o.cancelled())
                .build();
    }
}
