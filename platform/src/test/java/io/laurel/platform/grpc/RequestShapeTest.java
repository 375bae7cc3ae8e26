package io.laurel.platform.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Timestamp;
import io.laurel.platform.error.FieldViolation;
import io.laurel.proto.progress.v1.CustomerActivity;
import io.laurel.proto.progress.v1.CustomerEvent;
import io.laurel.proto.progress.v1.IngestEventsRequest;
import io.laurel.proto.progress.v1.OrderCancelled;
import io.laurel.proto.progress.v1.PointsEarned;
import io.laurel.proto.progress.v1.PointsSource;
import io.laurel.proto.reward.v1.GetBalanceRequest;
import io.laurel.proto.reward.v1.Redemption;
import io.laurel.proto.program.v1.ListMilestoneProgramsRequest;
import java.util.List;
import org.junit.jupiter.api.Test;

class RequestShapeTest {

    private final RequestShape shape = new RequestShape();

    @Test
    void aWellShapedRequestHasNoViolation() {
        assertThat(shape.violations(GetBalanceRequest.newBuilder().setStoreId("store-1")
                .setCustomerId("gid://shopify/Customer/42").build())).isEmpty();
    }

    @Test
    void theIdRuleIsTheSameForEveryIdAndLetsAnEmptyIdThroughToTheFieldsOwnRequiredRule() {
        // Redemption's ids carry the id rule alone: empty passes, an id of only spaces is not empty and is refused
        assertThat(shape.violations(Redemption.newBuilder().build())).isEmpty();
        assertThat(shape.violations(Redemption.newBuilder().setStoreId("  ").build()))
                .extracting(FieldViolation::field).containsExactly("store_id");
        List<FieldViolation> found = shape.violations(Redemption.newBuilder().setStoreId("x".repeat(129))
                .setCustomerId("with space").build());
        assertThat(found).extracting(FieldViolation::field).containsExactlyInAnyOrder("store_id", "customer_id");
        assertThat(found).extracting(FieldViolation::description)
                .allMatch(d -> d.contains("128 visible ASCII characters"));
        assertThat(shape.violations(Redemption.newBuilder().setStoreId("x".repeat(128)).build())).isEmpty();
        assertThat(shape.violations(Redemption.newBuilder().setStoreId("caf\u00e9").build()))
                .extracting(FieldViolation::field).containsExactly("store_id");
        // where the contract marks an id required, an empty one is refused here too
        assertThat(shape.violations(GetBalanceRequest.newBuilder().build()))
                .extracting(FieldViolation::field).containsExactlyInAnyOrder("store_id", "customer_id");
    }

    @Test
    void aNulOrOtherControlCharacterInAnyStringIsRefusedNamingTheField() {
        List<FieldViolation> found = shape.violations(ListMilestoneProgramsRequest.newBuilder().setStoreId("s\u0000")
                .setPageToken("tok\u0007en").build());
        assertThat(found).containsExactlyInAnyOrder(
                new FieldViolation("store_id", RequestShape.CONTROL_CHARACTER),
                new FieldViolation("page_token", RequestShape.CONTROL_CHARACTER));
        assertThat(RequestShape.hasControlCharacter("line one\nline\ttwo\r\n")).isFalse();
        assertThat(RequestShape.hasControlCharacter("\u007f")).isTrue();
    }

    @Test
    void aTimestampOutOfRangeIsRefusedWithItsPathInsideRepeatedMessages() {
        Timestamp farFuture = Timestamp.newBuilder().setSeconds(Long.MAX_VALUE / 2).build();
        Timestamp badNanos = Timestamp.newBuilder().setSeconds(0).setNanos(-1).build();
        IngestEventsRequest request = IngestEventsRequest.newBuilder()
                .addEvents(CustomerEvent.newBuilder().setEventId("e1").setOccurredAt(Timestamp.getDefaultInstance()))
                .addEvents(CustomerEvent.newBuilder().setEventId("e2").setOccurredAt(farFuture))
                .addEvents(CustomerEvent.newBuilder().setEventId("e3").setOccurredAt(badNanos))
                .build();
        assertThat(shape.violations(request)).containsExactly(
                new FieldViolation("events[1].occurred_at", RequestShape.TIMESTAMP_RANGE),
                new FieldViolation("events[2].occurred_at", RequestShape.TIMESTAMP_RANGE));
        assertThat(shape.violations(GetBalanceRequest.newBuilder().setAsOfTime(farFuture).build()))
                .extracting(FieldViolation::field).containsExactly("as_of_time");
    }

    @Test
    void contractRulesReportPathsWithIndexes() {
        CustomerEvent ok = CustomerEvent.newBuilder().setEventId("ok").setCustomerId("c1")
                .setOccurredAt(Timestamp.newBuilder().setSeconds(1_700_000_000L))
                .setOrderCancelled(OrderCancelled.newBuilder().setOrderId("o1")).build();
        IngestEventsRequest request = IngestEventsRequest.newBuilder().setRequestId("r1").setStoreId("s1")
                .addEvents(ok)
                .addEvents(ok.toBuilder().setEventId("not ok"))
                .build();
        assertThat(shape.violations(request)).extracting(FieldViolation::field).containsExactly("events[1].event_id");
    }

