package io.laurel.reward.grpc;

import static io.laurel.reward.grpc.LedgerFixture.adjust;
import static io.laurel.reward.grpc.LedgerFixture.afterDays;
import static io.laurel.reward.grpc.LedgerFixture.never;
import static io.laurel.reward.grpc.LedgerFixture.newCustomer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.protobuf.Duration;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.laurel.devstack.LaurelTestResource;
import io.laurel.platform.error.StatusDetails;
import io.laurel.platform.grpc.ProtoTime;
import io.laurel.proto.reward.v1.CheckLedgerIntegrityRequest;
import io.laurel.proto.reward.v1.CheckLedgerIntegrityResponse;
import io.laurel.proto.reward.v1.ExpiringPoints;
import io.laurel.proto.reward.v1.GetBalanceRequest;
import io.laurel.proto.reward.v1.GetBalanceResponse;
import io.laurel.proto.reward.v1.LedgerEntry;
import io.laurel.proto.reward.v1.LedgerEntryKind;
import io.laurel.proto.reward.v1.LedgerServiceGrpc.LedgerServiceBlockingStub;
import io.laurel.proto.reward.v1.ListLedgerEntriesRequest;
import io.laurel.proto.reward.v1.ListLedgerEntriesResponse;
import io.laurel.proto.reward.v1.ListPointsLotsRequest;
import io.laurel.proto.reward.v1.ListPointsLotsResponse;
import io.laurel.proto.reward.v1.PointsLot;
import io.laurel.proto.reward.v1.PointsLotState;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * LedgerService reads over real gRPC against real Postgres: balances at an instant with expiry
 * driven by the clock alone (R-LEDGER-2, R-PROG-6), history and lots with keyset paging, the
 * integrity check (R-LEDGER-9).
 */
@QuarkusTest
@WithTestResource(value = LaurelTestResource.class,
        initArgs = {@ResourceArg(name = LaurelTestResource.DATABASE, value = "laurel_reward"),
                    @ResourceArg(name = LaurelTestResource.REDIS, value = "false")})
class LedgerReadsEndpointTest {

    /** 5 Nov 2026 00:00 in Paris: the first instant of the day after the 10th day from 25 Oct. */
    private static final Instant PARIS_EXPIRY = Instant.parse("2026-11-04T23:00:00Z");

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

    private GetBalanceResponse balance(String store, String customer) {
        return ledger.getBalance(GetBalanceRequest.newBuilder().setStoreId(store).setCustomerId(customer).build());
    }

    private CheckLedgerIntegrityResponse check(String store, String customer) {
        return ledger.checkLedgerIntegrity(CheckLedgerIntegrityRequest.newBuilder().setStoreId(store)
                .setCustomerId(customer).build());
    }

    @Test
    void r_ledger_2_aLotExpiresAtTheEndOfItsLastLocalDayWithoutAnyJobRunning() {
        String store = fixture.parisStore();
        String customer = newCustomer();
        ledger.adjustPoints(adjust(store, customer, 100).build());
        ledger.adjustPoints(adjust(store, customer, 7).setExpiryPolicy(never()).build());

        fixture.clock().set(PARIS_EXPIRY.minusNanos(1000));
        GetBalanceResponse lastMoment = balance(store, customer);
        assertThat(lastMoment.getPointsBalance()).isEqualTo(107);
        assertThat(lastMoment.getExpiringSoonList()).containsExactly(ExpiringPoints.newBuilder().setPoints(100)
                .setExpiresAt(ProtoTime.toProto(PARIS_EXPIRY)).build());

        fixture.clock().set(PARIS_EXPIRY);
        GetBalanceResponse expired = balance(store, customer);
        assertThat(expired.getPointsBalance()).isEqualTo(7);
        assertThat(expired.getAvailablePoints()).isEqualTo(7);
        assertThat(expired.getAvailablePointsValue().getAmountMinor()).isEqualTo(7);
        assertThat(expired.getAvailablePointsValue().getCurrencyCode()).isEqualTo("EUR");
        assertThat(expired.getExpiringSoonList()).isEmpty();
        assertThat(ProtoTime.toInstant(expired.getAsOfTime())).isEqualTo(PARIS_EXPIRY);
        // an instant before the expiry still sees the points, whenever it is asked
        assertThat(ledger.getBalance(GetBalanceRequest.newBuilder().setStoreId(store).setCustomerId(customer)
                .setAsOfTime(ProtoTime.toProto(Instant.parse("2026-11-01T00:00:00Z"))).build()).getPointsBalance())
                .isEqualTo(107);
        List<PointsLot> lots = ledger.listPointsLots(ListPointsLotsRequest.newBuilder().setStoreId(store)
                .setCustomerId(customer).setIncludeClosed(true).build()).getLotsList();
        assertThat(lots).extracting(PointsLot::getState, PointsLot::getRemainingPoints).containsExactly(
                org.assertj.core.groups.Tuple.tuple(PointsLotState.POINTS_LOT_STATE_EXPIRED, 0L),
                org.assertj.core.groups.Tuple.tuple(PointsLotState.POINTS_LOT_STATE_OPEN, 7L));
        assertThat(ledger.listPointsLots(ListPointsLotsRequest.newBuilder().setStoreId(store).setCustomerId(customer)
                .build()).getLotsCount()).as("open lots only by default").isEqualTo(1);
        assertThat(check(store, customer).getViolationsList()).isEmpty();
    }

