package io.laurel.reward.grpc;

import static io.laurel.reward.grpc.LedgerFixture.adjust;
import static io.laurel.reward.grpc.LedgerFixture.eur;
import static io.laurel.reward.grpc.LedgerFixture.issuePoints;
import static io.laurel.reward.grpc.LedgerFixture.milestone;
import static io.laurel.reward.grpc.LedgerFixture.never;
import static io.laurel.reward.grpc.LedgerFixture.newCustomer;
import static io.laurel.reward.grpc.LedgerFixture.newStore;
import static io.laurel.reward.grpc.LedgerFixture.tierEntry;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.laurel.devstack.LaurelTestResource;
import io.laurel.platform.error.StatusDetails;
import io.laurel.platform.grpc.ProtoTime;
import io.laurel.platform.time.FixedClockProducer;
import io.laurel.proto.common.v1.FreeProductReward;
import io.laurel.proto.common.v1.PointsReward;
import io.laurel.proto.common.v1.RewardSpec;
import io.laurel.proto.common.v1.StoreCreditReward;
import io.laurel.proto.progress.v1.CustomerEvent;
import io.laurel.proto.progress.v1.PointsSource;
import io.laurel.proto.reward.v1.ClawBackRewardRequest;
import io.laurel.proto.reward.v1.ClawBackRewardResponse;
import io.laurel.proto.reward.v1.GetBalanceRequest;
import io.laurel.proto.reward.v1.GetBalanceResponse;
import io.laurel.proto.reward.v1.IssueRewardRequest;
import io.laurel.proto.reward.v1.IssueRewardResponse;
import io.laurel.proto.reward.v1.IssueRewardsRequest;
import io.laurel.proto.reward.v1.IssueRewardsResponse;
import io.laurel.proto.reward.v1.LedgerEntry;
import io.laurel.proto.reward.v1.LedgerEntryKind;
import io.laurel.proto.reward.v1.LedgerServiceGrpc.LedgerServiceBlockingStub;
import io.laurel.proto.reward.v1.ListLedgerEntriesRequest;
import io.laurel.proto.reward.v1.RewardServiceGrpc.RewardServiceBlockingStub;
import io.laurel.proto.reward.v1.StoreCreditEntryKind;
import io.laurel.proto.reward.v1.VoucherState;
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
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** RewardService over real gRPC and Postgres (R-LEDGER-1, 6, 7, L-REWARD-1, 2); every test ends with the integrity check. */
@QuarkusTest
@WithTestResource(value = LaurelTestResource.class,
        initArgs = {@ResourceArg(name = LaurelTestResource.DATABASE, value = "laurel_reward"),
                    @ResourceArg(name = LaurelTestResource.REDIS, value = "false")})
class RewardEndpointTest {

    @GrpcClient("reward")
    RewardServiceBlockingStub rewards;

    @GrpcClient("reward")
    LedgerServiceBlockingStub ledger;

    @GrpcClient("reward")
    io.laurel.proto.reward.v1.StoreCreditServiceGrpc.StoreCreditServiceBlockingStub credits;

    @Inject
    LedgerFixture fixture;

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

    private GetBalanceResponse balance(String customer) {
        return ledger.getBalance(GetBalanceRequest.newBuilder().setStoreId(store).setCustomerId(customer).build());
    }

    private List<LedgerEntry> entries(String customer) {
        return ledger.listLedgerEntries(ListLedgerEntriesRequest.newBuilder().setStoreId(store).setCustomerId(customer)
                .build()).getEntriesList();
    }

    private static RewardSpec credit(long minor) {
        return RewardSpec.newBuilder().setStoreCredit(StoreCreditReward.newBuilder().setFixedAmount(eur(minor))).build();
    }

    private static RewardSpec product() {
        return RewardSpec.newBuilder().setFreeProduct(FreeProductReward.newBuilder().setProductId("mug")
                .setVariantId("blue").setQuantity(2)).build();
    }

