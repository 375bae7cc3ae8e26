package io.laurel.reward.grpc;

import static io.laurel.reward.grpc.LedgerFixture.adjust;
import static io.laurel.reward.grpc.LedgerFixture.afterDays;
import static io.laurel.reward.grpc.LedgerFixture.never;
import static io.laurel.reward.grpc.LedgerFixture.newCustomer;
import static io.laurel.reward.grpc.LedgerFixture.newStore;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.laurel.devstack.LaurelTestResource;
import io.laurel.platform.error.StatusDetails;
import io.laurel.platform.grpc.ProtoTime;
import io.laurel.platform.time.FixedClockProducer;
import io.laurel.proto.common.v1.Actor;
import io.laurel.proto.common.v1.ActorKind;
import io.laurel.proto.common.v1.PointsExpiryPolicy;
import io.laurel.proto.common.v1.PointsExpiryPolicyKind;
import io.laurel.proto.progress.v1.CustomerEvent;
import io.laurel.proto.progress.v1.IngestEventsRequest;
import io.laurel.proto.progress.v1.PointsReversalReason;
import io.laurel.proto.progress.v1.PointsSource;
import io.laurel.proto.reward.v1.AdjustPointsRequest;
import io.laurel.proto.reward.v1.AdjustPointsResponse;
import io.laurel.proto.reward.v1.GetBalanceRequest;
import io.laurel.proto.reward.v1.LedgerEntry;
import io.laurel.proto.reward.v1.LedgerEntryKind;
import io.laurel.proto.reward.v1.LedgerServiceGrpc.LedgerServiceBlockingStub;
import io.laurel.proto.reward.v1.ListLedgerEntriesRequest;
import io.laurel.proto.reward.v1.ListPointsLotsRequest;
import io.laurel.proto.reward.v1.PointsLot;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** LedgerService.AdjustPoints over real gRPC against real Postgres (R-LEDGER-3, 8, R-STORE-1, outbox). */
@QuarkusTest
@WithTestResource(value = LaurelTestResource.class,
        initArgs = {@ResourceArg(name = LaurelTestResource.DATABASE, value = "laurel_reward"),
                    @ResourceArg(name = LaurelTestResource.REDIS, value = "false")})
class AdjustPointsEndpointTest {

    @GrpcClient("reward")
    LedgerServiceBlockingStub ledger;

    @Inject
    LedgerFixture fixture;

    @BeforeEach
    void resetClock() {
        fixture.resetClock();
        fixture.storesFedSinceLastCheck();
    }

    @org.junit.jupiter.api.AfterEach
    void ledgersAreIntact() {
        for (String store : fixture.storesFedSinceLastCheck()) {
            assertThat(LedgerFixture.violations(ledger, store)).as("store %s", store).isEmpty();
        }
    }

    private long balance(String store, String customer) {
        return ledger.getBalance(GetBalanceRequest.newBuilder().setStoreId(store).setCustomerId(customer).build())
                .getPointsBalance();
    }

    private List<LedgerEntry> entries(String store, String customer) {
        return ledger.listLedgerEntries(ListLedgerEntriesRequest.newBuilder().setStoreId(store).setCustomerId(customer)
                .build()).getEntriesList();
    }

