package io.laurel.reward.grpc;

import static io.laurel.reward.grpc.LedgerFixture.adjust;
import static io.laurel.reward.grpc.LedgerFixture.afterDays;
import static io.laurel.reward.grpc.LedgerFixture.eur;
import static io.laurel.reward.grpc.LedgerFixture.issuePoints;
import static io.laurel.reward.grpc.LedgerFixture.newCustomer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.laurel.devstack.LaurelTestResource;
import io.laurel.platform.error.StatusDetails;
import io.laurel.proto.common.v1.FreeProductReward;
import io.laurel.proto.common.v1.RewardSpec;
import io.laurel.proto.reward.v1.AdjustStoreCreditRequest;
import io.laurel.proto.reward.v1.GetBalanceRequest;
import io.laurel.proto.reward.v1.GetVoucherRequest;
import io.laurel.proto.reward.v1.LedgerEntry;
import io.laurel.proto.reward.v1.LedgerEntryKind;
import io.laurel.proto.reward.v1.LedgerServiceGrpc.LedgerServiceBlockingStub;
import io.laurel.proto.reward.v1.ListLedgerEntriesRequest;
import io.laurel.proto.reward.v1.ListStoreCreditEntriesRequest;
import io.laurel.proto.reward.v1.ListStoreCreditEntriesResponse;
import io.laurel.proto.reward.v1.ListVouchersRequest;
import io.laurel.proto.reward.v1.RedeemVoucherRequest;
import io.laurel.proto.reward.v1.RevokeVoucherRequest;
import io.laurel.proto.reward.v1.RewardServiceGrpc.RewardServiceBlockingStub;
import io.laurel.proto.reward.v1.StoreCreditEntryKind;
import io.laurel.proto.reward.v1.StoreCreditServiceGrpc.StoreCreditServiceBlockingStub;
import io.laurel.proto.reward.v1.Voucher;
import io.laurel.proto.reward.v1.VoucherServiceGrpc.VoucherServiceBlockingStub;
import io.laurel.proto.reward.v1.VoucherState;
import io.laurel.reward.app.LedgerJobs;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** StoreCreditService, VoucherService and the expiry job (R-LEDGER-2, 6, 7, 8); every test ends with the integrity check. */
@QuarkusTest
@WithTestResource(value = LaurelTestResource.class,
        initArgs = {@ResourceArg(name = LaurelTestResource.DATABASE, value = "laurel_reward"),
                    @ResourceArg(name = LaurelTestResource.REDIS, value = "false")})
class CreditVoucherExpiryEndpointTest {

    @GrpcClient("reward")
    StoreCreditServiceBlockingStub credits;

    @GrpcClient("reward")
    VoucherServiceBlockingStub vouchers;

    @GrpcClient("reward")
    RewardServiceBlockingStub rewards;

    @GrpcClient("reward")
    LedgerServiceBlockingStub ledger;

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

    private AdjustStoreCreditRequest.Builder adjustCredit(String customer, long minor) {
        return AdjustStoreCreditRequest.newBuilder().setRequestId(UUID.randomUUID().toString()).setStoreId(store)
                .setCustomerId(customer).setAmountDelta(eur(minor)).setReason("goodwill").setActor(LedgerFixture.STAFF);
    }

    private Voucher issueVoucher(String customer, long target) {
        return rewards.issueReward(issuePoints(store, customer, "prog-v", target, 1).setReward(RewardSpec.newBuilder()
                .setFreeProduct(FreeProductReward.newBuilder().setProductId("mug").setQuantity(1))).build())
                .getIssuedReward().getVoucher();
    }

    private RedeemVoucherRequest redeem(String customer, String code, String order) {
        return RedeemVoucherRequest.newBuilder().setRequestId(UUID.randomUUID().toString()).setStoreId(store)
                .setCustomerId(customer).setCode(code).setOrderId(order).build();
    }