    @Test
    void r_ledger_1_pointsBecomeALotExpiringFromOccurredAtInTheStoreZone() {
        String customer = newCustomer();

        IssueRewardResponse issued = rewards.issueReward(issuePoints(store, customer, "prog-1", 5, 250).build());

        LedgerEntry entry = issued.getIssuedReward().getPointsEntry();
        assertThat(issued.getReplayed()).isFalse();
        assertThat(entry.getKind()).isEqualTo(LedgerEntryKind.LEDGER_ENTRY_KIND_EARNED);
        assertThat(entry.getPointsDelta()).isEqualTo(250);
        // earned 25 Oct 10:00 Paris, N = 10 → spendable through 4 Nov, expires 5 Nov 00:00 CET (R-PROG-6)
        assertThat(ProtoTime.toInstant(entry.getExpiresAt())).isEqualTo(Instant.parse("2026-11-04T23:00:00Z"));
        assertThat(entry.getCause().getProgramId()).isEqualTo("prog-1");
        assertThat(entry.getCause().getMilestoneTarget()).isEqualTo(5);
        assertThat(balance(customer).getPointsBalance()).isEqualTo(250);
    }

    @Test
    void r_ledger_1_aRetryWithAnotherRequestIdReplaysTheFirstResultAndIssuesNothing() {
        String customer = newCustomer();
        IssueRewardResponse first = rewards.issueReward(issuePoints(store, customer, "prog-1", 5, 250).build());

        IssueRewardResponse again = rewards.issueReward(issuePoints(store, customer, "prog-1", 5, 999)
                .setRequestId(UUID.randomUUID().toString()).build());

        assertThat(again.getReplayed()).isTrue();
        assertThat(again.getIssuedReward()).isEqualTo(first.getIssuedReward());
        assertThat(entries(customer)).hasSize(1);
        assertThat(balance(customer).getPointsBalance()).isEqualTo(250);
    }

    @Test
    void r_ledger_1_concurrentDuplicatesIssueOnce() throws Exception {
        String customer = newCustomer();
        ExecutorService pool = Executors.newFixedThreadPool(10);
        try {
            List<Future<IssueRewardResponse>> calls = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                Callable<IssueRewardResponse> call = () -> rewards.issueReward(
                        issuePoints(store, customer, "prog-1", 5, 250).build());
                calls.add(pool.submit(call));
            }
            int fresh = 0;
            for (Future<IssueRewardResponse> call : calls) {
                fresh += call.get().getReplayed() ? 0 : 1;
            }
            assertThat(fresh).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
        assertThat(entries(customer)).hasSize(1);
        assertThat(balance(customer).getPointsBalance()).isEqualTo(250);
    }

    @Test
    void l_reward_1_percentagePointsAreTheOrderShareAtThePointValueRoundedDown() {
        String customer = newCustomer();
        IssueRewardRequest request = issuePoints(store, customer, "prog-1", 1, 1)
                .setReward(RewardSpec.newBuilder().setPoints(PointsReward.newBuilder().setPercentOfOrderBps(1000)))
                .setOrderAmount(eur(5009)).build();

        LedgerEntry entry = rewards.issueReward(request).getIssuedReward().getPointsEntry();

        // 10 % of 50.09 EUR at 1 cent a point = 500.9 → 500
        assertThat(entry.getPointsDelta()).isEqualTo(500);
    }

    @Test
    void r_ledger_1_aRewardThatComputesToZeroIsRecordedWithAZeroDelta() {
        String customer = newCustomer();
        IssueRewardRequest request = issuePoints(store, customer, "prog-1", 1, 1)
                .setReward(RewardSpec.newBuilder().setPoints(PointsReward.newBuilder().setPercentOfOrderBps(100)))
                .setOrderAmount(eur(50)).build();

        LedgerEntry entry = rewards.issueReward(request).getIssuedReward().getPointsEntry();

        assertThat(entry.getPointsDelta()).isZero();
        assertThat(entry.getLotId()).isEmpty();
        assertThat(rewards.issueReward(request).getReplayed()).isTrue();
    }

