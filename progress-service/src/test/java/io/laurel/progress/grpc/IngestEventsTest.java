package io.laurel.progress.grpc;

import static io.laurel.progress.grpc.ProgressFixture.newStore;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.laurel.devstack.LaurelTestResource;
import io.laurel.platform.error.StatusDetails;
import io.laurel.platform.grpc.ProtoTime;
import io.laurel.platform.time.FixedClockProducer;
import io.laurel.proto.common.v1.FieldViolation;
import io.laurel.proto.common.v1.Money;
import io.laurel.proto.progress.v1.CustomerEvent;
import io.laurel.proto.progress.v1.EventOutcome;
import io.laurel.proto.progress.v1.EventResult;
import io.laurel.proto.progress.v1.IngestEventsRequest;
import io.laurel.proto.progress.v1.IngestEventsResponse;
import io.laurel.proto.progress.v1.MutinyProgressServiceGrpc.MutinyProgressServiceStub;
import io.laurel.proto.progress.v1.OrderCompleted;
import io.laurel.proto.progress.v1.ProgressServiceGrpc.ProgressServiceBlockingStub;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** ProgressService.IngestEvents over real gRPC against real Postgres and Redis (R-PROG-TRACK-1, R-PROG-TRACK-2). */
@QuarkusTest
@WithTestResource(value = LaurelTestResource.class,
        initArgs = @ResourceArg(name = LaurelTestResource.DATABASE, value = "laurel_progress"))
class IngestEventsTest {

    @GrpcClient("progress")
    ProgressServiceBlockingStub progress;

    @GrpcClient("progress")
    MutinyProgressServiceStub asyncProgress;

    @Inject
    ProgressFixture fixture;

    private static IngestEventsRequest batch(String store, CustomerEvent... events) {
        return IngestEventsRequest.newBuilder()
                .setRequestId(UUID.randomUUID().toString()).setStoreId(store).addAllEvents(List.of(events)).build();
    }

    @Test
    void r_prog_track_1_everyEventKindIsAcceptedAndStoredAsReceived() throws Exception {
        String store = newStore();
        List<CustomerEvent> everyKind = Events.everyKind(store, "customer-1", fixture.clock().instant().minusSeconds(3600));

        IngestEventsResponse response = progress.ingestEvents(batch(store, everyKind.toArray(CustomerEvent[]::new)));

        assertThat(response.getResultsList()).extracting(EventResult::getOutcome)
                .containsOnly(EventOutcome.EVENT_OUTCOME_ACCEPTED).hasSize(9);
        assertThat(response.getAcceptedCount()).isEqualTo(9);
        assertThat(fixture.storedEventIds(store)).containsExactlyInAnyOrderElementsOf(everyKind.stream().map(CustomerEvent::getEventId).toList());
        for (CustomerEvent sent : everyKind) {
            assertThat(fixture.storedPayload(store, sent.getEventId())).isEqualTo(sent);
        }
        var row = fixture.pool().preparedQuery("""
                        SELECT kind, customer_id, occurred_at, order_id, received_at FROM customer_event
                        WHERE store_id = $1 AND event_id = $2""")
                .execute(io.vertx.mutiny.sqlclient.Tuple.of(store, everyKind.get(1).getEventId()))
                .await().atMost(Duration.ofSeconds(10)).iterator().next();
        assertThat(row.getString("kind")).isEqualTo("ORDER_REFUNDED");
        assertThat(row.getString("customer_id")).isEqualTo("customer-1");
        assertThat(row.getString("order_id")).isEqualTo(everyKind.get(1).getOrderRefunded().getOrderId());
        assertThat(row.getOffsetDateTime("occurred_at").toInstant())
                .isEqualTo(ProtoTime.toInstant(everyKind.get(1).getOccurredAt()));
        assertThat(row.getOffsetDateTime("received_at").toInstant()).as("the injected clock").isEqualTo(fixture.clock().instant());
    }

