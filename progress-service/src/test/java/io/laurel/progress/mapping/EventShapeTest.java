package io.laurel.progress.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import com.google.protobuf.Timestamp;
import io.laurel.platform.grpc.ProtoTime;
import io.laurel.platform.grpc.RequestShape;
import io.laurel.progress.domain.EventViolation;
import io.laurel.progress.domain.EventViolations;
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
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The shape of one event (R-PROG-TRACK-1) is its contract's: each limit here is a {@code buf.validate} rule of
 * customer_event.proto, and would pass unnoticed without it. Faults carry the event's path and a reason code.
 */
class EventShapeTest {

    private static final RequestShape SHAPE = new RequestShape();
    private static final Timestamp AT = ProtoTime.toProto(Instant.parse("2026-06-01T12:00:00Z"));
    private static final Money USD_10 = Money.newBuilder().setAmountMinor(1000).setCurrencyCode("USD").build();

    private static CustomerEvent.Builder event() {
        return CustomerEvent.newBuilder().setEventId("event-1").setStoreId("store-1").setCustomerId("customer-1")
                .setOccurredAt(AT);
    }

    /** The shape faults of {@code event} as the 4th event of a request. */
    private static List<EventViolation> violations(CustomerEvent.Builder event) {
        EventViolations v = EventViolations.forElement("events", 3);
        EventShape.check(SHAPE, event.build(), v);
        return v.list();
    }

    private static List<String> fields(CustomerEvent.Builder event) {
        return violations(event).stream().map(EventViolation::field).toList();
    }

    @Test
    void r_prog_track_1_aWellShapedEventOfEveryKindHasNoFault() {
        List<CustomerEvent.Builder> everyKind = List.of(
                event().setOrderCompleted(OrderCompleted.newBuilder().setOrderId("o-1").setAmount(USD_10)),
                event().setOrderRefunded(OrderRefunded.newBuilder().setOrderId("o-1").setRefundId("r-1")
                        .setRefundedAmount(USD_10)),
                event().setOrderCancelled(OrderCancelled.newBuilder().setOrderId("o-1")),
                event().setReviewPublished(ReviewPublished.newBuilder().setReviewId("v-1").setProductId("p-1")),
                event().setPointsEarned(PointsEarned.newBuilder().setLedgerEntryId("l-1").setPoints(1)
                        .setSource(PointsSource.POINTS_SOURCE_BASE_EARNING).setOrderId("o-1")),
                event().setPointsReversed(PointsReversed.newBuilder().setLedgerEntryId("l-2").setPoints(1)
                        .setReason(PointsReversalReason.POINTS_REVERSAL_REASON_MANUAL_DEDUCTION)),
                event().setCustomerActivity(CustomerActivity.newBuilder()
                        .setActivity(CustomerActivityKind.CUSTOMER_ACTIVITY_KIND_LOGIN)),
                event().setCustomerUpdated(CustomerUpdated.newBuilder().addTags("vip")),
                event().setCustomerTierChanged(CustomerTierChanged.newBuilder().setTierProgramId("tp-1")));
        for (CustomerEvent.Builder e : everyKind) {
            assertThat(violations(e)).as(e.getKindCase().name()).isEmpty();
        }
    }

    @Test
    void r_prog_track_1_everyMissingCommonFieldIsNamedWithItsReason() {
        CustomerEvent.Builder bad = CustomerEvent.newBuilder().setStoreId("store-2")
                .setOrderCancelled(OrderCancelled.newBuilder().setOrderId("o"));
        assertThat(violations(bad)).extracting(EventViolation::field, EventViolation::reason).containsExactlyInAnyOrder(
                tuple("events[3].event_id", "REQUIRED"),
                tuple("events[3].customer_id", "REQUIRED"),
                tuple("events[3].occurred_at", "REQUIRED"));
        assertThat(violations(bad)).allSatisfy(v -> assertThat(v.description()).isNotBlank());
    }

    @Test
    void r_prog_track_1_idsAreAtMost128VisibleAsciiCharacters() {
        String id128 = "x".repeat(128);
        assertThat(fields(event().setEventId(id128).setCustomerId(id128)
                .setOrderCancelled(OrderCancelled.newBuilder().setOrderId(id128)))).isEmpty();
        String id129 = "x".repeat(129);
        assertThat(violations(event().setEventId(id129).setCustomerId("with space")
                .setOrderCancelled(OrderCancelled.newBuilder().setOrderId(id129))))
                .extracting(EventViolation::field, EventViolation::reason).containsExactlyInAnyOrder(
                        tuple("events[3].event_id", "INVALID_ID"),
                        tuple("events[3].customer_id", "INVALID_ID"),
                        tuple("events[3].order_cancelled.order_id", "INVALID_ID"));
        assertThat(violations(event().setEventId("e\u0000").setOrderCancelled(OrderCancelled.newBuilder().setOrderId("o"))))
                .extracting(EventViolation::field, EventViolation::reason)
                .containsExactly(tuple("events[3].event_id", "INVALID_CHARACTER"));
    }

    @Test
    void r_prog_track_1_occurredAtIsARepresentableInstant() {
        assertThat(violations(event().setOccurredAt(Timestamp.newBuilder().setSeconds(Long.MAX_VALUE / 2))
                .setOrderCancelled(OrderCancelled.newBuilder().setOrderId("o"))))
                .extracting(EventViolation::field, EventViolation::reason)
                .containsExactly(tuple("events[3].occurred_at", "OUT_OF_RANGE"));
    }