    @Test
    void r_ledger_6_storeCreditIsIssuedAndShownInTheBalance() {
        String customer = newCustomer();
        IssueRewardRequest fixed = issuePoints(store, customer, "prog-1", 1, 1).setReward(credit(1500)).build();
        IssueRewardRequest share = issuePoints(store, customer, "prog-1", 2, 1)
                .setReward(RewardSpec.newBuilder().setStoreCredit(StoreCreditReward.newBuilder().setPercentOfOrderBps(250)))
                .setOrderAmount(eur(1999)).build();

        var first = rewards.issueReward(fixed).getIssuedReward().getStoreCreditEntry();
        var second = rewards.issueReward(share).getIssuedReward().getStoreCreditEntry();

        assertThat(first.getKind()).isEqualTo(StoreCreditEntryKind.STORE_CREDIT_ENTRY_KIND_ISSUED);
        assertThat(first.getAmountDelta()).isEqualTo(eur(1500));
        assertThat(second.getAmountDelta()).isEqualTo(eur(49)); // 2.5 % of 19.99 = 49.975 → 49
        assertThat(second.getBalanceAfter()).isEqualTo(eur(1549));
        assertThat(balance(customer).getStoreCreditBalance()).isEqualTo(eur(1549));
        assertThat(balance(customer).getAvailableStoreCredit()).isEqualTo(eur(1549));
    }

    @Test
    void r_ledger_7_aFreeProductBecomesAVoucherWithAnUnguessableCodeAndAnExpiry() {
        String customer = newCustomer();
        IssueRewardRequest request = issuePoints(store, customer, "prog-1", 1, 1).setReward(product()).build();

        var voucher = rewards.issueReward(request).getIssuedReward().getVoucher();

        assertThat(voucher.getState()).isEqualTo(VoucherState.VOUCHER_STATE_ISSUED);
        assertThat(voucher.getCode()).matches("[A-Z2-9]{12}");
        assertThat(voucher.getProductId()).isEqualTo("mug");
        assertThat(voucher.getQuantity()).isEqualTo(2);
        assertThat(ProtoTime.toInstant(voucher.getExpiresAt())).isEqualTo(Instant.parse("2026-11-04T23:00:00Z"));
    }

    @Test
    void r_ledger_1_milestonePointsReachProgressWithTheirProgramAndTierAsQualifyingActivity() {
        String customer = newCustomer();
        LedgerEntry entry = rewards.issueReward(issuePoints(store, customer, "prog-7", 5, 250).build())
                .getIssuedReward().getPointsEntry();

        CustomerEvent event = fixture.progressMessages(store).get(0).getEvents(0);
        assertThat(event.getEventId()).isEqualTo("ledger:" + entry.getEntryId());
        assertThat(event.getPointsEarned().getSource()).isEqualTo(PointsSource.POINTS_SOURCE_MILESTONE_REWARD);
        assertThat(event.getPointsEarned().getSourceProgramId()).isEqualTo("prog-7");
        var activity = fixture.tierMessages(store);
        assertThat(activity).hasSize(1);
        assertThat(activity.get(0).getKind()).isEqualTo(QualifyingActivityKind.QUALIFYING_ACTIVITY_KIND_POINTS_EARNED);
        assertThat(activity.get(0).getPoints()).isEqualTo(250);
        assertThat(activity.get(0).getActivityId()).isEqualTo("ledger:" + entry.getEntryId());
    }

    @Test
    void l_tier_1_tierEntryPointsReachProgressButNotTier() {
        String customer = newCustomer();
        rewards.issueReward(issuePoints(store, customer, "p", 1, 1).setCause(tierEntry("tiers-1", "gold"))
                .setReward(RewardSpec.newBuilder().setPoints(PointsReward.newBuilder().setFixedPoints(100))).build());

        assertThat(fixture.progressMessages(store).get(0).getEvents(0).getPointsEarned().getSource())
                .isEqualTo(PointsSource.POINTS_SOURCE_TIER_ENTRY_REWARD);
        assertThat(fixture.tierMessages(store)).isEmpty();
    }