    @Test
    void r_ledger_8_aGrantCreatesALotExpiringByTheStoreDefaultAndAnAdjustedEntry() {
        String store = fixture.parisStore();
        String customer = newCustomer();

        LedgerEntry entry = ledger.adjustPoints(adjust(store, customer, 250).build()).getEntry();

        assertThat(entry.getKind()).isEqualTo(LedgerEntryKind.LEDGER_ENTRY_KIND_ADJUSTED);
        assertThat(entry.getSequence()).isEqualTo(1);
        assertThat(entry.getPointsDelta()).isEqualTo(250);
        assertThat(entry.getBalanceAfter()).isEqualTo(250);
        assertThat(entry.getReason()).isEqualTo("goodwill after a late delivery");
        assertThat(entry.getActor()).isEqualTo(LedgerFixture.STAFF);
        assertThat(ProtoTime.toInstant(entry.getEffectiveTime())).isEqualTo(FixedClockProducer.START);
        // earned 25 Oct 10:00 Paris, 10 days: spendable through 4 Nov, expires at 5 Nov 00:00 CET
        assertThat(ProtoTime.toInstant(entry.getExpiresAt())).isEqualTo(Instant.parse("2026-11-04T23:00:00Z"));
        assertThat(balance(store, customer)).isEqualTo(250);
        assertThat(entries(store, customer)).containsExactly(entry);
        PointsLot lot = ledger.listPointsLots(ListPointsLotsRequest.newBuilder().setStoreId(store)
                .setCustomerId(customer).build()).getLots(0);
        assertThat(lot.getLotId()).isEqualTo(entry.getLotId());
        assertThat(lot.getEntryId()).isEqualTo(entry.getEntryId());
        assertThat(lot.getOriginalPoints()).isEqualTo(250);
        assertThat(lot.getRemainingPoints()).isEqualTo(250);
        assertThat(lot.getExpiresAt()).isEqualTo(entry.getExpiresAt());
    }

    @Test
    void r_ledger_8_aGrantMayChooseItsOwnExpiry() {
        String store = fixture.parisStore();
        String customer = newCustomer();

        LedgerEntry forever = ledger.adjustPoints(adjust(store, customer, 10).setExpiryPolicy(never()).build()).getEntry();
        LedgerEntry twoDays = ledger.adjustPoints(adjust(store, customer, 10).setExpiryPolicy(afterDays(2)).build())
                .getEntry();

        assertThat(forever.hasExpiresAt()).isFalse();
        assertThat(ProtoTime.toInstant(twoDays.getExpiresAt())).isEqualTo(Instant.parse("2026-10-27T23:00:00Z"));
        assertThat(twoDays.getBalanceAfter()).isEqualTo(20);
    }

