package io.laurel.progress.grpc;

import static io.laurel.progress.grpc.ProgressFixture.newStore;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.laurel.devstack.LaurelTestResource;
import io.laurel.platform.error.StatusDetails;
import io.laurel.proto.common.v1.FieldViolation;
import io.laurel.proto.progress.v1.CustomerEvent;
import io.laurel.proto.progress.v1.EventOutcome;
import io.laurel.proto.progress.v1.EventResult;
import io.laurel.proto.progress.v1.MutinyProgressServiceGrpc.MutinyProgressServiceStub;
import io.laurel.proto.progress.v1.StreamEventsRequest;
import io.laurel.proto.progress.v1.StreamEventsResponse;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Multi;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** ProgressService.StreamEvents over real gRPC against real Postgres and Redis (R-PROG-TRACK-1, R-PROG-TRACK-2). */
@QuarkusTest
@WithTestResource(value = LaurelTestResource.class,
        initArgs = @ResourceArg(name = LaurelTestResource.DATABASE, value = "laurel_progress"))
class StreamEventsTest {

    @GrpcClient("progress")
    MutinyProgressServiceStub progress;

    @Inject
    ProgressFixture fixture;

    private static StreamEventsRequest message(String requestId, String store, CustomerEvent... events) {
        return StreamEventsRequest.newBuilder().setRequestId(requestId).setStoreId(store)
                .addAllEvents(List.of(events)).build();
    }

    private StreamEventsResponse stream(StreamEventsRequest... messages) {
        return progress.streamEvents(Multi.createFrom().items(messages)).await().atMost(Duration.ofSeconds(30));
    }

    @Test
    void r_prog_track_2_severalMessagesAreCountedOnceAndOnlyNonAcceptedResultsAreListed() {
        String store = newStore();
        Instant at = fixture.clock().instant().minusSeconds(600);
        List<CustomerEvent> everyKind = Events.everyKind(store, "customer-1", at);
        CustomerEvent bad = Events.review(store, "bad", "", "review-9", at);

        StreamEventsResponse response = stream(
                message("feed-1", store, everyKind.subList(0, 5).toArray(CustomerEvent[]::new)),
                // later messages may leave request_id empty: it only labels the stream
                message("", store, everyKind.subList(5, 9).toArray(CustomerEvent[]::new)),
                message("", store, everyKind.get(0), bad, everyKind.get(8)));

        assertThat(response.getAcceptedCount()).isEqualTo(9);
        assertThat(response.getDuplicateCount()).isEqualTo(2);
        assertThat(response.getRejectedCount()).isEqualTo(1);
        assertThat(response.getResultsTruncated()).isFalse();
        assertThat(response.getResultsList()).extracting(EventResult::getMessageIndex, EventResult::getIndex,
                EventResult::getEventId, EventResult::getOutcome).containsExactly(
                org.assertj.core.groups.Tuple.tuple(2, 0, "order-completed:o-1", EventOutcome.EVENT_OUTCOME_DUPLICATE),
                org.assertj.core.groups.Tuple.tuple(2, 1, "bad", EventOutcome.EVENT_OUTCOME_REJECTED),
                org.assertj.core.groups.Tuple.tuple(2, 2, "tier-change:t-1", EventOutcome.EVENT_OUTCOME_DUPLICATE));
        assertThat(response.getResults(1).getViolationsList()).extracting(FieldViolation::getField)
                .containsExactly("events[1].customer_id");
        assertThat(fixture.storedEventIds(store)).containsExactlyInAnyOrderElementsOf(
                everyKind.stream().map(CustomerEvent::getEventId).toList());
    }

    @Test
    void r_prog_track_2_resendingAStreamAfterABreakReportsDuplicatesAndCountsNothingTwice() {
        String store = newStore();
        List<CustomerEvent> events = Events.everyKind(store, "customer-1", fixture.clock().instant().minusSeconds(60));
        stream(message("feed-1", store, events.subList(0, 4).toArray(CustomerEvent[]::new)));

        StreamEventsResponse resent = stream(message("feed-1-retry", store, events.toArray(CustomerEvent[]::new)));

        assertThat(resent.getAcceptedCount()).isEqualTo(5);
        assertThat(resent.getDuplicateCount()).isEqualTo(4);
        assertThat(resent.getResultsList()).extracting(EventResult::getIndex).containsExactly(0, 1, 2, 3);
        assertThat(fixture.storedEventIds(store)).hasSize(9);
    }

    @Test
    void theFirstMessageMustNameTheStreamAndItsStore() {
        StatusRuntimeException refused = catchThrowableOfType(StatusRuntimeException.class, () -> stream(
                StreamEventsRequest.newBuilder().addEvents(Events.review("s", "r-1", "c", "v", fixture.clock().instant())).build()));
        assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        // a store in every message is the contract's, answered first (L-API-3); a request_id in the first only is
        // the stream's own rule
        assertThat(StatusDetails.badFields(refused)).containsExactly("store_id");
        StatusRuntimeException unnamed = catchThrowableOfType(StatusRuntimeException.class, () -> stream(
                StreamEventsRequest.newBuilder().setStoreId("s")
                        .addEvents(Events.review("s", "r-1", "c", "v", fixture.clock().instant())).build()));
        assertThat(unnamed.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(StatusDetails.badFields(unnamed)).containsExactly("request_id");
    }

    @Test
    void r_store_1_aMessageForAnotherStoreFailsTheStreamAfterTheEarlierMessagesCommitted() {
        String store = newStore();
        String other = newStore();
        Instant at = fixture.clock().instant();

        StatusRuntimeException refused = catchThrowableOfType(StatusRuntimeException.class, () -> stream(
                message("feed-1", store, Events.review(store, "r-1", "c", "v-1", at)),
                message("", other, Events.review(other, "r-2", "c", "v-2", at)),
                message("", store, Events.review(store, "r-3", "c", "v-3", at))));

        assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(StatusDetails.badFields(refused)).containsExactly("store_id");
        assertThat(fixture.storedEventIds(store)).containsExactly("r-1");
        assertThat(fixture.storedEventIds(other)).isEmpty();
    }

    @Test
    void aMessageWithoutEventsFailsTheStream() {
        String store = newStore();
        StatusRuntimeException refused = catchThrowableOfType(StatusRuntimeException.class, () -> stream(
                message("feed-1", store, Events.review(store, "r-1", "c", "v-1", fixture.clock().instant())),
                message("", store)));
        assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(StatusDetails.badFields(refused)).containsExactly("events");
    }

    @Test
    void anEmptyStreamAnswersZeroCounts() {
        StreamEventsResponse response = stream();
        assertThat(response).isEqualTo(StreamEventsResponse.getDefaultInstance());
    }
}