    @Test
    void r_ledger_8_storeCreditAdjustmentsNeedReasonAndActorAndAppearInPagedHistory() {
        String customer = newCustomer();
        for (long minor : List.of(1000L, 250L, -300L)) {
            credits.adjustStoreCredit(adjustCredit(customer, minor).build());
        }

        ListStoreCreditEntriesResponse page = credits.listStoreCreditEntries(ListStoreCreditEntriesRequest.newBuilder()
                .setStoreId(store).setCustomerId(customer).setPageSize(2).build());
        ListStoreCreditEntriesResponse rest = credits.listStoreCreditEntries(ListStoreCreditEntriesRequest.newBuilder()
                .setStoreId(store).setCustomerId(customer).setPageSize(2).setPageToken(page.getNextPageToken()).build());

        assertThat(page.getEntriesList()).extracting(e -> e.getAmountDelta().getAmountMinor()).containsExactly(-300L, 250L);
        assertThat(rest.getEntriesList()).extracting(e -> e.getBalanceAfter().getAmountMinor()).containsExactly(1000L);
        assertThat(rest.getNextPageToken()).isEmpty();
        assertThat(page.getEntries(0).getKind()).isEqualTo(StoreCreditEntryKind.STORE_CREDIT_ENTRY_KIND_ADJUSTED);
        assertThat(page.getEntries(0).getActor().getId()).isEqualTo("staff-7");
        assertThat(ledger.getBalance(GetBalanceRequest.newBuilder().setStoreId(store).setCustomerId(customer).build())
                .getStoreCreditBalance()).isEqualTo(eur(950));
    }

    @Test
    void r_ledger_6_aDeductionBeyondTheCreditIsRefusedAndBadInputNamesEveryField() {
        String customer = newCustomer();
        credits.adjustStoreCredit(adjustCredit(customer, 100).build());

        StatusRuntimeException refused = catchThrowableOfType(StatusRuntimeException.class,
                () -> credits.adjustStoreCredit(adjustCredit(customer, -101).build()));
        assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
        assertThat(StatusDetails.errorInfo(refused).orElseThrow().getMetadataMap()).containsEntry("available_minor", "100");

        StatusRuntimeException bad = catchThrowableOfType(StatusRuntimeException.class, () -> credits.adjustStoreCredit(
                AdjustStoreCreditRequest.newBuilder().setStoreId(store).setAmountDelta(eur(0).toBuilder()
                        .setCurrencyCode("eu")).build()));
        // the contract's faults first (L-API-3); the amount's once they are fixed
        assertThat(StatusDetails.badFields(bad)).contains("request_id", "customer_id", "reason", "actor");
        StatusRuntimeException amount = catchThrowableOfType(StatusRuntimeException.class, () -> credits.adjustStoreCredit(
                adjustCredit(customer, 0).setAmountDelta(eur(0).toBuilder().setCurrencyCode("eu")).build()));
        // "eu" breaks Money's contract (a 3-letter code): answered first (L-API-3); a zero amount is the service's
        assertThat(StatusDetails.badFields(amount)).containsExactly("amount_delta.currency_code");
        StatusRuntimeException zero = catchThrowableOfType(StatusRuntimeException.class, () -> credits.adjustStoreCredit(
                adjustCredit(customer, 0).build()));
        assertThat(StatusDetails.badFields(zero)).contains("amount_delta.amount_minor");
    }