    @Test
    void r_prog_track_1_aBatchOfGoodDuplicateAndBadEventsGetsOneResultPerEventAndStoresOnlyTheGoodOnes() {
        String store = newStore();
        Instant at = fixture.clock().instant().minusSeconds(60);
        CustomerEvent known = Events.orderCompleted(store, "known", "customer-1", "order-1", 1000, at);
        progress.ingestEvents(batch(store, known));

        CustomerEvent good = Events.orderCompleted(store, "good", "customer-1", "order-2", 2500, at);
        CustomerEvent bad = Events.orderCompleted(store, "bad", "", "", -5, at).toBuilder()
                .setOrderCompleted(OrderCompleted.newBuilder().setOrderId("")
                        .setAmount(Money.newBuilder().setAmountMinor(-5).setCurrencyCode("dollars")))
                .build();
        CustomerEvent noKind = CustomerEvent.newBuilder().setEventId("no-kind").setStoreId(store)
                .setCustomerId("customer-1").setOccurredAt(ProtoTime.toProto(at)).build();
        CustomerEvent good2 = Events.review(store, "good-2", "customer-2", "review-1", at);

        IngestEventsResponse response = progress.ingestEvents(batch(store, good, known, bad, noKind, good2));

        assertThat(response.getResultsList()).extracting(EventResult::getIndex, EventResult::getEventId,
                EventResult::getOutcome).containsExactly(
                org.assertj.core.groups.Tuple.tuple(0, "good", EventOutcome.EVENT_OUTCOME_ACCEPTED),
                org.assertj.core.groups.Tuple.tuple(1, "known", EventOutcome.EVENT_OUTCOME_DUPLICATE),
                org.assertj.core.groups.Tuple.tuple(2, "bad", EventOutcome.EVENT_OUTCOME_REJECTED),
                org.assertj.core.groups.Tuple.tuple(3, "no-kind", EventOutcome.EVENT_OUTCOME_REJECTED),
                org.assertj.core.groups.Tuple.tuple(4, "good-2", EventOutcome.EVENT_OUTCOME_ACCEPTED));
        // its shape first (L-API-3): the amount's own faults are named once the event's shape is right
        assertThat(response.getResults(2).getViolationsList()).extracting(FieldViolation::getField, FieldViolation::getReason)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("events[2].customer_id", "REQUIRED"),
                        org.assertj.core.groups.Tuple.tuple("events[2].order_completed.order_id", "REQUIRED"),
                        // "dollars" breaks Money's contract (a 3-letter code): a shape fault, answered with the others
                        org.assertj.core.groups.Tuple.tuple("events[2].order_completed.amount.currency_code", "INVALID_VALUE"));
        assertThat(response.getResults(3).getViolationsList()).extracting(FieldViolation::getField)
                .containsExactly("events[3].kind");
        assertThat(response.getResults(0).getViolationsList()).isEmpty();
        assertThat(List.of(response.getAcceptedCount(), response.getDuplicateCount(), response.getRejectedCount()))
                .containsExactly(2, 1, 2);
        assertThat(fixture.storedEventIds(store)).containsExactly("good", "good-2", "known");
    }

    @Test
    void r_prog_track_2_theSameEventSentConcurrentlyIsStoredOnce() {
        String store = newStore();
        CustomerEvent event = Events.orderCompleted(store, "order-completed:o-1", "customer-1", "o-1", 4200,
                fixture.clock().instant().minusSeconds(5));

        List<Uni<IngestEventsResponse>> calls = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            calls.add(asyncProgress.ingestEvents(batch(store, event)));
        }
        List<IngestEventsResponse> responses = Uni.join().all(calls).andFailFast().await().atMost(Duration.ofSeconds(30));

        assertThat(responses).extracting(r -> r.getResults(0).getOutcome())
                .containsOnly(EventOutcome.EVENT_OUTCOME_ACCEPTED, EventOutcome.EVENT_OUTCOME_DUPLICATE)
                .filteredOn(outcome -> outcome == EventOutcome.EVENT_OUTCOME_ACCEPTED).hasSize(1);
        assertThat(responses).extracting(IngestEventsResponse::getDuplicateCount).containsOnly(0, 1)
                .filteredOn(count -> count == 1).hasSize(7);
        assertThat(fixture.storedEventIds(store)).containsExactly("order-completed:o-1");
    }

    @Test
    void r_prog_track_2_overlappingBatchesInOppositeOrdersAllSucceedAndStoreEachEventOnce() {
        String store = newStore();
        List<CustomerEvent> events = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            events.add(Events.review(store, "r-" + i, "customer-" + i, "review-" + i, fixture.clock().instant()));
        }
        List<CustomerEvent> reversed = new ArrayList<>(events);
        java.util.Collections.reverse(reversed);

        // opposite lock orders can deadlock; the loser is run again, never answered INTERNAL
        List<Uni<IngestEventsResponse>> calls = new ArrayList<>();
        for (int round = 0; round < 4; round++) {
            calls.add(asyncProgress.ingestEvents(batch(store, events.toArray(CustomerEvent[]::new))));
            calls.add(asyncProgress.ingestEvents(batch(store, reversed.toArray(CustomerEvent[]::new))));
        }
        List<IngestEventsResponse> responses = Uni.join().all(calls).andFailFast().await().atMost(Duration.ofSeconds(60));

        assertThat(responses.stream().mapToInt(IngestEventsResponse::getAcceptedCount).sum()).isEqualTo(20);
        assertThat(responses.stream().mapToInt(IngestEventsResponse::getDuplicateCount).sum()).isEqualTo(7 * 20);
        assertThat(fixture.storedEventIds(store)).hasSize(20).doesNotHaveDuplicates();
    }

    @Test
    void r_prog_track_2_theFirstDeliveryWinsEvenIfTheContentDiffers() throws Exception {
        String store = newStore();
        Instant at = fixture.clock().instant().minusSeconds(5);
        CustomerEvent first = Events.orderCompleted(store, "e-1", "customer-1", "o-1", 1000, at);
        progress.ingestEvents(batch(store, first));

        CustomerEvent changed = Events.orderCompleted(store, "e-1", "customer-2", "o-1", 9999, at);
        IngestEventsResponse again = progress.ingestEvents(batch(store, changed, changed));

        assertThat(again.getResultsList()).extracting(EventResult::getOutcome)
                .containsExactly(EventOutcome.EVENT_OUTCOME_DUPLICATE, EventOutcome.EVENT_OUTCOME_DUPLICATE);
        assertThat(fixture.storedPayload(store, "e-1")).isEqualTo(first);
    }

    @Test
    void r_prog_track_2_anEventRepeatedInsideOneBatchIsAcceptedOnce() {
        String store = newStore();
        CustomerEvent event = Events.review(store, "r-1", "customer-1", "review-1", fixture.clock().instant());

        IngestEventsResponse response = progress.ingestEvents(batch(store, event, event));

        assertThat(response.getResultsList()).extracting(EventResult::getOutcome)
                .containsExactly(EventOutcome.EVENT_OUTCOME_ACCEPTED, EventOutcome.EVENT_OUTCOME_DUPLICATE);
        assertThat(fixture.storedEventIds(store)).containsExactly("r-1");
    }

    @Test
    void r_prog_track_2_anOrderIsCompletedOnceWhateverTheEventId() {
        String store = newStore();
        Instant at = fixture.clock().instant().minusSeconds(5);
        progress.ingestEvents(batch(store, Events.orderCompleted(store, "first", "customer-1", "o-1", 1000, at)));

        IngestEventsResponse second = progress.ingestEvents(batch(store,
                Events.review(store, "r-1", "customer-1", "review-1", at),
                Events.orderCompleted(store, "second", "customer-1", "o-1", 1000, at)));

        assertThat(second.getResults(1).getOutcome()).isEqualTo(EventOutcome.EVENT_OUTCOME_REJECTED);
        assertThat(second.getResults(1).getViolationsList()).extracting(FieldViolation::getField,
                FieldViolation::getReason).containsExactly(org.assertj.core.groups.Tuple.tuple(
                "events[1].order_completed.order_id", "ORDER_ALREADY_COMPLETED"));
        assertThat(fixture.storedEventIds(store)).containsExactly("first", "r-1");
    }

    @Test
    void r_prog_track_2_inOneBatchTheFirstCopyOfAnEventAndTheFirstCompletionOfAnOrderAreTheOnesStored() {
        String store = newStore();
        Instant at = fixture.clock().instant().minusSeconds(5);
        CustomerEvent first = Events.orderCompleted(store, "e-1", "customer-1", "o-1", 1000, at);
        CustomerEvent copy = Events.orderCompleted(store, "e-1", "customer-1", "o-2", 9000, at);
        CustomerEvent otherId = Events.orderCompleted(store, "e-0", "customer-1", "o-3", 500, at);
        CustomerEvent sameOrder = Events.orderCompleted(store, "e-2", "customer-1", "o-3", 500, at);

        // stored in event id order (e-0, e-1, e-1, e-2): e-0 completes o-3 before e-2 does
        IngestEventsResponse response = progress.ingestEvents(batch(store, first, copy, sameOrder, otherId));

        assertThat(response.getResultsList()).extracting(EventResult::getEventId, EventResult::getOutcome).containsExactly(
                org.assertj.core.groups.Tuple.tuple("e-1", EventOutcome.EVENT_OUTCOME_ACCEPTED),
                org.assertj.core.groups.Tuple.tuple("e-1", EventOutcome.EVENT_OUTCOME_DUPLICATE),
                org.assertj.core.groups.Tuple.tuple("e-2", EventOutcome.EVENT_OUTCOME_REJECTED),
                org.assertj.core.groups.Tuple.tuple("e-0", EventOutcome.EVENT_OUTCOME_ACCEPTED));
        assertThat(response.getResults(2).getViolationsList()).extracting(FieldViolation::getReason)
                .containsExactly("ORDER_ALREADY_COMPLETED");
        assertThat(fixture.storedEventIds(store)).containsExactly("e-0", "e-1");
        assertThat(fixture.storedOrderId(store, "e-1")).as("the first copy's content").isEqualTo("o-1");
    }

    @Test
    void r_prog_track_2_anOrderCompletedConcurrentlyUnderSeveralEventIdsIsStoredOnce() {
        String store = newStore();
        List<Uni<IngestEventsResponse>> calls = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            calls.add(asyncProgress.ingestEvents(batch(store,
                    Events.orderCompleted(store, "completion-" + i, "customer-1", "o-1", 1000, fixture.clock().instant()))));
        }
        List<IngestEventsResponse> responses = Uni.join().all(calls).andFailFast().await().atMost(Duration.ofSeconds(30));

        assertThat(responses).extracting(IngestEventsResponse::getAcceptedCount).containsOnly(0, 1)
                .filteredOn(count -> count == 1).hasSize(1);
        assertThat(responses).filteredOn(r -> r.getRejectedCount() == 1).hasSize(5)
                .allSatisfy(r -> assertThat(r.getResults(0).getViolations(0).getReason())
                        .isEqualTo("ORDER_ALREADY_COMPLETED"));
        assertThat(fixture.storedEventIds(store)).hasSize(1);
    }

    @Test
    void r_store_1_theSameEventIdInTwoStoresIsTwoEvents() throws Exception {
        String storeA = newStore();
        String storeB = newStore();
        Instant at = fixture.clock().instant().minusSeconds(5);
        CustomerEvent inA = Events.orderCompleted(storeA, "e-1", "customer-1", "o-1", 1000, at);
        CustomerEvent inB = Events.orderCompleted(storeB, "e-1", "customer-1", "o-1", 7000, at);

        assertThat(progress.ingestEvents(batch(storeA, inA)).getAcceptedCount()).isEqualTo(1);
        assertThat(progress.ingestEvents(batch(storeB, inB)).getAcceptedCount()).isEqualTo(1);

        assertThat(fixture.storedPayload(storeA, "e-1")).isEqualTo(inA);
        assertThat(fixture.storedPayload(storeB, "e-1")).isEqualTo(inB);
    }

    @Test
    void r_store_1_anEventOfAnotherStoreIsRejectedNotStored() {
        String store = newStore();
        String other = newStore();
        IngestEventsResponse response = progress.ingestEvents(batch(store,
                Events.review(other, "r-1", "customer-1", "review-1", fixture.clock().instant())));

        assertThat(response.getResults(0).getViolationsList()).extracting(FieldViolation::getField,
                FieldViolation::getReason).containsExactly(org.assertj.core.groups.Tuple.tuple(
                "events[0].store_id", "STORE_MISMATCH"));
        assertThat(fixture.storedEventIds(store)).isEmpty();
        assertThat(fixture.storedEventIds(other)).isEmpty();
    }

    @Test
    void aRetryWithTheSameRequestIdReplaysTheFirstAnswer() {
        String store = newStore();
        IngestEventsRequest request = batch(store, Events.review(store, "r-1", "customer-1", "review-1", fixture.clock().instant()));

        IngestEventsResponse first = progress.ingestEvents(request);
        IngestEventsResponse retry = progress.ingestEvents(request);

        assertThat(first.getAcceptedCount()).isEqualTo(1);
        assertThat(retry).as("the stored answer, not a fresh DUPLICATE").isEqualTo(first);
        IngestEventsResponse newKey = progress.ingestEvents(request.toBuilder()
                .setRequestId(UUID.randomUUID().toString()).build());
        assertThat(newKey.getDuplicateCount()).as("a new request_id still dedupes on event_id").isEqualTo(1);

        StatusRuntimeException reused = catchThrowableOfType(StatusRuntimeException.class,
                () -> progress.ingestEvents(request.toBuilder()
                        .addEvents(Events.review(store, "r-2", "customer-1", "review-2", fixture.clock().instant())).build()));
        assertThat(reused.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(StatusDetails.badFields(reused)).containsExactly("request_id");
        assertThat(StatusDetails.errorInfo(reused).orElseThrow().getReason()).isEqualTo("REQUEST_ID_REUSED");
        assertThat(fixture.storedEventIds(store)).containsExactly("r-1");
    }

    @Test
    void aMalformedBatchFailsAsAWholeNamingEveryBadField() {
        StatusRuntimeException empty = catchThrowableOfType(StatusRuntimeException.class,
                () -> progress.ingestEvents(IngestEventsRequest.getDefaultInstance()));
        assertThat(empty.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(StatusDetails.badFields(empty)).containsExactly("request_id", "store_id", "events");

        String store = newStore();
        CustomerEvent event = Events.review(store, "r-1", "customer-1", "review-1", fixture.clock().instant());
        IngestEventsRequest.Builder tooMany = batch(store).toBuilder();
        for (int i = 0; i < 501; i++) {
            tooMany.addEvents(event);
        }
        StatusRuntimeException over = catchThrowableOfType(StatusRuntimeException.class,
                () -> progress.ingestEvents(tooMany.build()));
        assertThat(StatusDetails.badFields(over)).containsExactly("events");
        assertThat(fixture.storedEventIds(store)).isEmpty();

        tooMany.removeEvents(500);
        assertThat(progress.ingestEvents(tooMany.build()).getDuplicateCount()).as("500 is allowed").isEqualTo(499);
    }

    @Test
    void l_api_3_anEventBreakingItsContractIsRejectedAloneNamingEachField_theBatchGoesOn() {
        String store = newStore();
        Instant at = fixture.clock().instant().minusSeconds(60);
        CustomerEvent good = Events.review(store, "good", "customer-1", "review-1", at);
        CustomerEvent bad = Events.base(store, "bad id", "customer\u0000", at)
                .setPointsEarned(io.laurel.proto.progress.v1.PointsEarned.newBuilder().setLedgerEntryId("l-1")
                        .setPoints(0).setSource(io.laurel.proto.progress.v1.PointsSource.POINTS_SOURCE_MANUAL))
                .build();
        CustomerEvent tooManyTags = Events.base(store, "tags", "customer-1", at)
                .setCustomerUpdated(io.laurel.proto.progress.v1.CustomerUpdated.newBuilder()
                        .addAllTags(java.util.Collections.nCopies(251, "t")))
                .build();

        IngestEventsResponse response = progress.ingestEvents(batch(store, good, bad, tooManyTags));

        assertThat(response.getResultsList()).extracting(EventResult::getOutcome).containsExactly(
                EventOutcome.EVENT_OUTCOME_ACCEPTED, EventOutcome.EVENT_OUTCOME_REJECTED,
                EventOutcome.EVENT_OUTCOME_REJECTED);
        // the wire rule (no control characters) first and alone, as for a whole request
        assertThat(response.getResults(1).getViolationsList()).extracting(FieldViolation::getField,
                FieldViolation::getReason).containsExactly(
                org.assertj.core.groups.Tuple.tuple("events[1].customer_id", "INVALID_CHARACTER"));
        assertThat(response.getResults(2).getViolationsList()).extracting(FieldViolation::getField,
                FieldViolation::getReason).containsExactly(
                org.assertj.core.groups.Tuple.tuple("events[2].customer_updated.tags", "TOO_LONG"));
        IngestEventsResponse fixedNul = progress.ingestEvents(batch(store, bad.toBuilder().setCustomerId("customer-1")
                .build()));
        assertThat(fixedNul.getResults(0).getViolationsList()).extracting(FieldViolation::getField,
                FieldViolation::getReason).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple("events[0].event_id", "INVALID_ID"),
                org.assertj.core.groups.Tuple.tuple("events[0].points_earned.points", "OUT_OF_RANGE"));
        assertThat(fixture.storedEventIds(store)).containsExactly("good");
    }

    @Test
    void r_prog_track_1_occurredAtMayBeAtMostFiveMinutesAheadOfTheClock() {
        String store = newStore();
        Instant now = fixture.clock().instant();
        IngestEventsResponse response = progress.ingestEvents(batch(store,
                Events.review(store, "on-time", "customer-1", "review-1", now.plus(Duration.ofMinutes(5))),
                Events.review(store, "too-early", "customer-1", "review-2", now.plus(Duration.ofMinutes(5)).plusMillis(1))));

        assertThat(response.getResultsList()).extracting(EventResult::getOutcome)
                .containsExactly(EventOutcome.EVENT_OUTCOME_ACCEPTED, EventOutcome.EVENT_OUTCOME_REJECTED);
        assertThat(response.getResults(1).getViolationsList()).extracting(FieldViolation::getField)
                .containsExactly("events[1].occurred_at");

        fixture.clock().advance(Duration.ofMinutes(1));
        try {
            IngestEventsResponse later = progress.ingestEvents(batch(store,
                    Events.review(store, "too-early", "customer-1", "review-2", now.plus(Duration.ofMinutes(5)).plusMillis(1))));
            assertThat(later.getAcceptedCount()).as("a minute later it is within the skew").isEqualTo(1);
        } finally {
            fixture.clock().set(FixedClockProducer.START);
        }
    }
}
