package io.laurel.reward.grpc;

import static io.laurel.reward.grpc.LedgerFixture.adjust;
import static io.laurel.reward.grpc.LedgerFixture.afterDays;
import static io.laurel.reward.grpc.LedgerFixture.eur;
import static io.laurel.reward.grpc.LedgerFixture.never;
import static io.laurel.reward.grpc.LedgerFixture.newCustomer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.laurel.devstack.LaurelTestResource;
import io.laurel.platform.error.StatusDetails;
import io.laurel.proto.reward.v1.AdjustStoreCreditRequest;
import io.laurel.proto.reward.v1.CommitRedemptionRequest;
import io.laurel.proto.reward.v1.GetBalanceRequest;
import io.laurel.proto.reward.v1.GetBalanceResponse;
import io.laurel.proto.reward.v1.GetRedemptionRequest;
import io.laurel.proto.reward.v1.LedgerEntry;
import io.laurel.proto.reward.v1.LedgerEntryKind;
import io.laurel.proto.reward.v1.LedgerServiceGrpc.LedgerServiceBlockingStub;
import io.laurel.proto.reward.v1.ListLedgerEntriesRequest;
import io.laurel.proto.reward.v1.Redemption;
import io.laurel.proto.reward.v1.RedemptionServiceGrpc.RedemptionServiceBlockingStub;
import io.laurel.proto.reward.v1.RedemptionState;
import io.laurel.proto.reward.v1.ReleaseRedemptionRequest;
import io.laurel.proto.reward.v1.ReserveRedemptionRequest;
import io.laurel.proto.reward.v1.StoreCreditServiceGrpc.StoreCreditServiceBlockingStub;
import io.laurel.reward.app.LedgerJobs;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** RedemptionService over real gRPC and Postgres (R-LEDGER-3, 4, L-LEDGER-3); every test ends with the integrity check. */
@QuarkusTest
@WithTestResource(value = LaurelTestResource.class,
        initArgs = {@ResourceArg(name = LaurelTestResource.DATABASE, value = "laurel_reward"),
                    @ResourceArg(name = LaurelTestResource.REDIS, value = "false")})
class RedemptionEndpointTest {

    @GrpcClient("reward")
    RedemptionServiceBlockingStub redemptions;

    @GrpcClient("reward")
    LedgerServiceBlockingStub ledger;

    @GrpcClient("reward")
    StoreCreditServiceBlockingStub credits;

    @Inject
    LedgerFixture fixture;

    @Inject
    LedgerJobs jobs;

    String store;

    @BeforeEach
    void setUp() {
        fixture.resetClock();
        store = fixture.parisStore();
    }

    @AfterEach
    void ledgerIsIntact() {
        assertThat(LedgerFixture.violations(ledger, store)).isEmpty();
    }

    private ReserveRedemptionRequest.Builder reserve(String customer, long points) {
        return ReserveRedemptionRequest.newBuilder().setRequestId(UUID.randomUUID().toString()).setStoreId(store)
                .setCustomerId(customer).setCheckoutId("cart-" + UUID.randomUUID()).setPoints(points);
    }

    private Redemption commit(Redemption r, String order) {
        return redemptions.commitRedemption(CommitRedemptionRequest.newBuilder().setRequestId(UUID.randomUUID().toString())
                .setStoreId(store).setRedemptionId(r.getRedemptionId()).setOrderId(order).build()).getRedemption();
    }

    private Redemption release(Redemption r) {
        return redemptions.releaseRedemption(ReleaseRedemptionRequest.newBuilder().setRequestId(UUID.randomUUID()
                .toString()).setStoreId(store).setRedemptionId(r.getRedemptionId()).build()).getRedemption();
    }

    private GetBalanceResponse balance(String customer) {
        return ledger.getBalance(GetBalanceRequest.newBuilder().setStoreId(store).setCustomerId(customer).build());
    }