    @Test
    void r_ledger_3_aDeductionConsumesTheSoonestExpiringLotsFirst() {
        String store = fixture.parisStore();
        String customer = newCustomer();
        LedgerEntry forever = ledger.adjustPoints(adjust(store, customer, 100).setExpiryPolicy(never()).build()).getEntry();
        LedgerEntry soon = ledger.adjustPoints(adjust(store, customer, 50).setExpiryPolicy(afterDays(3)).build()).getEntry();

        LedgerEntry deduction = ledger.adjustPoints(adjust(store, customer, -70).build()).getEntry();

        assertThat(deduction.getPointsDelta()).isEqualTo(-70);
        assertThat(deduction.getBalanceAfter()).isEqualTo(80);
        assertThat(deduction.getAllocationsList()).extracting(a -> a.getLotId(), a -> a.getPoints()).containsExactly(
                org.assertj.core.groups.Tuple.tuple(soon.getLotId(), 50L),
                org.assertj.core.groups.Tuple.tuple(forever.getLotId(), 20L));
        assertThat(balance(store, customer)).isEqualTo(80);
        List<PointsLot> all = ledger.listPointsLots(ListPointsLotsRequest.newBuilder().setStoreId(store)
                .setCustomerId(customer).setIncludeClosed(true).build()).getLotsList();
        assertThat(all).extracting(PointsLot::getLotId, PointsLot::getRemainingPoints, l -> l.getState().name())
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(soon.getLotId(), 0L, "POINTS_LOT_STATE_DEPLETED"),
                        org.assertj.core.groups.Tuple.tuple(forever.getLotId(), 80L, "POINTS_LOT_STATE_OPEN"));
    }

    @Test
    void r_ledger_8_aDeductionBeyondTheAvailablePointsIsRefusedAndChangesNothing() {
        String store = fixture.parisStore();
        String customer = newCustomer();
        ledger.adjustPoints(adjust(store, customer, 30).build());

        StatusRuntimeException refused = catchThrowableOfType(StatusRuntimeException.class,
                () -> ledger.adjustPoints(adjust(store, customer, -31).build()));

        assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
        assertThat(StatusDetails.errorInfo(refused).orElseThrow().getReason()).isEqualTo("INSUFFICIENT_POINTS");
        assertThat(StatusDetails.errorInfo(refused).orElseThrow().getMetadataMap())
                .containsEntry("available_points", "30").containsEntry("requested_points", "31");
        assertThat(balance(store, customer)).isEqualTo(30);
        assertThat(entries(store, customer)).hasSize(1);
        assertThat(fixture.progressMessages(store)).as("only the grant was announced").hasSize(1);
    }

    @Test
    void r_ledger_8_everyBadFieldOfAnAdjustmentIsNamedAndNothingIsStored() {
        AdjustPointsRequest bad = AdjustPointsRequest.newBuilder()
                .setPointsDelta(0)
                .setReason("   ")
                .setActor(Actor.newBuilder().setDisplayName("x".repeat(201)))
                .build();

        StatusRuntimeException invalid = catchThrowableOfType(StatusRuntimeException.class,
                () -> ledger.adjustPoints(bad));

        assertThat(invalid.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        // all of them the contract's (the actor's shape is common/v1's Actor), so all in the first answer (L-API-3)
        assertThat(StatusDetails.badFields(invalid)).containsExactly("request_id", "store_id", "customer_id",
                "points_delta", "reason", "actor.kind", "actor.id", "actor.display_name");
        assertThat(invalid.getStatus().getDescription()).doesNotContain("Exception");
    }

    @Test
    void r_ledger_8_outOfRangeValuesAndAPolicyOnADeductionAreInvalid() {
        String store = fixture.parisStore();
        String customer = newCustomer();

        StatusRuntimeException deduction = catchThrowableOfType(StatusRuntimeException.class,
                () -> ledger.adjustPoints(adjust(store, customer, -1_000_000_001L).setReason("r".repeat(501))
                        .setExpiryPolicy(never()).clearActor().build()));
        StatusRuntimeException grant = catchThrowableOfType(StatusRuntimeException.class,
                () -> ledger.adjustPoints(adjust(store, customer, 1_000_000_001L)
                        .setExpiryPolicy(PointsExpiryPolicy.newBuilder()
                                .setKind(PointsExpiryPolicyKind.POINTS_EXPIRY_POLICY_KIND_AFTER_DAYS).setDays(0))
                        .setActor(Actor.newBuilder().setKind(ActorKind.ACTOR_KIND_PLATFORM).setId("i".repeat(129)))
                        .build()));
        StatusRuntimeException noKind = catchThrowableOfType(StatusRuntimeException.class,
                () -> ledger.adjustPoints(adjust(store, customer, 5)
                        .setExpiryPolicy(PointsExpiryPolicy.newBuilder().setDays(3)).build()));

        // the contract's faults first (L-API-3); the service's own once they are fixed
        assertThat(StatusDetails.badFields(deduction)).containsExactly("points_delta", "reason", "actor");
        assertThat(StatusDetails.badFields(grant)).containsExactly("points_delta", "actor.id");
        StatusRuntimeException deductionRules = catchThrowableOfType(StatusRuntimeException.class,
                () -> ledger.adjustPoints(adjust(store, customer, -5).setExpiryPolicy(never()).build()));
        assertThat(StatusDetails.badFields(deductionRules)).containsExactly("expiry_policy");
        StatusRuntimeException grantRules = catchThrowableOfType(StatusRuntimeException.class,
                () -> ledger.adjustPoints(adjust(store, customer, 5)
                        .setExpiryPolicy(PointsExpiryPolicy.newBuilder()
                                .setKind(PointsExpiryPolicyKind.POINTS_EXPIRY_POLICY_KIND_AFTER_DAYS).setDays(0))
                        .setActor(Actor.newBuilder().setKind(ActorKind.ACTOR_KIND_PLATFORM).setId("i".repeat(129)))
                        .build()));
        assertThat(StatusDetails.badFields(grantRules)).containsExactly("actor.id"); // the contract's, first
        StatusRuntimeException daysRule = catchThrowableOfType(StatusRuntimeException.class,
                () -> ledger.adjustPoints(adjust(store, customer, 5)
                        .setExpiryPolicy(PointsExpiryPolicy.newBuilder()
                                .setKind(PointsExpiryPolicyKind.POINTS_EXPIRY_POLICY_KIND_AFTER_DAYS).setDays(0))
                        .build()));
        assertThat(StatusDetails.badFields(daysRule)).containsExactly("expiry_policy.days");
        assertThat(StatusDetails.badFields(noKind)).containsExactly("expiry_policy.kind");
        assertThat(balance(store, customer)).isZero();
    }

    @Test
    void anUnconfiguredStoreIsAFailedPreconditionForAdjustingAndForBalances() {
        String store = newStore();
        String customer = newCustomer();

        StatusRuntimeException adjustRefused = catchThrowableOfType(StatusRuntimeException.class,
                () -> ledger.adjustPoints(adjust(store, customer, 10).build()));
        StatusRuntimeException balanceRefused = catchThrowableOfType(StatusRuntimeException.class,
                () -> balance(store, customer));

        for (StatusRuntimeException refused : List.of(adjustRefused, balanceRefused)) {
            assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
            assertThat(StatusDetails.errorInfo(refused).orElseThrow().getReason()).isEqualTo("STORE_NOT_CONFIGURED");
        }
        assertThat(entries(store, customer)).isEmpty();
        assertThat(fixture.progressMessages(store)).isEmpty();
    }

    @Test
    void aRetryWithTheSameRequestIdReplaysTheFirstAnswerAndChangesNothingAgain() {
        String store = fixture.parisStore();
        String customer = newCustomer();
        AdjustPointsRequest request = adjust(store, customer, 40).build();

        AdjustPointsResponse first = ledger.adjustPoints(request);
        fixture.clock().advance(java.time.Duration.ofMinutes(5));
        AdjustPointsResponse retry = ledger.adjustPoints(request);

        assertThat(retry).isEqualTo(first);
        assertThat(balance(store, customer)).isEqualTo(40);
        assertThat(entries(store, customer)).hasSize(1);
        assertThat(fixture.progressMessages(store)).hasSize(1);
        StatusRuntimeException reused = catchThrowableOfType(StatusRuntimeException.class,
                () -> ledger.adjustPoints(request.toBuilder().setPointsDelta(41).build()));
        assertThat(reused.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(StatusDetails.errorInfo(reused).orElseThrow().getReason()).isEqualTo("REQUEST_ID_REUSED");
        assertThat(StatusDetails.badFields(reused)).containsExactly("request_id");
    }

    @Test
    void r_store_1_anotherStoreSeesNothingOfTheCustomerAndCannotTouchThem() {
        String storeA = fixture.parisStore();
        String storeB = fixture.parisStore();
        String customer = newCustomer();
        ledger.adjustPoints(adjust(storeA, customer, 500).build());

        assertThat(balance(storeB, customer)).isZero();
        assertThat(entries(storeB, customer)).isEmpty();
        assertThat(ledger.listPointsLots(ListPointsLotsRequest.newBuilder().setStoreId(storeB).setCustomerId(customer)
                .setIncludeClosed(true).build()).getLotsList()).isEmpty();
        StatusRuntimeException refused = catchThrowableOfType(StatusRuntimeException.class,
                () -> ledger.adjustPoints(adjust(storeB, customer, -1).build()));
        StatusRuntimeException unknown = catchThrowableOfType(StatusRuntimeException.class,
                () -> ledger.adjustPoints(adjust(storeB, newCustomer(), -1).build()));
        // exactly what a customer the store never saw gets: B cannot tell that A knows them
        assertThat(StatusDetails.errorInfo(refused).orElseThrow())
                .isEqualTo(StatusDetails.errorInfo(unknown).orElseThrow());
        assertThat(refused.getStatus().getDescription()).isEqualTo(unknown.getStatus().getDescription());
        assertThat(balance(storeA, customer)).isEqualTo(500);
    }

    @Test
    void pointsEarnedAndReversedAreAnnouncedToProgressInTheSameTransaction() {
        String store = fixture.parisStore();
        String customer = newCustomer();

        LedgerEntry grant = ledger.adjustPoints(adjust(store, customer, 120).build()).getEntry();
        LedgerEntry deduction = ledger.adjustPoints(adjust(store, customer, -20).build()).getEntry();

        List<IngestEventsRequest> messages = fixture.progressMessages(store);
        assertThat(messages).hasSize(2);
        IngestEventsRequest earned = messages.get(0);
        assertThat(earned.getRequestId()).isEqualTo("ledger:" + grant.getEntryId());
        CustomerEvent event = earned.getEvents(0);
        assertThat(earned.getEventsCount()).isEqualTo(1);
        assertThat(event.getEventId()).isEqualTo("ledger:" + grant.getEntryId());
        assertThat(event.getStoreId()).isEqualTo(store);
        assertThat(event.getCustomerId()).isEqualTo(customer);
        assertThat(event.getOccurredAt()).isEqualTo(grant.getEffectiveTime());
        assertThat(event.getPointsEarned().getLedgerEntryId()).isEqualTo(grant.getEntryId());
        assertThat(event.getPointsEarned().getPoints()).isEqualTo(120);
        assertThat(event.getPointsEarned().getSource()).isEqualTo(PointsSource.POINTS_SOURCE_MANUAL);
        CustomerEvent reversed = messages.get(1).getEvents(0);
        assertThat(reversed.getEventId()).isEqualTo("ledger:" + deduction.getEntryId());
        assertThat(reversed.getPointsReversed().getLedgerEntryId()).isEqualTo(deduction.getEntryId());
        assertThat(reversed.getPointsReversed().getPoints()).isEqualTo(20);
        assertThat(reversed.getPointsReversed().getReason())
                .isEqualTo(PointsReversalReason.POINTS_REVERSAL_REASON_MANUAL_DEDUCTION);
    }

    @Test
    void r_ledger_4_concurrentDeductionsCannotSpendTheSamePointsTwice() throws Exception {
        String store = fixture.parisStore();
        String customer = newCustomer();
        ledger.adjustPoints(adjust(store, customer, 100).build());
        java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            List<java.util.concurrent.Future<Boolean>> calls = new java.util.ArrayList<>();
            for (int i = 0; i < 8; i++) {
                calls.add(threads.submit(() -> {
                    try {
                        ledger.adjustPoints(adjust(store, customer, -30).build());
                        return true;
                    } catch (StatusRuntimeException e) {
                        assertThat(StatusDetails.errorInfo(e).orElseThrow().getReason()).isEqualTo("INSUFFICIENT_POINTS");
                        return false;
                    }
                }));
            }
            long succeeded = 0;
            for (var call : calls) {
                succeeded += call.get(60, java.util.concurrent.TimeUnit.SECONDS) ? 1 : 0;
            }
            assertThat(succeeded).isEqualTo(3);
        } finally {
            threads.shutdownNow();
        }
        assertThat(balance(store, customer)).isEqualTo(10);
        assertThat(entries(store, customer)).extracting(LedgerEntry::getBalanceAfter).containsExactly(10L, 40L, 70L, 100L);
        assertThat(ledger.checkLedgerIntegrity(io.laurel.proto.reward.v1.CheckLedgerIntegrityRequest.newBuilder()
                .setStoreId(store).setCustomerId(customer).build()).getViolationsList()).isEmpty();
    }
}
