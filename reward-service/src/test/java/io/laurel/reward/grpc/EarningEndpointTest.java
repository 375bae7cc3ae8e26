package io.laurel.reward.grpc;

import static io.laurel.reward.grpc.LedgerFixture.adjust;
import static io.laurel.reward.grpc.LedgerFixture.eur;
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
import io.laurel.proto.reward.v1.EarnForOrderRequest;
import io.laurel.proto.reward.v1.EarnForOrdersRequest;
import io.laurel.proto.reward.v1.EarnForOrdersResponse;
import io.laurel.proto.reward.v1.EarningServiceGrpc.EarningServiceBlockingStub;
import io.laurel.proto.reward.v1.GetBalanceRequest;
import io.laurel.proto.reward.v1.GetOrderEarningRequest;
import io.laurel.proto.reward.v1.LedgerServiceGrpc.LedgerServiceBlockingStub;
import io.laurel.proto.reward.v1.ListPointsLotsRequest;
import io.laurel.proto.reward.v1.OrderEarning;
import io.laurel.proto.reward.v1.RecordTierChangeRequest;
import io.laurel.proto.reward.v1.ReverseOrderEarningRequest;
import io.laurel.proto.reward.v1.ReverseOrderEarningResponse;
import io.laurel.proto.tier.v1.QualifyingActivityKind;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** EarningService over real gRPC and Postgres (R-LEDGER-5, L-LEDGER-2); every test ends with the integrity check. */
@QuarkusTest
@WithTestResource(value = LaurelTestResource.class,
        initArgs = {@ResourceArg(name = LaurelTestResource.DATABASE, value = "laurel_reward"),
                    @ResourceArg(name = LaurelTestResource.REDIS, value = "false")})
class EarningEndpointTest {

    static final Instant ORDER_TIME = FixedClockProducer.START.minus(Duration.ofHours(2));

    @GrpcClient("reward")
    EarningServiceBlockingStub earning;

    @GrpcClient("reward")
    LedgerServiceBlockingStub ledger;

    @Inject
    LedgerFixture fixture;

    String store;

    @BeforeEach
    void setUp() {
        fixture.resetClock();
        store = LedgerFixture.newStore();
        // 3.3 points per euro, so rounding shows
        fixture.feed(LedgerFixture.settings(store, 1, "Europe/Paris", LedgerFixture.afterDays(30), 1000).toBuilder()
                .setBaseEarningRateMilli(3300).build());
    }

    @AfterEach
    void ledgerIsIntact() {
        assertThat(LedgerFixture.violations(ledger, store)).isEmpty();
    }

    private EarnForOrderRequest order(String customer, String orderId, long minor) {
        return EarnForOrderRequest.newBuilder().setRequestId(UUID.randomUUID().toString()).setStoreId(store)
                .setCustomerId(customer).setOrderId(orderId).setAmount(eur(minor))
                .setOccurredAt(ProtoTime.toProto(ORDER_TIME)).build();
    }

    private ReverseOrderEarningRequest refund(String customer, String orderId, String refundId, long minor) {
        return ReverseOrderEarningRequest.newBuilder().setRequestId(UUID.randomUUID().toString()).setStoreId(store)
                .setCustomerId(customer).setOrderId(orderId).setReversalId(refundId).setRefundedAmount(eur(minor))
                .setOccurredAt(ProtoTime.toProto(ORDER_TIME.plus(Duration.ofMinutes(30)))).build();
    }

    private RecordTierChangeRequest tier(String customer, String changeId, int bps, Instant effective) {
        return RecordTierChangeRequest.newBuilder().setRequestId(UUID.randomUUID().toString()).setStoreId(store)
                .setCustomerId(customer).setChangeId(changeId).setTierProgramId("tiers").setTierId("gold")
                .setEarningMultiplierBps(bps).setEffectiveTime(ProtoTime.toProto(effective)).build();
    }

    private OrderEarning earned(String orderId) {
        return earning.getOrderEarning(GetOrderEarningRequest.newBuilder().setStoreId(store).setOrderId(orderId).build())
                .getOrderEarning();
    }

    private long balance(String customer) {
        return ledger.getBalance(GetBalanceRequest.newBuilder().setStoreId(store).setCustomerId(customer).build())
                .getPointsBalance();
    }

