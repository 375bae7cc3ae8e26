package io.laurel.progress.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Timestamp;
import io.laurel.progress.domain.CustomerEvent;
import io.laurel.progress.domain.EventKind;
import io.laurel.progress.domain.EventOutcome;
import io.laurel.progress.domain.EventPayload;
import io.laurel.progress.domain.EventResult;
import io.laurel.progress.domain.EventViolation;
import io.laurel.platform.common.Money;
import io.laurel.proto.common.v1.FieldViolation;
import io.laurel.proto.progress.v1.CustomerActivity;
import io.laurel.proto.progress.v1.CustomerActivityKind;
import io.laurel.proto.progress.v1.OrderCompleted;
import io.laurel.proto.progress.v1.PointsEarned;
import io.laurel.proto.progress.v1.PointsSource;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class CustomerEventMappingTest {

    private static io.laurel.proto.progress.v1.CustomerEvent.Builder event() {
        return io.laurel.proto.progress.v1.CustomerEvent.newBuilder()
                .setEventId("e1").setStoreId("s1").setCustomerId("c1")
                .setOccurredAt(Timestamp.newBuilder().setSeconds(1_780_000_000L).setNanos(123_456_789));
    }

    @Test
    void mapsTheCommonFieldsAndTheKind() {
        CustomerEvent mapped = CustomerEventMapping.toDomain(event().setOrderCompleted(OrderCompleted.newBuilder()
                .setOrderId("o1").setAmount(io.laurel.proto.common.v1.Money.newBuilder()
                        .setAmountMinor(1999).setCurrencyCode("EUR"))).build());

        assertThat(mapped.eventId()).isEqualTo("e1");
        assertThat(mapped.storeId()).isEqualTo("s1");
        assertThat(mapped.customerId()).isEqualTo("c1");
        assertThat(mapped.occurredAt()).isEqualTo(Instant.ofEpochSecond(1_780_000_000L, 123_456_789));
        assertThat(mapped.payload()).isEqualTo(new EventPayload.OrderCompleted("o1", new Money(1999, "EUR")));
        assertThat(mapped.payload().orderId()).isEqualTo("o1");
    }

    @Test
    void unsetPartsStayRecognisablyMissing() {
        CustomerEvent mapped = CustomerEventMapping.toDomain(io.laurel.proto.progress.v1.CustomerEvent.newBuilder()
                .setOrderCompleted(OrderCompleted.newBuilder().setOrderId("o1")).build());
        assertThat(mapped.occurredAt()).isNull();
        assertThat(((EventPayload.OrderCompleted) mapped.payload()).amount()).isNull();
        assertThat(CustomerEventMapping.toDomain(event().build()).payload()).isNull();
    }

    @Test
    void unspecifiedAndUnknownEnumValuesBecomeNull() {
        CustomerEvent unspecified = CustomerEventMapping.toDomain(event()
                .setCustomerActivity(CustomerActivity.newBuilder()
                        .setActivity(CustomerActivityKind.CUSTOMER_ACTIVITY_KIND_UNSPECIFIED)).build());
        assertThat(((EventPayload.CustomerActivity) unspecified.payload()).activity()).isNull();
        CustomerEvent unknown = CustomerEventMapping.toDomain(event()
                .setPointsEarned(PointsEarned.newBuilder().setSourceValue(99).setPoints(5)).build());
        assertThat(((EventPayload.PointsEarned) unknown.payload()).source()).isNull();
        CustomerEvent known = CustomerEventMapping.toDomain(event()
                .setPointsEarned(PointsEarned.newBuilder().setSource(PointsSource.POINTS_SOURCE_MANUAL)).build());
        assertThat(((EventPayload.PointsEarned) known.payload()).source()).isEqualTo(EventPayload.PointsSource.MANUAL);
        assertThat(known.payload().kind()).isEqualTo(EventKind.POINTS_EARNED);
    }

    @Test
    void anInvalidTimestampIsOutOfRangeNotMissing() {
        assertThat(CustomerEventMapping.toInstant(Timestamp.newBuilder().setSeconds(1).setNanos(-1).build()))
                .isEqualTo(Instant.MIN);
        assertThat(CustomerEventMapping.toInstant(Timestamp.newBuilder().setSeconds(253_402_300_800L).build()))
                .isEqualTo(Instant.MIN);
        assertThat(CustomerEventMapping.toInstant(Timestamp.newBuilder().setSeconds(-62_135_596_800L).build()))
                .isEqualTo(Instant.parse("0001-01-01T00:00:00Z"));
    }

    @Test
    void aResultCarriesItsPlaceOutcomeAndEveryViolationWithItsReason() {
        io.laurel.proto.progress.v1.EventResult proto = CustomerEventMapping.toProto(new EventResult(3, "e3",
                EventOutcome.REJECTED, List.of(new EventViolation("events[3].occurred_at", "is required", "REQUIRED"))), 2);
        assertThat(proto.getIndex()).isEqualTo(3);
        assertThat(proto.getMessageIndex()).isEqualTo(2);
        assertThat(proto.getEventId()).isEqualTo("e3");
        assertThat(proto.getOutcome()).isEqualTo(io.laurel.proto.progress.v1.EventOutcome.EVENT_OUTCOME_REJECTED);
        assertThat(proto.getViolationsList()).containsExactly(FieldViolation.newBuilder()
                .setField("events[3].occurred_at").setDescription("is required").setReason("REQUIRED").build());
    }
}
