package io.laurel.progress.grpc;

import io.laurel.platform.grpc.ProtoTime;
import io.laurel.proto.common.v1.Money;
import io.laurel.proto.progress.v1.CustomerActivity;
import io.laurel.proto.progress.v1.CustomerActivityKind;
import io.laurel.proto.progress.v1.CustomerEvent;
import io.laurel.proto.progress.v1.CustomerTierChanged;
import io.laurel.proto.progress.v1.CustomerUpdated;
import io.laurel.proto.progress.v1.OrderCancelled;
import io.laurel.proto.progress.v1.OrderCompleted;
import io.laurel.proto.progress.v1.OrderRefunded;
import io.laurel.proto.progress.v1.PointsEarned;
import io.laurel.proto.progress.v1.PointsReversalReason;
import io.laurel.proto.progress.v1.PointsReversed;
import io.laurel.proto.progress.v1.PointsSource;
import io.laurel.proto.progress.v1.ReviewPublished;
import java.time.Instant;
import java.util.List;

/** Customer events as producers send them, for the endpoint tests. */
final class Events {

    private Events() {
    }

    static CustomerEvent.Builder base(String store, String eventId, String customer, Instant at) {
        return CustomerEvent.newBuilder().setEventId(eventId).setStoreId(store).setCustomerId(customer)
                .setOccurredAt(ProtoTime.toProto(at));
    }

    static Money usd(long minor) {
        return Money.newBuilder().setAmountMinor(minor).setCurrencyCode("USD").build();
    }

    static CustomerEvent orderCompleted(String store, String eventId, String customer, String order, long minor,
                                        Instant at) {
        return base(store, eventId, customer, at)
                .setOrderCompleted(OrderCompleted.newBuilder().setOrderId(order).setAmount(usd(minor))).build();
    }

    static CustomerEvent review(String store, String eventId, String customer, String review, Instant at) {
        return base(store, eventId, customer, at)
                .setReviewPublished(ReviewPublished.newBuilder().setReviewId(review).setProductId("product-1")).build();
    }

    /** One valid event of each of the nine kinds, for one customer, one second apart. */
    static List<CustomerEvent> everyKind(String store, String customer, Instant from) {
        return List.of(
                orderCompleted(store, "order-completed:o-1", customer, "o-1", 12_550, from),
                base(store, "order-refunded:r-1", customer, from.plusSeconds(1)).setOrderRefunded(OrderRefunded
                        .newBuilder().setOrderId("o-1").setRefundId("r-1").setRefundedAmount(usd(550))).build(),
                base(store, "order-cancelled:o-2", customer, from.plusSeconds(2))
                        .setOrderCancelled(OrderCancelled.newBuilder().setOrderId("o-2")).build(),
                review(store, "review-published:v-1", customer, "v-1", from.plusSeconds(3)),
                base(store, "ledger:l-1", customer, from.plusSeconds(4)).setPointsEarned(PointsEarned.newBuilder()
                        .setLedgerEntryId("l-1").setPoints(125).setSource(PointsSource.POINTS_SOURCE_BASE_EARNING)
                        .setOrderId("o-1")).build(),
                base(store, "ledger:l-2", customer, from.plusSeconds(5)).setPointsReversed(PointsReversed.newBuilder()
                        .setLedgerEntryId("l-2").setPoints(5)
                        .setReason(PointsReversalReason.POINTS_REVERSAL_REASON_REFUND_REVERSAL).setOrderId("o-1")).build(),
                base(store, "activity:a-1", customer, from.plusSeconds(6)).setCustomerActivity(CustomerActivity
                        .newBuilder().setActivity(CustomerActivityKind.CUSTOMER_ACTIVITY_KIND_LOGIN)).build(),
                base(store, "customer-updated:u-1", customer, from.plusSeconds(7))
                        .setCustomerUpdated(CustomerUpdated.newBuilder().addTags("vip").addTags("wholesale")).build(),
                base(store, "tier-change:t-1", customer, from.plusSeconds(8)).setCustomerTierChanged(
                        CustomerTierChanged.newBuilder().setTierProgramId("tier-program-1").setTierId("gold")).build());
    }
}