    @Test
    void r_ledger_5_anOrderEarnsFloorOfAmountTimesRateTimesMultiplier() {
        String customer = newCustomer();

        var response = earning.earnForOrder(order(customer, "o-1", 1234));

        // 12.34 EUR × 3.3 = 40.72 → 40
        assertThat(response.getOrderEarning().getPointsEarned()).isEqualTo(40);
        assertThat(response.getEntry().getPointsDelta()).isEqualTo(40);
        assertThat(response.getOrderEarning().getEarningMultiplierBps()).isEqualTo(10000);
        assertThat(balance(customer)).isEqualTo(40);
        var activity = fixture.tierMessages(store).get(0);
        assertThat(activity.getKind()).isEqualTo(QualifyingActivityKind.QUALIFYING_ACTIVITY_KIND_POINTS_EARNED);
        assertThat(activity.getOrderId()).isEqualTo("o-1");
    }

    @Test
    void r_ledger_5_theOrderThatLiftsIntoATierEarnsAtTheOldRate() {
        String customer = newCustomer();
        earning.recordTierChange(tier(customer, "c-1", 15000, ORDER_TIME.minusSeconds(1)));
        earning.recordTierChange(tier(customer, "c-2", 30000, ORDER_TIME)); // caused by this order: from it on

        OrderEarning order = earning.earnForOrder(order(customer, "o-1", 1000)).getOrderEarning();

        assertThat(order.getEarningMultiplierBps()).isEqualTo(15000);
        assertThat(order.getPointsEarned()).isEqualTo(49); // 10 × 3.3 × 1.5 = 49.5 → 49
    }

    /**
     * tier-service dates the change an order causes at that order's time as Postgres keeps it (microseconds); an order
     * time sent with nanoseconds is judged at the same precision, so the lifting order still earns at the old rate.
     */
    @Test
    void r_ledger_5_theLiftingOrderEarnsAtTheOldRateWhenItsTimeCarriesNanoseconds() {
        String customer = newCustomer();
        Instant lifted = ORDER_TIME.plusNanos(123_456_789);
        earning.recordTierChange(tier(customer, "c-1", 30000, lifted.truncatedTo(java.time.temporal.ChronoUnit.MICROS)));

        OrderEarning order = earning.earnForOrder(order(customer, "o-1", 1000).toBuilder()
                .setOccurredAt(ProtoTime.toProto(lifted)).build()).getOrderEarning();

        assertThat(order.getEarningMultiplierBps()).isEqualTo(10000);
        assertThat(order.getPointsEarned()).isEqualTo(33);
    }

    /** The four messages about one order, delivered in every one of the 24 orders, give one result. */
    @Test
    void r_ledger_5_theResultIsTheSameWhateverOrderTheMessagesArriveIn() {
        List<List<Integer>> orders = permutations(List.of(0, 1, 2, 3));
        assertThat(orders).hasSize(24);
        for (List<Integer> delivery : orders) {
            String customer = newCustomer();
            String orderId = "o-" + UUID.randomUUID();
            List<Runnable> messages = List.of(
                    () -> earning.recordTierChange(tier(customer, customer + "-up", 20000, ORDER_TIME.minusSeconds(60))),
                    () -> earning.earnForOrder(order(customer, orderId, 1000)),
                    () -> earning.reverseOrderEarning(refund(customer, orderId, "r-1", 333)),
                    () -> earning.recordTierChange(tier(customer, customer + "-after", 30000, ORDER_TIME)));
            delivery.forEach(i -> messages.get(i).run());

            OrderEarning result = earned(orderId);
            // P = floor(10.00 × 3.3 × 2) = 66; reversed floor(66 × 3.33 / 10.00) = 21
            assertThat(result.getPointsEarned()).as("delivery %s", delivery).isEqualTo(66);
            assertThat(result.getPointsReversed()).as("delivery %s", delivery).isEqualTo(21);
            assertThat(result.getEarningMultiplierBps()).as("delivery %s", delivery).isEqualTo(20000);
            assertThat(balance(customer)).as("delivery %s", delivery).isEqualTo(45);
        }
    }

