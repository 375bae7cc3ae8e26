package io.laurel.progress;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Message;
import io.laurel.platform.error.FieldViolation;
import io.laurel.platform.grpc.RequestShape;
import io.laurel.proto.progress.v1.CustomerEvent;
import io.laurel.proto.progress.v1.GetCustomerProgramProgressRequest;
import io.laurel.proto.progress.v1.GetCustomerProgressRequest;
import io.laurel.proto.progress.v1.IngestEventsRequest;
import io.laurel.proto.progress.v1.ListProgramCustomersRequest;
import io.laurel.proto.progress.v1.StreamEventsRequest;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * progress-service's call limits are its contract's (L-API-3): each one here is a {@code buf.validate} rule of
 * progress_service.proto, enforced before the service runs by platform's RequestShapeInterceptor with these field
 * paths (IngestEvents and StreamEvents without their events, which are answered one by one: mapping/EventShapeTest),
 * and would pass unnoticed without it. That the interceptor answers INVALID_ARGUMENT with them as BadRequest paths is
 * shown by the endpoint tests and HostileInputTest.
 */
class ContractLimitsTest {

    private final RequestShape shape = new RequestShape();

    @Test
    void l_api_3_anEmptyRequestNamesEveryRequiredField() {
        Map<Message, List<String>> required = Map.of(
                IngestEventsRequest.getDefaultInstance(), List.of("request_id", "store_id", "events"),
                // request_id is required in the first message only: the stream's own rule
                StreamEventsRequest.getDefaultInstance(), List.of("store_id", "events"),
                GetCustomerProgressRequest.getDefaultInstance(), List.of("store_id", "customer_id"),
                GetCustomerProgramProgressRequest.getDefaultInstance(), List.of("store_id", "customer_id", "program_id"),
                ListProgramCustomersRequest.getDefaultInstance(), List.of("store_id", "program_id"));
        required.forEach((request, expected) -> assertThat(shape.violationsOutsideItems(request))
                .as(request.getDescriptorForType().getName()).extracting(FieldViolation::field)
                .containsExactlyInAnyOrderElementsOf(expected));
    }

    @Test
    void r_prog_track_1_aBatchOrAStreamMessageCarriesOneTo500Events() {
        CustomerEvent any = CustomerEvent.newBuilder().setEventId("e").build();
        IngestEventsRequest.Builder ingest = IngestEventsRequest.newBuilder().setRequestId("r").setStoreId("s");
        StreamEventsRequest.Builder stream = StreamEventsRequest.newBuilder().setStoreId("s");
        assertThat(shape.violationsOutsideItems(ingest.addAllEvents(Collections.nCopies(500, any)).build())).isEmpty();
        assertThat(shape.violationsOutsideItems(stream.addAllEvents(Collections.nCopies(500, any)).build())).isEmpty();
        assertThat(shape.violationsOutsideItems(ingest.addEvents(any).build())).extracting(FieldViolation::field)
                .containsExactly("events");
        assertThat(shape.violationsOutsideItems(stream.addEvents(any).build())).extracting(FieldViolation::field)
                .containsExactly("events");
    }

    @Test
    void r_prog_track_7_theMerchantListTakesNoNegativeCountOrPageSize() {
        ListProgramCustomersRequest.Builder list = ListProgramCustomersRequest.newBuilder().setStoreId("s")
                .setProgramId("p");
        assertThat(shape.violations(list.setMinMilestonesReached(0).setPageSize(0).build())).isEmpty();
        assertThat(shape.violations(list.setMinMilestonesReached(-1).setPageSize(-1).build()))
                .extracting(FieldViolation::field).containsExactlyInAnyOrder("min_milestones_reached", "page_size");
    }
}