    @Test
    void r_ledger_1_aStoreWithoutSettingsIsFailedPrecondition() {
        store = newStore();
        StatusRuntimeException refused = catchThrowableOfType(StatusRuntimeException.class,
                () -> rewards.issueReward(issuePoints(store, newCustomer(), "p", 1, 5).build()));

        assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
        assertThat(StatusDetails.errorInfo(refused).orElseThrow().getReason()).isEqualTo("STORE_NOT_CONFIGURED");
    }

    @Test
    void r_ledger_1_badInputNamesEveryBadField() {
        IssueRewardRequest bad = IssueRewardRequest.newBuilder()
                .setStoreId(store)
                .setCause(milestone("", 0))
                .setReward(RewardSpec.newBuilder().setPoints(PointsReward.newBuilder().setPercentOfOrderBps(20000)))
                .setExpiryPolicy(LedgerFixture.afterDays(0).toBuilder()
                        .setKind(io.laurel.proto.common.v1.PointsExpiryPolicyKind.POINTS_EXPIRY_POLICY_KIND_STORE_DEFAULT))
                .build();

        StatusRuntimeException refused = catchThrowableOfType(StatusRuntimeException.class, () -> rewards.issueReward(bad));

        assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        // the contract's faults first (L-API-3); the service's own once they are fixed
        assertThat(StatusDetails.badFields(refused)).contains("request_id", "customer_id", "cause.program_id",
                "occurred_at");
        StatusRuntimeException rules = catchThrowableOfType(StatusRuntimeException.class, () -> rewards.issueReward(
                issuePoints(store, newCustomer(), "p", 0, 1).setReward(bad.getReward())
                        .setExpiryPolicy(bad.getExpiryPolicy()).build()));
        // 20000 bps is over the contract's 1..10000 (common/v1's PointsReward): the contract's, answered first
        assertThat(StatusDetails.badFields(rules)).containsExactly("reward.points.percent_of_order_bps");
        StatusRuntimeException serviceRules = catchThrowableOfType(StatusRuntimeException.class, () -> rewards.issueReward(
                issuePoints(store, newCustomer(), "p", 0, 1).setReward(RewardSpec.newBuilder()
                                .setPoints(PointsReward.newBuilder().setPercentOfOrderBps(500)))
                        .setExpiryPolicy(bad.getExpiryPolicy()).build()));
        assertThat(StatusDetails.badFields(serviceRules)).contains("cause.milestone_target", "order_amount",
                "expiry_policy.kind");
    }

    @Test
    void r_ledger_6_storeCreditInAnotherCurrencyIsRefused() {
        StatusRuntimeException refused = catchThrowableOfType(StatusRuntimeException.class, () -> rewards.issueReward(
                issuePoints(store, newCustomer(), "p", 1, 1).setReward(RewardSpec.newBuilder().setStoreCredit(
                        StoreCreditReward.newBuilder().setFixedAmount(eur(100).toBuilder().setCurrencyCode("USD"))))
                        .build()));

        assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(StatusDetails.badFields(refused)).containsExactly("reward.store_credit.fixed_amount.currency_code");
    }

    private IssueRewardsResponse batch(IssueRewardRequest... rewardRequests) {
        return rewards.issueRewards(IssueRewardsRequest.newBuilder().setStoreId(store)
                .addAllRewards(List.of(rewardRequests)).build());
    }