    @Test
    void r_ledger_5_partialRefundsReverseFloorOfPTimesRefundedOverAmountInTotalAndNeverMoreThanP() {
        String customer = newCustomer();
        earning.earnForOrder(order(customer, "o-1", 1000)); // P = 33

        List<Long> totals = new ArrayList<>();
        for (long part : List.of(333L, 333L, 334L, 500L)) {
            earning.reverseOrderEarning(refund(customer, "o-1", "r-" + totals.size(), part));
            totals.add(earned("o-1").getPointsReversed());
        }

        // floor(33 × 333/1000) = 10, floor(33 × 666/1000) = 21, full = 33; a refund beyond A reverses nothing more
        assertThat(totals).containsExactly(10L, 21L, 33L, 33L);
        assertThat(balance(customer)).isZero();
        assertThat(earned("o-1").getRefundedAmount()).isEqualTo(eur(1000));
    }

    @Test
    void r_ledger_5_aCancellationReversesExactlyWhatTheOrderEarned() {
        String customer = newCustomer();
        earning.earnForOrder(order(customer, "o-1", 1000));
        earning.reverseOrderEarning(refund(customer, "o-1", "r-1", 100));

        ReverseOrderEarningResponse cancelled = earning.reverseOrderEarning(refund(customer, "o-1", "cancel", 0)
                .toBuilder().clearRefundedAmount().setCancellation(true).build());

        assertThat(cancelled.getOrderEarning().getPointsReversed()).isEqualTo(33);
        assertThat(cancelled.getOrderEarning().getCancelled()).isTrue();
        assertThat(cancelled.getEntry().getPointsDelta()).isEqualTo(-30);
        assertThat(balance(customer)).isZero();
    }

    @Test
    void l_ledger_2_aReversalOfSpentPointsLeavesADebtThatTheNextCreditRepaysFirst() {
        String customer = newCustomer();
        earning.earnForOrder(order(customer, "o-1", 1000));
        ledger.adjustPoints(adjust(store, customer, -33).build());

        earning.reverseOrderEarning(refund(customer, "o-1", "r-1", 1000));
        assertThat(balance(customer)).isEqualTo(-33);

        ledger.adjustPoints(adjust(store, customer, 50).build());
        assertThat(balance(customer)).isEqualTo(17);
        var lots = ledger.listPointsLots(ListPointsLotsRequest.newBuilder().setStoreId(store).setCustomerId(customer)
                .build()).getLotsList();
        assertThat(lots).singleElement().satisfies(lot -> assertThat(lot.getOriginalPoints()).isEqualTo(17));
    }

    @Test
    void r_ledger_5_aRefundBeforeItsOrderWaitsAndAppliesWhenTheOrderArrives() {
        String customer = newCustomer();

        ReverseOrderEarningResponse early = earning.reverseOrderEarning(refund(customer, "o-1", "r-1", 500));
        earning.earnForOrder(order(customer, "o-1", 1000));

        assertThat(early.getPending()).isTrue();
        assertThat(earned("o-1").getPointsReversed()).isEqualTo(16);
        assertThat(balance(customer)).isEqualTo(17);
    }

    @Test
    void r_ledger_5_redeliveriesReplayAndConflictingContentIsRefused() {
        String customer = newCustomer();
        var first = earning.earnForOrder(order(customer, "o-1", 1000));

        assertThat(earning.earnForOrder(order(customer, "o-1", 1000))).isEqualTo(first);
        StatusRuntimeException refused = catchThrowableOfType(StatusRuntimeException.class,
                () -> earning.earnForOrder(order(customer, "o-1", 2000)));
        assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
        assertThat(StatusDetails.errorInfo(refused).orElseThrow().getReason()).isEqualTo("ORDER_ALREADY_RECORDED");

        var reversed = earning.reverseOrderEarning(refund(customer, "o-1", "r-1", 500));
        assertThat(earning.reverseOrderEarning(refund(customer, "o-1", "r-1", 500))).isEqualTo(reversed);
        StatusRuntimeException other = catchThrowableOfType(StatusRuntimeException.class,
                () -> earning.reverseOrderEarning(refund(customer, "o-1", "r-1", 400)));
        assertThat(StatusDetails.errorInfo(other).orElseThrow().getReason()).isEqualTo("REVERSAL_ALREADY_RECORDED");
        assertThat(balance(customer)).isEqualTo(17);
    }

