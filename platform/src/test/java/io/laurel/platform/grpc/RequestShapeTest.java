package io.laurel.platform.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Timestamp;
import io.laurel.platform.error.FieldViolation;
import io.laurel.proto.progress.v1.CustomerEvent;
import io.laurel.proto.progress.v1.IngestEventsRequest;
import io.laurel.proto.reward.v1.GetBalanceRequest;
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
        assertThat(shape.violations(GetBalanceRequest.newBuilder().build())).isEmpty();
        // an id of only spaces is not empty: the id rule refuses it (a required field says "value is required")
        assertThat(shape.violations(GetBalanceRequest.newBuilder().setStoreId("  ").build()))
                .extracting(FieldViolation::field).containsExactly("store_id");
        List<FieldViolation> found = shape.violations(GetBalanceRequest.newBuilder().setStoreId("x".repeat(129))
                .setCustomerId("with space").build());
        assertThat(found).extracting(FieldViolation::field).containsExactlyInAnyOrder("store_id", "customer_id");
        assertThat(found).extracting(FieldViolation::description)
                .allMatch(d -> d.contains("128 visible ASCII characters"));
        assertThat(shape.violations(GetBalanceRequest.newBuilder().setStoreId("x".repeat(128)).build())).isEmpty();
        assertThat(shape.violations(GetBalanceRequest.newBuilder().setStoreId("caf\u00e9").build()))
                .extracting(FieldViolation::field).containsExactly("store_id");
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
        IngestEventsRequest request = IngestEventsRequest.newBuilder()
                .addEvents(CustomerEvent.newBuilder().setEventId("ok"))
                .addEvents(CustomerEvent.newBuilder().setEventId("not ok"))
                .build();
        assertThat(shape.violations(request)).extracting(FieldViolation::field).containsExactly("events[1].event_id");
    }
}