    private List<LedgerEntry> entries(String customer) {
        return ledger.listLedgerEntries(ListLedgerEntriesRequest.newBuilder().setStoreId(store).setCustomerId(customer)
                .build()).getEntriesList();
    }

    @Test
    void r_ledger_4_twentyConcurrentReservationsAgainstABalanceForOneSucceedOnce() throws Exception {
        String customer = newCustomer();
        ledger.adjustPoints(adjust(store, customer, 100).build());
        int callers = 20;
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Status.Code>> calls = new ArrayList<>();
            for (int i = 0; i < callers; i++) {
                calls.add(pool.submit(() -> {
                    start.await();
                    try {
                        redemptions.reserveRedemption(reserve(customer, 100).build());
                        return Status.Code.OK;
                    } catch (StatusRuntimeException e) {
                        return e.getStatus().getCode();
                    }
                }));
            }
            start.countDown();
            List<Status.Code> codes = new ArrayList<>();
            for (Future<Status.Code> call : calls) {
                codes.add(call.get());
            }
            assertThat(codes).filteredOn(c -> c == Status.Code.OK).hasSize(1);
            assertThat(codes).filteredOn(c -> c == Status.Code.FAILED_PRECONDITION).hasSize(callers - 1);
        } finally {
            pool.shutdownNow();
        }
        GetBalanceResponse b = balance(customer);
        assertThat(b.getPointsBalance()).isEqualTo(100);
        assertThat(b.getReservedPoints()).isEqualTo(100);
        assertThat(b.getAvailablePoints()).isZero();
    }

    @Test
    void r_ledger_4_moreThanAvailableIsFailedPreconditionWithTheAvailableAmount() {
        String customer = newCustomer();
        ledger.adjustPoints(adjust(store, customer, 100).build());
        redemptions.reserveRedemption(reserve(customer, 70).build());

        StatusRuntimeException refused = catchThrowableOfType(StatusRuntimeException.class,
                () -> redemptions.reserveRedemption(reserve(customer, 31).build()));

        assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
        var info = StatusDetails.errorInfo(refused).orElseThrow();
        assertThat(info.getReason()).isEqualTo("INSUFFICIENT_POINTS");
        assertThat(info.getMetadataMap()).containsEntry("available_points", "30");
    }

    @Test
    void r_ledger_3_commitSpendsTheSoonestExpiringLotsFirst() {
        String customer = newCustomer();
        ledger.adjustPoints(adjust(store, customer, 50).setExpiryPolicy(never()).build());
        LedgerEntry soon = ledger.adjustPoints(adjust(store, customer, 40).setExpiryPolicy(afterDays(3)).build()).getEntry();
        LedgerEntry later = ledger.adjustPoints(adjust(store, customer, 30).setExpiryPolicy(afterDays(20)).build()).getEntry();

        Redemption reserved = redemptions.reserveRedemption(reserve(customer, 60).build()).getRedemption();
        Redemption committed = commit(reserved, "order-9");

        assertThat(reserved.getPointsDiscount()).isEqualTo(eur(60));
        assertThat(committed.getState()).isEqualTo(RedemptionState.REDEMPTION_STATE_COMMITTED);
        assertThat(committed.getOrderId()).isEqualTo("order-9");
        LedgerEntry spent = entries(customer).get(0);
        assertThat(spent.getKind()).isEqualTo(LedgerEntryKind.LEDGER_ENTRY_KIND_SPENT);
        assertThat(spent.getPointsDelta()).isEqualTo(-60);
        assertThat(spent.getRedemptionId()).isEqualTo(reserved.getRedemptionId());
        assertThat(spent.getAllocationsList()).extracting(a -> a.getLotId() + "=" + a.getPoints())
                .containsExactly(soon.getLotId() + "=40", later.getLotId() + "=20");
        assertThat(balance(customer).getPointsBalance()).isEqualTo(60);
        assertThat(commit(reserved, "order-9")).isEqualTo(committed); // same order again: unchanged
    }

    @Test
    void r_ledger_4_releaseFreesThePointsAndAReleasedReservationCannotBeCommitted() {
        String customer = newCustomer();
        ledger.adjustPoints(adjust(store, customer, 100).build());
        Redemption reserved = redemptions.reserveRedemption(reserve(customer, 80).build()).getRedemption();

        Redemption released = release(reserved);

        assertThat(released.getState()).isEqualTo(RedemptionState.REDEMPTION_STATE_RELEASED);
        assertThat(balance(customer).getAvailablePoints()).isEqualTo(100);
        StatusRuntimeException refused = catchThrowableOfType(StatusRuntimeException.class, () -> commit(reserved, "o"));
        assertThat(StatusDetails.errorInfo(refused).orElseThrow().getReason()).isEqualTo("RESERVATION_RELEASED");
    }

    @Test
    void r_ledger_4_theTimeoutJobReleasesReservationsPastTheirDeadline() {
        String customer = newCustomer();
        ledger.adjustPoints(adjust(store, customer, 100).build());
        Redemption reserved = redemptions.reserveRedemption(reserve(customer, 80)
                .setTtl(com.google.protobuf.Duration.newBuilder().setSeconds(120)).build()).getRedemption();

        fixture.clock().advance(Duration.ofMinutes(3));
        assertThat(redemptions.getRedemption(GetRedemptionRequest.newBuilder().setStoreId(store)
                .setRedemptionId(reserved.getRedemptionId()).build()).getRedemption().getState())
                .isEqualTo(RedemptionState.REDEMPTION_STATE_EXPIRED);
        var run = jobs.runOnce().await().indefinitely();
        var again = jobs.runOnce().await().indefinitely(); // a second replica's pass finds nothing left

        assertThat(run.reservationsTimedOut()).isGreaterThanOrEqualTo(1);
        assertThat(again.reservationsTimedOut()).isZero();
        assertThat(balance(customer).getAvailablePoints()).isEqualTo(100);
        StatusRuntimeException late = catchThrowableOfType(StatusRuntimeException.class, () -> commit(reserved, "o"));
        assertThat(StatusDetails.errorInfo(late).orElseThrow().getReason()).isEqualTo("RESERVATION_EXPIRED");
    }

    @Test
    void l_ledger_3_heldPointsDoNotExpireWhileHeldAndTheFreedRemainderExpiresOnRelease() {
        String customer = newCustomer();
        // earned 25 Oct 10:00 Paris with N = 1: expires 27 Oct 00:00 CET, 38 h after the start
        ledger.adjustPoints(adjust(store, customer, 100).setExpiryPolicy(afterDays(1)).build());
        fixture.clock().advance(Duration.ofHours(20));
        Redemption spentLater = redemptions.reserveRedemption(reserve(customer, 30)
                .setTtl(com.google.protobuf.Duration.newBuilder().setSeconds(86_400)).build()).getRedemption();
        Redemption releasedLater = redemptions.reserveRedemption(reserve(customer, 20)
                .setTtl(com.google.protobuf.Duration.newBuilder().setSeconds(86_400)).build()).getRedemption();

        fixture.clock().advance(Duration.ofHours(20)); // the lot expired; its 50 held points did not
        assertThat(balance(customer).getPointsBalance()).isEqualTo(50);
        assertThat(balance(customer).getAvailablePoints()).isZero();

        commit(spentLater, "order-1");
        release(releasedLater);

        assertThat(balance(customer).getPointsBalance()).isZero();
        assertThat(entries(customer)).extracting(LedgerEntry::getKind).contains(LedgerEntryKind.LEDGER_ENTRY_KIND_SPENT,
                LedgerEntryKind.LEDGER_ENTRY_KIND_EXPIRED);
        assertThat(entries(customer).get(0).getPointsDelta()).isEqualTo(-20); // the freed remainder expired
    }

    @Test
    void r_ledger_4_storeCreditIsHeldThenSpent() {
        String customer = newCustomer();
        credits.adjustStoreCredit(AdjustStoreCreditRequest.newBuilder().setRequestId(UUID.randomUUID().toString())
                .setStoreId(store).setCustomerId(customer).setAmountDelta(eur(2000)).setReason("apology")
                .setActor(LedgerFixture.STAFF).build());

        Redemption reserved = redemptions.reserveRedemption(reserve(customer, 0).setStoreCredit(eur(1500)).build())
                .getRedemption();
        assertThat(balance(customer).getAvailableStoreCredit()).isEqualTo(eur(500));
        StatusRuntimeException refused = catchThrowableOfType(StatusRuntimeException.class,
                () -> redemptions.reserveRedemption(reserve(customer, 0).setStoreCredit(eur(501)).build()));
        assertThat(StatusDetails.errorInfo(refused).orElseThrow().getReason()).isEqualTo("INSUFFICIENT_STORE_CREDIT");

        commit(reserved, "order-2");

        assertThat(balance(customer).getStoreCreditBalance()).isEqualTo(eur(500));
        assertThat(balance(customer).getReservedStoreCredit()).isEqualTo(eur(0));
        assertThat(reserved.getTotalDiscount()).isEqualTo(eur(1500));
    }

    @Test
    void r_ledger_4_aRetryReplaysAndASecondReservationForTheCheckoutIsAlreadyExists() {
        String customer = newCustomer();
        ledger.adjustPoints(adjust(store, customer, 100).build());
        ReserveRedemptionRequest request = reserve(customer, 10).build();

        Redemption first = redemptions.reserveRedemption(request).getRedemption();
        assertThat(redemptions.reserveRedemption(request).getRedemption()).isEqualTo(first);
        StatusRuntimeException exists = catchThrowableOfType(StatusRuntimeException.class, () -> redemptions
                .reserveRedemption(request.toBuilder().setRequestId(UUID.randomUUID().toString()).build()));

        assertThat(exists.getStatus().getCode()).isEqualTo(Status.Code.ALREADY_EXISTS);
        assertThat(StatusDetails.errorInfo(exists).orElseThrow().getMetadataMap())
                .containsEntry("redemption_id", first.getRedemptionId());
        assertThat(balance(customer).getReservedPoints()).isEqualTo(10);
    }

    @Test
    void r_ledger_4_badInputNamesEveryBadFieldAndUnknownIdsAreNotFound() {
        StatusRuntimeException refused = catchThrowableOfType(StatusRuntimeException.class, () -> redemptions
                .reserveRedemption(ReserveRedemptionRequest.newBuilder().setStoreId(store).setPoints(-1)
                        .setStoreCredit(eur(-3)).setTtl(com.google.protobuf.Duration.newBuilder().setSeconds(5)).build()));
        assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        // the contract's faults first (L-API-3); the amount's once they are fixed
        assertThat(StatusDetails.badFields(refused)).contains("request_id", "customer_id", "checkout_id", "points",
                "ttl");
        StatusRuntimeException credit = catchThrowableOfType(StatusRuntimeException.class, () -> redemptions
                .reserveRedemption(reserve(newCustomer(), 1).setStoreCredit(eur(-3)).build()));
        assertThat(StatusDetails.badFields(credit)).contains("store_credit.amount_minor");

        StatusRuntimeException tooMuch = catchThrowableOfType(StatusRuntimeException.class, () -> redemptions
                .reserveRedemption(reserve(newCustomer(), 500).setMaxDiscount(eur(499)).build()));
        assertThat(StatusDetails.badFields(tooMuch)).containsExactly("points");

        for (String id : List.of("not-a-uuid", UUID.randomUUID().toString())) {
            StatusRuntimeException missing = catchThrowableOfType(StatusRuntimeException.class, () -> redemptions
                    .getRedemption(GetRedemptionRequest.newBuilder().setStoreId(store).setRedemptionId(id).build()));
            assertThat(missing.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
        }
    }
}