    @Test
    void r_ledger_2_theNextChangeBooksTheDueExpirySoHistoryShowsTrueBalances() {
        String store = fixture.parisStore();
        String customer = newCustomer();
        LedgerEntry earned = ledger.adjustPoints(adjust(store, customer, 100).build()).getEntry();
        fixture.clock().set(PARIS_EXPIRY.plusSeconds(3600));

        LedgerEntry grant = ledger.adjustPoints(adjust(store, customer, 5).build()).getEntry();

        List<LedgerEntry> history = ledger.listLedgerEntries(ListLedgerEntriesRequest.newBuilder().setStoreId(store)
                .setCustomerId(customer).build()).getEntriesList();
        assertThat(history).extracting(LedgerEntry::getSequence, LedgerEntry::getKind, LedgerEntry::getPointsDelta,
                LedgerEntry::getBalanceAfter).containsExactly(
                org.assertj.core.groups.Tuple.tuple(3L, LedgerEntryKind.LEDGER_ENTRY_KIND_ADJUSTED, 5L, 5L),
                org.assertj.core.groups.Tuple.tuple(2L, LedgerEntryKind.LEDGER_ENTRY_KIND_EXPIRED, -100L, 0L),
                org.assertj.core.groups.Tuple.tuple(1L, LedgerEntryKind.LEDGER_ENTRY_KIND_ADJUSTED, 100L, 100L));
        LedgerEntry expiry = history.get(1);
        assertThat(ProtoTime.toInstant(expiry.getEffectiveTime())).isEqualTo(PARIS_EXPIRY);
        assertThat(expiry.getAllocations(0).getLotId()).isEqualTo(earned.getLotId());
        assertThat(expiry.getActor().getKind().name()).isEqualTo("ACTOR_KIND_SYSTEM");
        assertThat(grant.getBalanceAfter()).isEqualTo(5);
        assertThat(balance(store, customer).getPointsBalance()).isEqualTo(5);
        // before the expiry the balance is still 100, from the booked entries this time
        assertThat(ledger.getBalance(GetBalanceRequest.newBuilder().setStoreId(store).setCustomerId(customer)
                .setAsOfTime(ProtoTime.toProto(PARIS_EXPIRY.minusSeconds(1))).build()).getPointsBalance())
                .isEqualTo(100);
        assertThat(check(store, customer).getViolationsList()).isEmpty();
    }