    @Test
    void r_prog_track_1_anEventWithoutAKindIsRejected() {
        assertThat(violations(event())).extracting(EventViolation::field, EventViolation::reason)
                .containsExactly(tuple("events[3].kind", "REQUIRED"));
    }

    @Test
    void r_prog_track_1_anOrderNeedsItsIdAndAnAmount() {
        assertThat(fields(event().setOrderCompleted(OrderCompleted.getDefaultInstance()))).containsExactlyInAnyOrder(
                "events[3].order_completed.order_id", "events[3].order_completed.amount");
        assertThat(fields(event().setOrderRefunded(OrderRefunded.getDefaultInstance()))).containsExactlyInAnyOrder(
                "events[3].order_refunded.order_id", "events[3].order_refunded.refund_id",
                "events[3].order_refunded.refunded_amount");
        assertThat(fields(event().setOrderCancelled(OrderCancelled.getDefaultInstance())))
                .containsExactly("events[3].order_cancelled.order_id");
    }

    @Test
    void r_prog_track_1_aReviewNeedsItsIdAndProduct() {
        assertThat(fields(event().setReviewPublished(ReviewPublished.getDefaultInstance()))).containsExactlyInAnyOrder(
                "events[3].review_published.review_id", "events[3].review_published.product_id");
    }

    @Test
    void r_prog_track_1_pointsArePositiveWithADefinedSourceOrReason() {
        assertThat(violations(event().setPointsEarned(PointsEarned.newBuilder().setPoints(0))))
                .extracting(EventViolation::field, EventViolation::reason).containsExactlyInAnyOrder(
                        tuple("events[3].points_earned.ledger_entry_id", "REQUIRED"),
                        tuple("events[3].points_earned.points", "OUT_OF_RANGE"),
                        tuple("events[3].points_earned.source", "REQUIRED"));
        assertThat(violations(event().setPointsReversed(PointsReversed.newBuilder().setLedgerEntryId("l")
                .setPoints(-3).setReasonValue(99))))
                .as("an enum value this build does not know counts as unset")
                .extracting(EventViolation::field, EventViolation::reason).containsExactlyInAnyOrder(
                        tuple("events[3].points_reversed.points", "OUT_OF_RANGE"),
                        tuple("events[3].points_reversed.reason", "REQUIRED"));
    }

    @Test
    void r_prog_track_1_activityNamesItsKind() {
        assertThat(violations(event().setCustomerActivity(CustomerActivity.getDefaultInstance())))
                .extracting(EventViolation::field, EventViolation::reason)
                .containsExactly(tuple("events[3].customer_activity.activity", "REQUIRED"));
    }

    @Test
    void r_prog_track_1_tagsAreAtMost250OfOneTo255Characters() {
        assertThat(fields(event().setCustomerUpdated(CustomerUpdated.getDefaultInstance())))
                .as("every tag removed").isEmpty();
        assertThat(fields(event().setCustomerUpdated(CustomerUpdated.newBuilder()
                .addAllTags(Collections.nCopies(250, "t"))))).isEmpty();
        assertThat(violations(event().setCustomerUpdated(CustomerUpdated.newBuilder()
                .addAllTags(Collections.nCopies(251, "t")))))
                .extracting(EventViolation::field, EventViolation::reason)
                .containsExactly(tuple("events[3].customer_updated.tags", "TOO_LONG"));
        assertThat(violations(event().setCustomerUpdated(CustomerUpdated.newBuilder()
                .addAllTags(List.of("ok", "", "x".repeat(256), "y".repeat(255), "  ")))))
                .extracting(EventViolation::field, EventViolation::reason).containsExactlyInAnyOrder(
                        tuple("events[3].customer_updated.tags[1]", "REQUIRED"),
                        tuple("events[3].customer_updated.tags[2]", "TOO_LONG"),
                        tuple("events[3].customer_updated.tags[4]", "REQUIRED"));
    }

    @Test
    void r_prog_track_1_aTierChangeNamesItsProgramAndMayClearTheTier() {
        assertThat(fields(event().setCustomerTierChanged(CustomerTierChanged.newBuilder().setTierProgramId("tp-1"))))
                .as("no tier any more").isEmpty();
        assertThat(violations(event().setCustomerTierChanged(CustomerTierChanged.newBuilder()
                .setTierId("x".repeat(129)))))
                .extracting(EventViolation::field, EventViolation::reason).containsExactlyInAnyOrder(
                        tuple("events[3].customer_tier_changed.tier_program_id", "REQUIRED"),
                        tuple("events[3].customer_tier_changed.tier_id", "INVALID_ID"));
    }

    @Test
    void eachBrokenRuleHasAReasonACallerCanActOn() {
        assertThat(EventShape.reason("int32.gte")).isEqualTo("OUT_OF_RANGE");
        assertThat(EventShape.reason("duration.lte")).isEqualTo("OUT_OF_RANGE");
        assertThat(EventShape.reason("string.max_len")).isEqualTo("TOO_LONG");
        assertThat(EventShape.reason("some.rule_added_later")).isEqualTo("INVALID_VALUE");
    }
}