    @Test
    void r_ledger_5_badInputNamesEveryBadField() {
        StatusRuntimeException refused = catchThrowableOfType(StatusRuntimeException.class, () -> earning
                .reverseOrderEarning(ReverseOrderEarningRequest.newBuilder().setStoreId(store).setCancellation(true)
                        .setRefundedAmount(eur(-5)).build()));
        assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        // the contract's faults first (L-API-3); the service's own once they are fixed
        assertThat(StatusDetails.badFields(refused)).contains("request_id", "customer_id", "order_id", "reversal_id",
                "occurred_at");
        StatusRuntimeException both = catchThrowableOfType(StatusRuntimeException.class, () -> earning
                .reverseOrderEarning(refund(newCustomer(), "o-1", "r-1", 5).toBuilder().setCancellation(true).build()));
        assertThat(StatusDetails.badFields(both)).contains("refunded_amount");

        StatusRuntimeException tier = catchThrowableOfType(StatusRuntimeException.class, () -> earning
                .recordTierChange(RecordTierChangeRequest.newBuilder().setRequestId("x").setStoreId(store).build()));
        assertThat(StatusDetails.badFields(tier)).contains("customer_id", "change_id", "tier_program_id",
                "earning_multiplier_bps", "effective_time");

        StatusRuntimeException missing = catchThrowableOfType(StatusRuntimeException.class, () -> earned("nope"));
        assertThat(missing.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
    }

    @Test
    void r_ledger_5_anOrderInAnotherCurrencyOrForAStoreWithoutSettingsIsRefused() {
        StatusRuntimeException currency = catchThrowableOfType(StatusRuntimeException.class, () -> earning
                .earnForOrder(order(newCustomer(), "o-1", 100).toBuilder()
                        .setAmount(eur(100).toBuilder().setCurrencyCode("USD")).build()));
        assertThat(StatusDetails.badFields(currency)).containsExactly("amount.currency_code");

        StatusRuntimeException unknown = catchThrowableOfType(StatusRuntimeException.class, () -> earning
                .earnForOrder(order(newCustomer(), "o-1", 100).toBuilder().setStoreId(newStore()).build()));
        assertThat(StatusDetails.errorInfo(unknown).orElseThrow().getReason()).isEqualTo("STORE_NOT_CONFIGURED");
    }

    private EarnForOrdersResponse batch(EarnForOrderRequest... orders) {
        return earning.earnForOrders(EarnForOrdersRequest.newBuilder().setStoreId(store).addAllOrders(List.of(orders))
                .build());
    }

    @Test
    void r_ledger_5_aBatchEarnsEachOrderAsIfItHadComeAloneInRequestOrder() {
        String ann = newCustomer();
        String bob = newCustomer();
        earning.recordTierChange(tier(ann, "c-1", 15000, ORDER_TIME.minusSeconds(1)));
        var before = earning.earnForOrder(order(ann, "o-0", 1000));
        assertThat(earning.reverseOrderEarning(refund(bob, "o-2", "r-1", 617)).getPending()).isTrue();

        EarnForOrdersResponse answer = batch(order(ann, "o-1", 1000), order(bob, "o-2", 1234), order(ann, "o-3", 500),
                order(ann, "o-0", 1000));

        assertThat(answer.getResultsList()).extracting(r -> r.getOrderEarning().getOrderId())
                .containsExactly("o-1", "o-2", "o-3", "o-0");
        // 10 EUR × 3.3 × 1.5 = 49.5 → 49; 5 EUR × 3.3 × 1.5 = 24.75 → 24 (the tier holds before the orders)
        assertThat(answer.getResults(0).getOrderEarning().getPointsEarned()).isEqualTo(49);
        assertThat(answer.getResults(2).getOrderEarning().getPointsEarned()).isEqualTo(24);
        // 12.34 EUR × 3.3 = 40.72 → 40, and the refund that came first takes back floor(40 × 617 / 1234) = 20
        assertThat(answer.getResults(1).getOrderEarning().getPointsEarned()).isEqualTo(40);
        assertThat(answer.getResults(1).getOrderEarning().getPointsReversed()).isEqualTo(20);
        assertThat(answer.getResults(3)).as("an order recorded before answers its first result").isEqualTo(before);
        assertThat(balance(ann)).isEqualTo(49 + 49 + 24);
        assertThat(balance(bob)).isEqualTo(20);
        // the two credits of one customer went in order: the second's entry follows the first's
        assertThat(answer.getResults(2).getEntry().getSequence()).isEqualTo(answer.getResults(0).getEntry().getSequence() + 1);
        // each answer is the one a lone call replays
        assertThat(earning.earnForOrder(order(ann, "o-3", 500))).isEqualTo(answer.getResults(2));
        assertThat(batch(order(bob, "o-2", 1234))).isEqualTo(EarnForOrdersResponse.newBuilder()
                .addResults(answer.getResults(1)).build());
        assertThat(fixture.tierMessages(store)).as("every credit reaches tier-service")
                .extracting(m -> m.getOrderId()).contains("o-0", "o-1", "o-2", "o-3");
    }

    @Test
    void r_ledger_5_aBatchWithOneBadOrderIsRefusedWholeNamingItAndRecordsNothing() {
        String customer = newCustomer();
        StatusRuntimeException currency = catchThrowableOfType(StatusRuntimeException.class, () -> batch(
                order(customer, "o-1", 100), order(customer, "o-2", 100).toBuilder()
                        .setAmount(eur(100).toBuilder().setCurrencyCode("USD")).build()));
        assertThat(currency.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(StatusDetails.badFields(currency)).containsExactly("orders[1].amount.currency_code");
        assertThat(balance(customer)).as("nothing of the batch was kept").isZero();
        StatusRuntimeException missing = catchThrowableOfType(StatusRuntimeException.class, () -> earned("o-1"));
        assertThat(missing.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);

        StatusRuntimeException shape = catchThrowableOfType(StatusRuntimeException.class, () -> batch(
                order(customer, "o-3", 100).toBuilder().setStoreId(newStore()).build(),
                order(customer, "o-4", -1)));
        assertThat(StatusDetails.badFields(shape)).containsExactlyInAnyOrder("orders[0].store_id",
                "orders[1].amount.amount_minor");

        earning.earnForOrder(order(customer, "o-5", 100));
        StatusRuntimeException conflict = catchThrowableOfType(StatusRuntimeException.class, () -> batch(
                order(customer, "o-6", 100), order(customer, "o-5", 999)));
        assertThat(conflict.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
        assertThat(StatusDetails.errorInfo(conflict).orElseThrow().getReason()).isEqualTo("ORDER_ALREADY_RECORDED");
        assertThat(StatusDetails.errorInfo(conflict).orElseThrow().getMetadataMap()).containsEntry("item", "orders[1]");
        assertThat(balance(customer)).isEqualTo(3);

        StatusRuntimeException none = catchThrowableOfType(StatusRuntimeException.class, () -> batch());
        assertThat(StatusDetails.badFields(none)).containsExactly("orders");
    }

    @Test
    void r_ledger_5_batchesOfOneCustomerAtOnceLoseNoPoint() throws Exception {
        List<String> customers = new ArrayList<>();
        for (int c = 0; c < 10; c++) {
            customers.add(newCustomer());
        }
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<EarnForOrdersResponse>> calls = new ArrayList<>();
            for (int b = 0; b < 6; b++) {
                List<EarnForOrderRequest> orders = new ArrayList<>();
                for (int c = 0; c < customers.size(); c++) {
                    int customer = b % 2 == 0 ? c : customers.size() - 1 - c; // other batches lock the other way round
                    orders.add(order(customers.get(customer), "o-" + b + "-" + customer, 1000));
                }
                calls.add(pool.submit(() -> batch(orders.toArray(EarnForOrderRequest[]::new))));
            }
            for (Future<EarnForOrdersResponse> call : calls) {
                call.get();
            }
        } finally {
            pool.shutdownNow();
        }
        for (String customer : customers) {
            assertThat(balance(customer)).as(customer).isEqualTo(6 * 33);
        }
    }

    private static List<List<Integer>> permutations(List<Integer> items) {
        if (items.isEmpty()) {
            return List.of(List.of());
        }
        List<List<Integer>> all = new ArrayList<>();
        for (Integer first : items) {
            List<Integer> rest = new ArrayList<>(items);
            rest.remove(first);
            for (List<Integer> tail : permutations(rest)) {
                List<Integer> one = new ArrayList<>();
                one.add(first);
                one.addAll(tail);
                all.add(one);
            }
        }
        return all;
    }
}