    @Test
    void r_ledger_2_anUnknownCustomerHasZeroAndBadRequestsNameEveryField() {
        String store = fixture.parisStore();
        GetBalanceResponse nobody = balance(store, newCustomer());
        assertThat(nobody.getPointsBalance()).isZero();
        assertThat(nobody.getAvailablePoints()).isZero();
        assertThat(nobody.getPointValueMinorMilli()).isEqualTo(1000);
        assertThat(nobody.getStoreCreditBalance().getCurrencyCode()).isEqualTo("EUR");

        StatusRuntimeException invalid = catchThrowableOfType(StatusRuntimeException.class,
                () -> ledger.getBalance(GetBalanceRequest.newBuilder()
                        .setExpiringWithin(Duration.newBuilder().setSeconds(-1)).build()));
        StatusRuntimeException tooFar = catchThrowableOfType(StatusRuntimeException.class,
                () -> ledger.getBalance(GetBalanceRequest.newBuilder().setStoreId(store).setCustomerId("c")
                        .setExpiringWithin(Duration.newBuilder().setSeconds(367L * 86400)).build()));

        assertThat(invalid.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(StatusDetails.badFields(invalid)).containsExactly("store_id", "customer_id", "expiring_within");
        assertThat(StatusDetails.badFields(tooFar)).containsExactly("expiring_within");
    }

    @Test
    void historyPagesNewestFirstWithoutSkippingOrRepeatingAndFiltersByKind() {
        String store = fixture.parisStore();
        String customer = newCustomer();
        for (int i = 1; i <= 5; i++) {
            ledger.adjustPoints(adjust(store, customer, i * 10).build());
        }
        ledger.adjustPoints(adjust(store, customer, -15).build());

        List<Long> sequences = new ArrayList<>();
        String token = "";
        int pages = 0;
        do {
            ListLedgerEntriesResponse page = ledger.listLedgerEntries(ListLedgerEntriesRequest.newBuilder()
                    .setStoreId(store).setCustomerId(customer).setPageSize(4).setPageToken(token).build());
            page.getEntriesList().forEach(e -> sequences.add(e.getSequence()));
            token = page.getNextPageToken();
            pages++;
        } while (!token.isEmpty());
        assertThat(sequences).containsExactly(6L, 5L, 4L, 3L, 2L, 1L);
        assertThat(pages).isEqualTo(2);

        ListLedgerEntriesResponse first = ledger.listLedgerEntries(ListLedgerEntriesRequest.newBuilder()
                .setStoreId(store).setCustomerId(customer).setPageSize(2).build());
        StatusRuntimeException reused = catchThrowableOfType(StatusRuntimeException.class,
                () -> ledger.listLedgerEntries(ListLedgerEntriesRequest.newBuilder().setStoreId(store)
                        .setCustomerId(newCustomer()).setPageToken(first.getNextPageToken()).build()));
        assertThat(StatusDetails.badFields(reused)).containsExactly("page_token");

        assertThat(ledger.listLedgerEntries(ListLedgerEntriesRequest.newBuilder().setStoreId(store)
                .setCustomerId(customer).addKinds(LedgerEntryKind.LEDGER_ENTRY_KIND_EXPIRED).build()).getEntriesList())
                .isEmpty();
        assertThat(ledger.listLedgerEntries(ListLedgerEntriesRequest.newBuilder().setStoreId(store)
                .setCustomerId(customer).addKinds(LedgerEntryKind.LEDGER_ENTRY_KIND_ADJUSTED).build()).getEntriesCount())
                .isEqualTo(6);

        StatusRuntimeException invalid = catchThrowableOfType(StatusRuntimeException.class,
                () -> ledger.listLedgerEntries(ListLedgerEntriesRequest.newBuilder().setPageSize(-1)
                        .addKinds(LedgerEntryKind.LEDGER_ENTRY_KIND_SPENT)
                        .addKinds(LedgerEntryKind.LEDGER_ENTRY_KIND_UNSPECIFIED).setPageToken("garbage").build()));
        // the contract's faults first (L-API-3); the page token, a service rule, once they are fixed
        assertThat(StatusDetails.badFields(invalid))
                .containsExactly("store_id", "customer_id", "kinds[1]", "page_size");
        StatusRuntimeException foreignToken = catchThrowableOfType(StatusRuntimeException.class,
                () -> ledger.listLedgerEntries(ListLedgerEntriesRequest.newBuilder().setStoreId(store)
                        .setCustomerId(customer).setPageToken("garbage").build()));
        assertThat(StatusDetails.badFields(foreignToken)).containsExactly("page_token");
    }

    @Test
    void r_ledger_3_lotsAreListedInConsumptionOrderAcrossPages() {
        String store = fixture.parisStore();
        String customer = newCustomer();
        List<String> expected = new ArrayList<>();
        String neverA = ledger.adjustPoints(adjust(store, customer, 1).setExpiryPolicy(never()).build()).getEntry().getLotId();
        String in20 = ledger.adjustPoints(adjust(store, customer, 1).setExpiryPolicy(afterDays(20)).build()).getEntry().getLotId();
        fixture.clock().advance(java.time.Duration.ofSeconds(1));
        String neverB = ledger.adjustPoints(adjust(store, customer, 1).setExpiryPolicy(never()).build()).getEntry().getLotId();
        String in5 = ledger.adjustPoints(adjust(store, customer, 1).setExpiryPolicy(afterDays(5)).build()).getEntry().getLotId();
        expected.addAll(List.of(in5, in20, neverA, neverB));

        List<String> listed = new ArrayList<>();
        String token = "";
        do {
            ListPointsLotsResponse page = ledger.listPointsLots(ListPointsLotsRequest.newBuilder().setStoreId(store)
                    .setCustomerId(customer).setPageSize(1).setPageToken(token).build());
            page.getLotsList().forEach(l -> listed.add(l.getLotId()));
            token = page.getNextPageToken();
        } while (!token.isEmpty());

        assertThat(listed).containsExactlyElementsOf(expected);
        StatusRuntimeException invalid = catchThrowableOfType(StatusRuntimeException.class,
                () -> ledger.listPointsLots(ListPointsLotsRequest.newBuilder().setStoreId(store).setCustomerId(customer)
                        .setIncludeClosed(true).setPageToken(ledger.listPointsLots(ListPointsLotsRequest.newBuilder()
                                .setStoreId(store).setCustomerId(customer).setPageSize(1).build()).getNextPageToken())
                        .build()));
        assertThat(StatusDetails.badFields(invalid)).containsExactly("page_token");
        // the contract's shape rules first (L-API-3), then the service's: each answer names all of its stage
        // (store_id required and page_size >= 0 are the contract's too now)
        StatusRuntimeException shape = catchThrowableOfType(StatusRuntimeException.class,
                () -> ledger.listPointsLots(ListPointsLotsRequest.newBuilder().setCustomerId("c".repeat(129))
                        .setPageSize(-1).setPageToken("garbage").build()));
        assertThat(shape.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(StatusDetails.badFields(shape)).containsExactly("store_id", "customer_id", "page_size");
        StatusRuntimeException rules = catchThrowableOfType(StatusRuntimeException.class,
                () -> ledger.listPointsLots(ListPointsLotsRequest.newBuilder().setStoreId(store)
                        .setCustomerId("c".repeat(128)).setPageToken("garbage").build()));
        assertThat(StatusDetails.badFields(rules)).containsExactly("page_token");
    }

    @Test
    void r_ledger_9_theIntegrityCheckPagesThroughTheStoreAndReportsWhatDoesNotAddUp() {
        String store = fixture.parisStore();
        List<String> customers = List.of("a-" + UUID.randomUUID(), "b-" + UUID.randomUUID(), "c-" + UUID.randomUUID());
        for (String customer : customers) {
            ledger.adjustPoints(adjust(store, customer, 60).build());
            ledger.adjustPoints(adjust(store, customer, 40).setExpiryPolicy(never()).build());
            ledger.adjustPoints(adjust(store, customer, -70).build());
        }

        int checked = 0;
        String token = "";
        do {
            CheckLedgerIntegrityResponse page = ledger.checkLedgerIntegrity(CheckLedgerIntegrityRequest.newBuilder()
                    .setStoreId(store).setPageSize(2).setPageToken(token).build());
            assertThat(page.getViolationsList()).isEmpty();
            checked += page.getCustomersChecked();
            token = page.getNextPageToken();
        } while (!token.isEmpty());
        assertThat(checked).isEqualTo(3);

        // corrupt one lot behind the service's back: the check must notice
        String victim = customers.get(1);
        String lotId = ledger.listPointsLots(ListPointsLotsRequest.newBuilder().setStoreId(store).setCustomerId(victim)
                .build()).getLots(0).getLotId();
        fixture.pool().preparedQuery("UPDATE points_lot SET remaining_points = remaining_points + 5 WHERE lot_id = $1")
                .execute(Tuple.of(UUID.fromString(lotId))).await().indefinitely();

        CheckLedgerIntegrityResponse all = ledger.checkLedgerIntegrity(CheckLedgerIntegrityRequest.newBuilder()
                .setStoreId(store).build());
        assertThat(all.getCustomersChecked()).isEqualTo(3);
        assertThat(all.getViolationsList()).extracting(v -> v.getCustomerId(), v -> v.getCheck(), v -> v.getEntryId(),
                v -> v.getExpected(), v -> v.getActual()).containsExactly(
                org.assertj.core.groups.Tuple.tuple(victim, "LOTS_SUM_MISMATCH", lotId, 30L, 35L),
                org.assertj.core.groups.Tuple.tuple(victim, "LOTS_SUM_MISMATCH", "", 30L, 35L));
        assertThat(check(store, customers.get(0)).getViolationsList()).isEmpty();

        StatusRuntimeException invalid = catchThrowableOfType(StatusRuntimeException.class,
                () -> ledger.checkLedgerIntegrity(CheckLedgerIntegrityRequest.newBuilder().setPageSize(-3).build()));
        assertThat(StatusDetails.badFields(invalid)).containsExactly("store_id", "page_size");
        fixture.storesFedSinceLastCheck(); // corrupted on purpose above: not for the after-test check
    }

    @Test
    void r_ledger_9_theLedgerRefusesToBeRewritten() {
        String store = fixture.parisStore();
        String customer = newCustomer();
        LedgerEntry entry = ledger.adjustPoints(adjust(store, customer, 10).build()).getEntry();

        Throwable refused = catchThrowableOfType(Throwable.class, () -> fixture.pool()
                .preparedQuery("UPDATE ledger_entry SET points_delta = 1000 WHERE entry_id = $1")
                .execute(Tuple.of(UUID.fromString(entry.getEntryId()))).await().indefinitely());

        assertThat(refused).hasMessageContaining("append-only");
        assertThat(balance(store, customer).getPointsBalance()).isEqualTo(10);
    }
}