    @Test
    void r_ledger_7_codesAreUniqueAndAVoucherIsRedeemedOnce() {
        String customer = newCustomer();
        Set<String> codes = new HashSet<>();
        for (int i = 1; i <= 20; i++) {
            codes.add(issueVoucher(customer, i).getCode());
        }
        assertThat(codes).hasSize(20);
        String code = codes.iterator().next();

        Voucher redeemed = vouchers.redeemVoucher(redeem(customer, code, "order-1")).getVoucher();
        Voucher again = vouchers.redeemVoucher(redeem(customer, code, "order-1")).getVoucher();
        StatusRuntimeException twice = catchThrowableOfType(StatusRuntimeException.class,
                () -> vouchers.redeemVoucher(redeem(customer, code, "order-2")));
        StatusRuntimeException stranger = catchThrowableOfType(StatusRuntimeException.class,
                () -> vouchers.redeemVoucher(redeem(newCustomer(), code, "order-3")));

        assertThat(redeemed.getState()).isEqualTo(VoucherState.VOUCHER_STATE_REDEEMED);
        assertThat(again.getOrderId()).isEqualTo("order-1");
        assertThat(StatusDetails.errorInfo(twice).orElseThrow().getReason()).isEqualTo("VOUCHER_ALREADY_REDEEMED");
        assertThat(stranger.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
        var listed = vouchers.listVouchers(ListVouchersRequest.newBuilder().setStoreId(store).setCustomerId(customer)
                .addStates(VoucherState.VOUCHER_STATE_REDEEMED).build()).getVouchersList();
        assertThat(listed).extracting(Voucher::getCode).containsExactly(code);
    }

    @Test
    void r_ledger_7_aVoucherIsRevokedByHandAndExpiresByTime() {
        String customer = newCustomer();
        Voucher revokedOne = issueVoucher(customer, 1);
        Voucher lapsing = issueVoucher(customer, 2);

        Voucher revoked = vouchers.revokeVoucher(RevokeVoucherRequest.newBuilder().setRequestId(UUID.randomUUID()
                .toString()).setStoreId(store).setVoucherId(revokedOne.getVoucherId()).setReason("fraud")
                .setActor(LedgerFixture.STAFF).build()).getVoucher();
        fixture.clock().advance(Duration.ofDays(11));
        StatusRuntimeException expired = catchThrowableOfType(StatusRuntimeException.class,
                () -> vouchers.redeemVoucher(redeem(customer, lapsing.getCode(), "order-1")));
        var run = jobs.runOnce().await().indefinitely();

        assertThat(revoked.getState()).isEqualTo(VoucherState.VOUCHER_STATE_REVOKED);
        assertThat(revoked.getRevokeReason()).isEqualTo("fraud");
        assertThat(StatusDetails.errorInfo(expired).orElseThrow().getReason()).isEqualTo("VOUCHER_EXPIRED");
        assertThat(run.vouchersExpired()).isGreaterThanOrEqualTo(1);
        assertThat(vouchers.getVoucher(GetVoucherRequest.newBuilder().setStoreId(store)
                .setVoucherId(lapsing.getVoucherId()).build()).getVoucher().getState())
                .isEqualTo(VoucherState.VOUCHER_STATE_EXPIRED);
    }

    @Test
    void r_ledger_2_theExpiryJobBooksLapsedLotsOnceAndBalancesWereAlreadyRight() {
        List<String> customers = List.of(newCustomer(), newCustomer(), newCustomer());
        for (String customer : customers) {
            ledger.adjustPoints(adjust(store, customer, 100).setExpiryPolicy(afterDays(2)).build());
            ledger.adjustPoints(adjust(store, customer, -30).build());
        }
        fixture.clock().advance(Duration.ofDays(5));
        long before = ledger.getBalance(GetBalanceRequest.newBuilder().setStoreId(store)
                .setCustomerId(customers.get(0)).build()).getPointsBalance();

        var first = jobs.runOnce().await().indefinitely();
        var second = jobs.runOnce().await().indefinitely();

        assertThat(before).isZero();
        assertThat(first.customersExpired()).isGreaterThanOrEqualTo(3);
        assertThat(second.customersExpired()).isZero();
        for (String customer : customers) {
            List<LedgerEntry> entries = ledger.listLedgerEntries(ListLedgerEntriesRequest.newBuilder().setStoreId(store)
                    .setCustomerId(customer).build()).getEntriesList();
            assertThat(entries.get(0).getKind()).isEqualTo(LedgerEntryKind.LEDGER_ENTRY_KIND_EXPIRED);
            assertThat(entries.get(0).getPointsDelta()).isEqualTo(-70);
            assertThat(entries.get(0).getBalanceAfter()).isZero();
            assertThat(entries).filteredOn(e -> e.getKind() == LedgerEntryKind.LEDGER_ENTRY_KIND_EXPIRED).hasSize(1);
        }
    }

    @Test
    void r_ledger_2_expiryJobsRunningTogetherBookEachLotOnce() {
        List<String> customers = List.of(newCustomer(), newCustomer(), newCustomer(), newCustomer());
        for (String customer : customers) {
            ledger.adjustPoints(adjust(store, customer, 10).setExpiryPolicy(afterDays(1)).build());
        }
        fixture.clock().advance(Duration.ofDays(3));

        // two replicas at once
        var both = io.smallrye.mutiny.Uni.combine().all().unis(jobs.runOnce(), jobs.runOnce()).asTuple()
                .await().indefinitely();

        assertThat(both.getItem1().customersExpired() + both.getItem2().customersExpired()).isGreaterThanOrEqualTo(4);
        for (String customer : customers) {
            assertThat(ledger.listLedgerEntries(ListLedgerEntriesRequest.newBuilder().setStoreId(store)
                    .setCustomerId(customer).addKinds(LedgerEntryKind.LEDGER_ENTRY_KIND_EXPIRED).build())
                    .getEntriesList()).hasSize(1);
        }
    }

    @Test
    void r_ledger_7_unknownVouchersAreNotFound() {
        for (String id : List.of("nope", UUID.randomUUID().toString())) {
            StatusRuntimeException missing = catchThrowableOfType(StatusRuntimeException.class, () -> vouchers
                    .getVoucher(GetVoucherRequest.newBuilder().setStoreId(store).setVoucherId(id).build()));
            assertThat(missing.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
        }
    }
}
