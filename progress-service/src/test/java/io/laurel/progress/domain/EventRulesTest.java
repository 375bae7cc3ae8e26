package io.laurel.progress.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.laurel.platform.common.Money;
import io.laurel.platform.error.FieldViolation;
import io.laurel.platform.error.Violations;
import io.laurel.progress.domain.EventPayload.ActivityKind;
import io.laurel.progress.domain.EventPayload.CustomerActivity;
import io.laurel.progress.domain.EventPayload.CustomerTierChanged;
import io.laurel.progress.domain.EventPayload.CustomerUpdated;
import io.laurel.progress.domain.EventPayload.OrderCancelled;
import io.laurel.progress.domain.EventPayload.OrderCompleted;
import io.laurel.progress.domain.EventPayload.OrderRefunded;
import io.laurel.progress.domain.EventPayload.PointsEarned;
import io.laurel.progress.domain.EventPayload.PointsReversalReason;
import io.laurel.progress.domain.EventPayload.PointsReversed;
import io.laurel.progress.domain.EventPayload.PointsSource;
import io.laurel.progress.domain.EventPayload.ReviewPublished;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventRulesTest {

    private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
    private static final String STORE = "store-1";
    private static final Money USD_10 = new Money(1000, "USD");

    /** A valid event of every kind (R-PROG-TRACK-1 plus points and tier events from the other services). */
    static final List<EventPayload> EVERY_KIND = List.of(
            new OrderCompleted("order-1", USD_10),
            new OrderRefunded("order-1", "refund-1", new Money(250, "USD"), false),
            new OrderCancelled("order-1"),
            new ReviewPublished("review-1", "product-1"),
            new PointsEarned("ledger-1", 50, PointsSource.BASE_EARNING, "", "order-1"),
            new PointsReversed("ledger-2", 20, PointsReversalReason.CLAW_BACK, "program-1", ""),
            new CustomerActivity(ActivityKind.LOGIN),
            new CustomerUpdated(List.of("vip", "newsletter")),
            new CustomerTierChanged("tier-program-1", "gold"));

    private static CustomerEvent event(EventPayload payload) {
        return new CustomerEvent("event-1", STORE, "customer-1", NOW.minusSeconds(60), payload);
    }

    /** The bad fields of {@code event} as the 4th event of a request. */
    private static List<String> fields(CustomerEvent event) {
        return violations(event).stream().map(EventViolation::field).toList();
    }

    private static List<EventViolation> violations(CustomerEvent event) {
        EventViolations v = EventViolations.forElement("events", 3);
        EventRules.validate(event, STORE, NOW, v);
        return v.list();
    }

    @Test
    void r_prog_track_1_aValidEventOfEveryKindPasses() {
        assertThat(EVERY_KIND).extracting(EventPayload::kind).containsExactly(EventKind.values());
        for (EventPayload payload : EVERY_KIND) {
            assertThat(fields(event(payload))).as(payload.kind().name()).isEmpty();
        }
    }

    @Test
    void r_prog_track_1_everyBadCommonFieldIsNamedWithItsReason() {
        // required ids and occurred_at are the contract's (EventShapeTest); what is left needs the request and clock
        CustomerEvent bad = new CustomerEvent("e", "store-2", "c", NOW.plus(Duration.ofHours(1)), new OrderCancelled("o"));
        assertThat(violations(bad)).extracting(EventViolation::field, EventViolation::reason).containsExactly(
                org.assertj.core.groups.Tuple.tuple("events[3].store_id", "STORE_MISMATCH"),
                org.assertj.core.groups.Tuple.tuple("events[3].occurred_at", "OUT_OF_RANGE"));
        assertThat(violations(bad)).allSatisfy(v -> assertThat(v.description()).isNotBlank());
    }

    @Test
    void r_prog_track_1_theEventMustNameTheRequestsStore() {
        assertThat(fields(new CustomerEvent("e", "", "c", NOW, new OrderCancelled("o"))))
                .containsExactly("events[3].store_id");
    }

    @Test
    void r_prog_track_1_occurredAtIsAtMostFiveMinutesAhead() {
        OrderCancelled cancel = new OrderCancelled("o");
        assertThat(fields(new CustomerEvent("e", STORE, "c", NOW.plus(Duration.ofMinutes(5)), cancel))).isEmpty();
        assertThat(fields(new CustomerEvent("e", STORE, "c", NOW.plus(Duration.ofMinutes(5)).plusNanos(1000), cancel)))
                .containsExactly("events[3].occurred_at");
        assertThat(fields(new CustomerEvent("e", STORE, "c", Instant.parse("2001-01-01T00:00:00Z"), cancel)))
                .as("late events are fine: attribution is by occurred_at").isEmpty();
    }

    @Test
    void r_prog_track_1_anOrderCompletedNeedsAnOrderAndANonNegativeAmountInAnIsoCurrency() {
        assertThat(fields(event(new OrderCompleted("o", new Money(-1, "usd"))))).containsExactly(
                "events[3].order_completed.amount.amount_minor",
                "events[3].order_completed.amount.currency_code");
        assertThat(fields(event(new OrderCompleted("o", new Money(0, "JPY"))))).as("a free order counts").isEmpty();
        assertThat(violations(event(new OrderCompleted("o", new Money(1, "XXXX")))))
                .extracting(EventViolation::reason).containsExactly("INVALID_CURRENCY");
    }

    @Test
    void r_prog_track_1_aRefundNeedsItsOrderItsIdAndAPositiveAmount() {
        assertThat(fields(event(new OrderRefunded("o", "r", new Money(0, "EUR"), true)))).containsExactly(
                "events[3].order_refunded.refunded_amount.amount_minor");
    }

    @Test
    void r_prog_track_1_pointsEarnedArePositiveWithASourceAndTheMatchingReference() {
        assertThat(fields(event(new PointsEarned("l", 5, PointsSource.MILESTONE_REWARD, "", "order-1"))))
                .as("a milestone reward names its program, not an order").containsExactly(
                        "events[3].points_earned.source_program_id", "events[3].points_earned.order_id");
        assertThat(fields(event(new PointsEarned("l", 5, PointsSource.BASE_EARNING, "program-1", ""))))
                .as("base earning names its order, not a program").containsExactly(
                        "events[3].points_earned.source_program_id", "events[3].points_earned.order_id");
        assertThat(fields(event(new PointsEarned("l", 5, PointsSource.MANUAL, "", "")))).isEmpty();
        assertThat(violations(event(new PointsEarned("l", 5, PointsSource.MANUAL, "p", ""))))
                .extracting(EventViolation::reason).containsExactly("NOT_ALLOWED");
    }

    @Test
    void r_prog_track_1_pointsReversedArePositiveWithAReasonAndTheMatchingReference() {
        assertThat(fields(event(new PointsReversed("l", 5, PointsReversalReason.REFUND_REVERSAL, "", ""))))
                .containsExactly("events[3].points_reversed.order_id");
        assertThat(fields(event(new PointsReversed("l", 5, PointsReversalReason.CLAW_BACK, "", "o")))).containsExactly(
                "events[3].points_reversed.source_program_id", "events[3].points_reversed.order_id");
        assertThat(fields(event(new PointsReversed("l", 5, PointsReversalReason.MANUAL_DEDUCTION, "", "")))).isEmpty();
    }

    @Test
    void everyStreamMessageNamesTheStreamsStore_andTheFirstOneLabelsTheStream() {
        Violations first = new Violations();
        EventRules.checkStreamMessage(null, 0, "", STORE, first);
        assertThat(first.list()).extracting(FieldViolation::field).containsExactly("request_id");

        Violations later = new Violations();
        EventRules.checkStreamMessage(STORE, 2, "", "store-2", later);
        assertThat(later.list()).extracting(FieldViolation::field).containsExactly("store_id");
        assertThat(later.list().get(0).description()).contains("message 2");

        Violations fine = new Violations();
        EventRules.checkStreamMessage(STORE, 1, "", STORE, fine);
        assertThat(fine.isEmpty()).isTrue();
    }

    @Test
    void r_prog_track_2_aSecondCompletionOfAnOrderIsRejectedOnItsOrderId() {
        CheckedEvent checked = new CheckedEvent(4, event(new OrderCompleted("o", USD_10)), List.of());
        EventResult result = EventResult.recorded(checked, "events", Recording.ORDER_ALREADY_COMPLETED);
        assertThat(result.outcome()).isEqualTo(EventOutcome.REJECTED);
        assertThat(result.violations()).extracting(EventViolation::field, EventViolation::reason).containsExactly(
                org.assertj.core.groups.Tuple.tuple("events[4].order_completed.order_id", "ORDER_ALREADY_COMPLETED"));
    }

    @Test
    void r_prog_track_2_aKnownEventIsADuplicateAndANewOneIsAccepted() {
        CheckedEvent checked = new CheckedEvent(0, event(new OrderCancelled("o")), List.of());
        assertThat(EventResult.recorded(checked, "events", Recording.ALREADY_STORED).outcome())
                .isEqualTo(EventOutcome.DUPLICATE);
        assertThat(EventResult.recorded(checked, "events", Recording.STORED).outcome())
                .isEqualTo(EventOutcome.ACCEPTED);
        assertThat(EventResult.recorded(checked, "events", Recording.STORED).eventId()).isEqualTo("event-1");
    }
}