    @Test
    void eachFaultNamesTheRuleItBreaks_forCallersThatAnswerWithAReasonCode() {
        Timestamp farFuture = Timestamp.newBuilder().setSeconds(Long.MAX_VALUE / 2).build();
        assertThat(shape.faults(CustomerEvent.newBuilder().setEventId("e\u0000").setOccurredAt(farFuture).build()))
                .containsExactlyInAnyOrder(
                        new RequestShape.Fault("event_id", RequestShape.CONTROL_CHARACTER, RequestShape.CONTROL_CHARACTER_RULE),
                        new RequestShape.Fault("occurred_at", RequestShape.TIMESTAMP_RANGE, RequestShape.TIMESTAMP_RANGE_RULE));
        Timestamp now = Timestamp.newBuilder().setSeconds(1_700_000_000L).build();
        assertThat(shape.faults(CustomerEvent.newBuilder().setEventId("e 1").setOccurredAt(now)
                        .setPointsEarned(PointsEarned.newBuilder().setLedgerEntryId("entry-1").setPoints(0)
                                .setSourceValue(99))
                        .build()))
                .extracting(RequestShape.Fault::field, RequestShape.Fault::rule)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("event_id", "laurel.id"),
                        org.assertj.core.groups.Tuple.tuple("customer_id", "required"),
                        org.assertj.core.groups.Tuple.tuple("points_earned.points", "int64.gt"),
                        org.assertj.core.groups.Tuple.tuple("points_earned.source", "enum.defined_only"));
        assertThat(shape.faults(CustomerEvent.newBuilder().setEventId("e1").setCustomerId("c1").setOccurredAt(now)
                        .build()))
                .extracting(RequestShape.Fault::field).containsExactly("kind");
        assertThat(shape.violations(CustomerEvent.newBuilder().setEventId("e1").setCustomerId("c1").setOccurredAt(now)
                .setPointsEarned(PointsEarned.newBuilder().setLedgerEntryId("entry-1").setPoints(5)
                        .setSource(PointsSource.POINTS_SOURCE_MANUAL)).build())).isEmpty();
    }

    @Test
    void outsideItemsABatchIsCheckedWithoutItsItemsButWithItsItemCount() {
        CustomerEvent bad = CustomerEvent.newBuilder().setEventId("not ok").build();
        assertThat(shape.violationsOutsideItems(IngestEventsRequest.newBuilder().setRequestId("r1").setStoreId("s1")
                .addEvents(bad).build())).isEmpty();
        assertThat(shape.violationsOutsideItems(IngestEventsRequest.newBuilder().setStoreId("s 1").build()))
                .extracting(FieldViolation::field).containsExactlyInAnyOrder("request_id", "store_id", "events");
        IngestEventsRequest.Builder tooMany = IngestEventsRequest.newBuilder().setRequestId("r1").setStoreId("s1");
        CustomerEvent good = CustomerEvent.newBuilder().setEventId("e1").setCustomerId("c1")
                .setOccurredAt(Timestamp.newBuilder().setSeconds(1_700_000_000L))
                .setOrderCancelled(OrderCancelled.newBuilder().setOrderId("o1")).build();
        for (int i = 0; i < 501; i++) {
            tooMany.addEvents(good);
        }
        assertThat(shape.violationsOutsideItems(tooMany.build())).containsExactly(
                new FieldViolation("events", "must contain at most 500 item(s), not 501"));
        tooMany.removeEvents(0);
        assertThat(shape.violationsOutsideItems(tooMany.build())).isEmpty();
        assertThat(shape.violations(IngestEventsRequest.newBuilder().setRequestId("r1").setStoreId("s1").build()))
                .extracting(FieldViolation::field).containsExactly("events");
        assertThat(shape.violations(IngestEventsRequest.newBuilder().setRequestId("r1").setStoreId("s1")
                .addEvents(good.toBuilder().setCustomerActivity(CustomerActivity.getDefaultInstance())).build()))
                .extracting(FieldViolation::field).containsExactly("events[0].customer_activity.activity");
    }

    @Test
    void aShapeCompiledForRequestsAlsoChecksTheMessagesTheyCarry_onTheirOwn() {
        RequestShape compiled = new RequestShape(List.of(IngestEventsRequest.getDescriptor()));
        CustomerEvent noKind = CustomerEvent.newBuilder().setEventId("e1").setCustomerId("c1")
                .setOccurredAt(Timestamp.newBuilder().setSeconds(1_700_000_000L)).build();
        assertThat(compiled.faults(noKind)).extracting(RequestShape.Fault::field, RequestShape.Fault::rule)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("kind", "required"));
    }
}
