package io.laurel.progress.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Timestamp;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.laurel.devstack.LaurelTestResource;
import io.laurel.proto.common.v1.Money;
import io.laurel.proto.progress.v1.CustomerActivity;
import io.laurel.proto.progress.v1.CustomerEvent;
import io.laurel.proto.progress.v1.CustomerTierChanged;
import io.laurel.proto.progress.v1.CustomerUpdated;
import io.laurel.proto.progress.v1.EventOutcome;
import io.laurel.proto.progress.v1.GetCustomerProgramProgressRequest;
import io.laurel.proto.progress.v1.GetCustomerProgressRequest;
import io.laurel.proto.progress.v1.IngestEventsRequest;
import io.laurel.proto.progress.v1.IngestEventsResponse;
import io.laurel.proto.progress.v1.ListProgramCustomersRequest;
import io.laurel.proto.progress.v1.OrderCancelled;
import io.laurel.proto.progress.v1.OrderCompleted;
import io.laurel.proto.progress.v1.OrderRefunded;
import io.laurel.proto.progress.v1.PointsEarned;
import io.laurel.proto.progress.v1.PointsReversed;
import io.laurel.proto.progress.v1.ProgressServiceGrpc.ProgressServiceBlockingStub;
import io.laurel.proto.progress.v1.ReviewPublished;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Random;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Fuzzed input (empty, huge, negative, out-of-range times, unknown enums) never yields INTERNAL: events
 * are REJECTED one by one, calls INVALID_ARGUMENT (issue 7, item 10). A fixed seed keeps it repeatable.
 */
@QuarkusTest
@WithTestResource(value = LaurelTestResource.class,
        initArgs = @ResourceArg(name = LaurelTestResource.DATABASE, value = "laurel_progress"))
class FuzzedInputTest {

    @GrpcClient("progress")
    ProgressServiceBlockingStub progress;

    @Inject
    ProgressFixture fixture;

    @Inject
    Configs configs;

    private final Random random = new Random(7);

    private String anyString() {
        return switch (random.nextInt(6)) {
            case 0 -> "";
            case 1 -> " ";
            case 2 -> "x".repeat(129 + random.nextInt(900));
            case 3 -> "id-" + random.nextInt(20);
            case 4 -> "\u0000\uFFFF-é-" + random.nextInt(5);
            default -> UUID.randomUUID().toString();
        };
    }

    private long anyLong() {
        return switch (random.nextInt(5)) {
            case 0 -> Long.MIN_VALUE;
            case 1 -> Long.MAX_VALUE;
            case 2 -> -random.nextInt(1000);
            case 3 -> 0;
            default -> random.nextInt(1_000_000);
        };
    }

    private Timestamp anyTime() {
        long now = fixture.clock().instant().getEpochSecond();
        return switch (random.nextInt(5)) {
            case 0 -> Timestamp.newBuilder().setSeconds(Long.MAX_VALUE).build();
            case 1 -> Timestamp.newBuilder().setSeconds(-62_135_596_801L).build();
            case 2 -> Timestamp.newBuilder().setSeconds(now).setNanos(-1).build();
            case 3 -> Timestamp.newBuilder().setSeconds(now + 3600).build();
            default -> Timestamp.newBuilder().setSeconds(now - random.nextInt(86_400 * 30)).build();
        };
    }

    private Money anyMoney() {
        return Money.newBuilder().setAmountMinor(anyLong())
                .setCurrencyCode(random.nextBoolean() ? "USD" : random.nextBoolean() ? "EUR" : anyString()).build();
    }