    @Test
    void r_ledger_1_aBatchIssuesEachRewardAsIfItHadComeAloneInRequestOrder() {
        String ann = newCustomer();
        String bob = newCustomer();
        String cid = newCustomer();
        String dan = newCustomer();
        IssueRewardResponse before = rewards.issueReward(issuePoints(store, dan, "prog-1", 5, 70).build());
        assertThat(rewards.clawBackReward(clawBack(cid, "prog-1", 5)).getPending()).isTrue();

        IssueRewardsResponse answer = batch(
                issuePoints(store, ann, "prog-1", 5, 250).build(),
                issuePoints(store, bob, "prog-1", 5, 1).setReward(credit(1500)).build(),
                issuePoints(store, ann, "prog-1", 10, 100).build(),
                issuePoints(store, cid, "prog-1", 5, 300).build(),
                issuePoints(store, bob, "prog-1", 10, 1).setReward(product()).build(),
                issuePoints(store, dan, "prog-1", 5, 999).build(),
                issuePoints(store, ann, "prog-1", 5, 999).build());

        assertThat(answer.getResultsList()).extracting(IssueRewardResponse::getReplayed)
                .containsExactly(false, false, false, false, false, true, true);
        LedgerEntry first = answer.getResults(0).getIssuedReward().getPointsEntry();
        LedgerEntry second = answer.getResults(2).getIssuedReward().getPointsEntry();
        assertThat(first.getPointsDelta()).isEqualTo(250);
        assertThat(second.getPointsDelta()).isEqualTo(100);
        assertThat(second.getSequence()).as("one customer's rewards went in request order")
                .isEqualTo(first.getSequence() + 1);
        assertThat(answer.getResults(6).getIssuedReward()).as("a cause repeated in the batch replays its first")
                .isEqualTo(answer.getResults(0).getIssuedReward());
        assertThat(answer.getResults(5).getIssuedReward()).as("a cause issued before replays it")
                .isEqualTo(before.getIssuedReward());
        assertThat(balance(ann).getPointsBalance()).isEqualTo(350);
        assertThat(balance(bob).getStoreCreditBalance()).isEqualTo(eur(1500));
        assertThat(answer.getResults(4).getIssuedReward().getVoucher().getState())
                .isEqualTo(VoucherState.VOUCHER_STATE_ISSUED);
        assertThat(balance(dan).getPointsBalance()).isEqualTo(70);
        // a claw-back that came first applied right after issuance, as for a lone call
        assertThat(balance(cid).getPointsBalance()).isZero();
        assertThat(entries(cid)).extracting(LedgerEntry::getKind).containsExactly(
                LedgerEntryKind.LEDGER_ENTRY_KIND_CLAWED_BACK, LedgerEntryKind.LEDGER_ENTRY_KIND_EARNED);
        // each answer is the one a lone call replays
        IssueRewardResponse alone = rewards.issueReward(issuePoints(store, bob, "prog-1", 10, 1).build());
        assertThat(alone.getReplayed()).isTrue();
        assertThat(alone.getIssuedReward()).isEqualTo(answer.getResults(4).getIssuedReward());
        // every points credit reaches progress- and tier-service
        assertThat(fixture.tierMessages(store))
                .filteredOn(m -> m.getKind() == QualifyingActivityKind.QUALIFYING_ACTIVITY_KIND_POINTS_EARNED)
                .extracting(m -> m.getPoints()).containsExactlyInAnyOrder(70L, 250L, 100L, 300L);
    }