    private CustomerEvent anyEvent(String store) {
        CustomerEvent.Builder e = CustomerEvent.newBuilder().setEventId(anyString())
                .setStoreId(random.nextInt(4) == 0 ? anyString() : store).setCustomerId(anyString());
        if (random.nextInt(6) != 0) {
            e.setOccurredAt(anyTime());
        }
        switch (random.nextInt(10)) {
            case 0 -> e.setOrderCompleted(OrderCompleted.newBuilder().setOrderId(anyString()).setAmount(anyMoney()));
            case 1 -> e.setOrderRefunded(OrderRefunded.newBuilder().setOrderId(anyString()).setRefundId(anyString())
                    .setRefundedAmount(anyMoney()).setFullRefund(random.nextBoolean()));
            case 2 -> e.setOrderCancelled(OrderCancelled.newBuilder().setOrderId(anyString()));
            case 3 -> e.setReviewPublished(ReviewPublished.newBuilder().setReviewId(anyString()).setProductId(anyString()));
            case 4 -> e.setPointsEarned(PointsEarned.newBuilder().setLedgerEntryId(anyString()).setPoints(anyLong())
                    .setSourceValue(random.nextInt(9) - 2).setSourceProgramId(anyString()).setOrderId(anyString()));
            case 5 -> e.setPointsReversed(PointsReversed.newBuilder().setLedgerEntryId(anyString()).setPoints(anyLong())
                    .setReasonValue(random.nextInt(9) - 2).setSourceProgramId(anyString()).setOrderId(anyString()));
            case 6 -> e.setCustomerActivity(CustomerActivity.newBuilder().setActivityValue(random.nextInt(7) - 2));
            case 7 -> {
                CustomerUpdated.Builder u = CustomerUpdated.newBuilder();
                int n = random.nextInt(3) == 0 ? 251 : random.nextInt(5);
                for (int i = 0; i < n; i++) {
                    u.addTags(anyString());
                }
                e.setCustomerUpdated(u);
            }
            case 8 -> e.setCustomerTierChanged(CustomerTierChanged.newBuilder().setTierProgramId(anyString()).setTierId(anyString()));
            default -> {
                // no kind at all
            }
        }
        return e.build();
    }

    private static void neverInternal(Supplier<?> call) {
        try {
            call.get();
        } catch (StatusRuntimeException e) {
            assertThat(e.getStatus().getCode()).as(e.getStatus().toString())
                    .isIn(Status.Code.INVALID_ARGUMENT, Status.Code.NOT_FOUND);
        }
    }

    @Test
    void fuzzedEventsAreRejectedOneByOne_neverInternal() {
        String store = ProgressFixture.newStore();
        configs.store(store, fixture.clock().instant().minus(Duration.ofDays(400)));
        for (int round = 0; round < 20; round++) {
            IngestEventsRequest.Builder request = IngestEventsRequest.newBuilder()
                    .setRequestId(UUID.randomUUID().toString()).setStoreId(store);
            for (int i = 0; i < 25; i++) {
                request.addEvents(anyEvent(store));
            }
            IngestEventsResponse response = progress.ingestEvents(request.build());
            assertThat(response.getResultsCount()).isEqualTo(25);
            response.getResultsList().stream().filter(r -> r.getOutcome() == EventOutcome.EVENT_OUTCOME_REJECTED)
                    .forEach(r -> assertThat(r.getViolationsList()).isNotEmpty());
        }
    }

    @Test
    void fuzzedCallsAnswerInvalidArgumentNeverInternal() {
        for (int i = 0; i < 60; i++) {
            String store = anyString();
            neverInternal(() -> progress.ingestEvents(IngestEventsRequest.newBuilder().setRequestId(anyString())
                    .setStoreId(store).addEvents(anyEvent(store)).build()));
            neverInternal(() -> progress.getCustomerProgress(GetCustomerProgressRequest.newBuilder()
                    .setStoreId(store).setCustomerId(anyString()).setIncludeHidden(random.nextBoolean()).build()));
            neverInternal(() -> progress.getCustomerProgramProgress(GetCustomerProgramProgressRequest.newBuilder()
                    .setStoreId(store).setCustomerId(anyString()).setProgramId(anyString()).build()));
            neverInternal(() -> progress.listProgramCustomers(ListProgramCustomersRequest.newBuilder()
                    .setStoreId(store).setProgramId(anyString()).setPageSize((int) anyLong())
                    .setMinMilestonesReached((int) anyLong()).setPageToken(anyString()).build()));
        }
    }
}