    @Test
    void r_ledger_1_aBatchWithOneBadRewardIsRefusedWholeNamingItAndIssuesNothing() {
        String customer = newCustomer();
        StatusRuntimeException currency = catchThrowableOfType(StatusRuntimeException.class, () -> batch(
                issuePoints(store, customer, "prog-1", 5, 250).build(),
                issuePoints(store, customer, "prog-1", 10, 1).setReward(RewardSpec.newBuilder().setStoreCredit(
                        StoreCreditReward.newBuilder().setFixedAmount(eur(100).toBuilder().setCurrencyCode("USD"))))
                        .build()));
        assertThat(currency.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(StatusDetails.badFields(currency)).containsExactly(
                "rewards[1].reward.store_credit.fixed_amount.currency_code");
        assertThat(entries(customer)).as("nothing of the batch was kept").isEmpty();

        StatusRuntimeException shape = catchThrowableOfType(StatusRuntimeException.class, () -> batch(
                issuePoints(store, customer, "prog-1", 5, 250).setStoreId(newStore()).build(),
                issuePoints(store, customer, "prog-1", 0, 250).build()));
        assertThat(StatusDetails.badFields(shape)).containsExactlyInAnyOrder("rewards[0].store_id",
                "rewards[1].cause.milestone_target");

        StatusRuntimeException none = catchThrowableOfType(StatusRuntimeException.class, () -> batch());
        assertThat(StatusDetails.badFields(none)).containsExactly("rewards");
        assertThat(balance(customer).getPointsBalance()).isZero();
    }

    @Test
    void r_ledger_1_batchesAtOnceIssueEachCauseOnce() throws Exception {
        List<String> customers = new ArrayList<>();
        for (int c = 0; c < 10; c++) {
            customers.add(newCustomer());
        }
        ExecutorService pool = Executors.newFixedThreadPool(6);
        int fresh = 0;
        try {
            List<Future<IssueRewardsResponse>> calls = new ArrayList<>();
            for (int b = 0; b < 6; b++) {
                List<IssueRewardRequest> batch = new ArrayList<>();
                for (int c = 0; c < customers.size(); c++) {
                    int customer = b % 2 == 0 ? c : customers.size() - 1 - c; // other batches lock the other way round
                    // every cause twice over the six batches, in batches that run at once
                    batch.add(issuePoints(store, customers.get(customer), "prog-1", 1 + b % 3, 10).build());
                }
                calls.add(pool.submit(() -> batch(batch.toArray(IssueRewardRequest[]::new))));
            }
            for (Future<IssueRewardsResponse> call : calls) {
                fresh += (int) call.get().getResultsList().stream().filter(r -> !r.getReplayed()).count();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(fresh).isEqualTo(customers.size() * 3);
        for (String customer : customers) {
            assertThat(entries(customer)).as(customer).hasSize(3);
            assertThat(balance(customer).getPointsBalance()).as(customer).isEqualTo(30);
        }
    }

    private ClawBackRewardRequest clawBack(String customer, String program, long target) {
        return ClawBackRewardRequest.newBuilder().setRequestId(UUID.randomUUID().toString()).setStoreId(store)
                .setCustomerId(customer).setCause(milestone(program, target)).setReason("order 1042 refunded")
                .setOccurredAt(ProtoTime.toProto(FixedClockProducer.START.plusSeconds(60))).build();
    }

    @Test
    void l_reward_2_clawBackTakesOnlyTheUnspentPointsOfItsLotOnce() {
        String customer = newCustomer();
        // an older, sooner-expiring lot of 100 is spent first (R-LEDGER-3), so the reward lot keeps its 250
        ledger.adjustPoints(adjust(store, customer, 100).setExpiryPolicy(LedgerFixture.afterDays(2)).build());
        rewards.issueReward(issuePoints(store, customer, "prog-1", 5, 250).build());
        ledger.adjustPoints(adjust(store, customer, -150).build()); // 100 from the manual lot, 50 from the reward lot

        ClawBackRewardResponse taken = rewards.clawBackReward(clawBack(customer, "prog-1", 5));
        ClawBackRewardResponse again = rewards.clawBackReward(clawBack(customer, "prog-1", 5));

        assertThat(taken.getPointsEntry().getKind()).isEqualTo(LedgerEntryKind.LEDGER_ENTRY_KIND_CLAWED_BACK);
        assertThat(taken.getPointsEntry().getPointsDelta()).isEqualTo(-200);
        assertThat(again.getReplayed()).isTrue();
        assertThat(again.getPointsEntry()).isEqualTo(taken.getPointsEntry());
        assertThat(balance(customer).getPointsBalance()).isZero();
        assertThat(fixture.progressMessages(store)).anySatisfy(m -> assertThat(m.getEvents(0).getPointsReversed()
                .getSourceProgramId()).isEqualTo("prog-1"));
    }

    @Test
    void l_reward_2_aClawBackBeforeItsRewardIsPendingAndAppliesAtIssuance() {
        String customer = newCustomer();

        ClawBackRewardResponse pending = rewards.clawBackReward(clawBack(customer, "prog-1", 5));
        rewards.issueReward(issuePoints(store, customer, "prog-1", 5, 250).build());

        assertThat(pending.getPending()).isTrue();
        assertThat(balance(customer).getPointsBalance()).isZero();
        assertThat(entries(customer)).extracting(LedgerEntry::getKind).containsExactly(
                LedgerEntryKind.LEDGER_ENTRY_KIND_CLAWED_BACK, LedgerEntryKind.LEDGER_ENTRY_KIND_EARNED);
        ClawBackRewardResponse replay = rewards.clawBackReward(clawBack(customer, "prog-1", 5));
        assertThat(replay.getReplayed()).isTrue();
        assertThat(replay.getPointsEntry().getPointsDelta()).isEqualTo(-250);
    }

    @Test
    void l_reward_2_storeCreditClawBackNeverGoesBelowZeroAndAVoucherIsRevokedOnlyIfUnused() {
        String customer = newCustomer();
        rewards.issueReward(issuePoints(store, customer, "prog-1", 1, 1).setReward(credit(1000)).build());
        credits.adjustStoreCredit(io.laurel.proto.reward.v1.AdjustStoreCreditRequest.newBuilder()
                .setRequestId(UUID.randomUUID().toString()).setStoreId(store).setCustomerId(customer)
                .setAmountDelta(eur(-600)).setReason("spent at the till").setActor(LedgerFixture.STAFF).build());
        rewards.issueReward(issuePoints(store, customer, "prog-1", 2, 1).setReward(product()).build());

        var credit = rewards.clawBackReward(clawBack(customer, "prog-1", 1)).getStoreCreditEntry();
        var voucher = rewards.clawBackReward(clawBack(customer, "prog-1", 2)).getVoucher();

        assertThat(credit.getAmountDelta()).isEqualTo(eur(-400));
        assertThat(credit.getBalanceAfter()).isEqualTo(eur(0));
        assertThat(voucher.getState()).isEqualTo(VoucherState.VOUCHER_STATE_REVOKED);
        assertThat(voucher.getRevokedBy().getKind()).isEqualTo(io.laurel.proto.common.v1.ActorKind.ACTOR_KIND_SYSTEM);
    }

    @Test
    void l_reward_2_aTierEntryRewardIsNotClawedBack() {
        StatusRuntimeException refused = catchThrowableOfType(StatusRuntimeException.class, () -> rewards.clawBackReward(
                clawBack(newCustomer(), "p", 1).toBuilder().setCause(tierEntry("t", "gold")).setReason("").build()));

        assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        // the contract's faults first (L-API-3); the service's own once they are fixed
        assertThat(StatusDetails.badFields(refused)).containsExactly("reason");
        StatusRuntimeException tier = catchThrowableOfType(StatusRuntimeException.class, () -> rewards.clawBackReward(
                clawBack(newCustomer(), "p", 1).toBuilder().setCause(tierEntry("t", "gold")).build()));
        assertThat(StatusDetails.badFields(tier)).containsExactly("cause.kind");
    }

    @Test
    void r_ledger_2_aLateRewardPastItsExpiryIsBookedExpiredAtOnce() {
        String customer = newCustomer();
        fixture.clock().advance(Duration.ofDays(30));

        rewards.issueReward(issuePoints(store, customer, "prog-1", 5, 250).setExpiryPolicy(never()).build());
        rewards.issueReward(issuePoints(store, customer, "prog-1", 6, 40).build());

        assertThat(balance(customer).getPointsBalance()).isEqualTo(250);
        assertThat(entries(customer).get(0).getKind()).isEqualTo(LedgerEntryKind.LEDGER_ENTRY_KIND_EXPIRED);
    }
}
