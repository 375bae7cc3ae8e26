package io.laurel.reward;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Duration;
import com.google.protobuf.Message;
import io.laurel.platform.error.FieldViolation;
import io.laurel.platform.grpc.RequestShape;
import io.laurel.proto.reward.v1.AdjustPointsRequest;
import io.laurel.proto.reward.v1.AdjustStoreCreditRequest;
import io.laurel.proto.reward.v1.CheckLedgerIntegrityRequest;
import io.laurel.proto.reward.v1.ClawBackRewardRequest;
import io.laurel.proto.reward.v1.CommitRedemptionRequest;
import io.laurel.proto.reward.v1.EarnForOrderRequest;
import io.laurel.proto.reward.v1.GetBalanceRequest;
import io.laurel.proto.reward.v1.GetOrderEarningRequest;
import io.laurel.proto.reward.v1.GetRedemptionRequest;
import io.laurel.proto.reward.v1.GetVoucherRequest;
import io.laurel.proto.reward.v1.IssueRewardRequest;
import io.laurel.proto.reward.v1.LedgerEntryKind;
import io.laurel.proto.reward.v1.ListLedgerEntriesRequest;
import io.laurel.proto.reward.v1.ListPointsLotsRequest;
import io.laurel.proto.reward.v1.ListStoreCreditEntriesRequest;
import io.laurel.proto.reward.v1.ListVouchersRequest;
import io.laurel.proto.reward.v1.RecordTierChangeRequest;
import io.laurel.proto.reward.v1.RedeemVoucherRequest;
import io.laurel.proto.reward.v1.ReleaseRedemptionRequest;
import io.laurel.proto.reward.v1.ReserveRedemptionRequest;
import io.laurel.proto.reward.v1.ReverseOrderEarningRequest;
import io.laurel.proto.reward.v1.RevokeVoucherRequest;
import io.laurel.proto.reward.v1.RewardCause;
import io.laurel.proto.reward.v1.RewardCauseKind;
import io.laurel.proto.reward.v1.StoreCreditEntryKind;
import io.laurel.proto.reward.v1.VoucherState;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * reward-service's limits are its contracts' (L-API-3): each one here is a {@code buf.validate} rule of a reward.v1
 * .proto, enforced before the service runs by platform's RequestShapeInterceptor with these field paths, and would
 * pass unnoticed without it. (That the interceptor answers INVALID_ARGUMENT with them as BadRequest paths is shown by
 * the endpoint tests and HostileInputTest.)
 */
class ContractLimitsTest {

    private final RequestShape shape = new RequestShape();

    private List<String> fields(Message request) {
        return shape.violations(request).stream().map(FieldViolation::field).toList();
    }

    @Test
    void l_api_3_anEmptyRequestNamesEveryRequiredField() {
        Map<Message, List<String>> required = Map.ofEntries(
                Map.entry(IssueRewardRequest.getDefaultInstance(),
                        List.of("request_id", "store_id", "customer_id", "cause", "reward", "occurred_at")),
                Map.entry(ClawBackRewardRequest.getDefaultInstance(),
                        List.of("request_id", "store_id", "customer_id", "cause", "reason", "occurred_at")),
                Map.entry(EarnForOrderRequest.getDefaultInstance(),
                        List.of("request_id", "store_id", "customer_id", "order_id", "amount", "occurred_at")),
                Map.entry(ReverseOrderEarningRequest.getDefaultInstance(),
                        List.of("request_id", "store_id", "customer_id", "order_id", "reversal_id", "occurred_at")),
                Map.entry(RecordTierChangeRequest.getDefaultInstance(), List.of("request_id", "store_id",
                        "customer_id", "change_id", "tier_program_id", "earning_multiplier_bps", "effective_time")),
                Map.entry(GetOrderEarningRequest.getDefaultInstance(), List.of("store_id", "order_id")),
                Map.entry(GetBalanceRequest.getDefaultInstance(), List.of("store_id", "customer_id")),
                Map.entry(ListLedgerEntriesRequest.getDefaultInstance(), List.of("store_id", "customer_id")),
                Map.entry(ListPointsLotsRequest.getDefaultInstance(), List.of("store_id", "customer_id")),
                Map.entry(AdjustPointsRequest.getDefaultInstance(),
                        List.of("request_id", "store_id", "customer_id", "points_delta", "reason", "actor")),
                Map.entry(CheckLedgerIntegrityRequest.getDefaultInstance(), List.of("store_id")),
                Map.entry(ReserveRedemptionRequest.getDefaultInstance(),
                        List.of("request_id", "store_id", "customer_id", "checkout_id")),
                Map.entry(CommitRedemptionRequest.getDefaultInstance(),
                        List.of("request_id", "store_id", "redemption_id", "order_id")),
                Map.entry(ReleaseRedemptionRequest.getDefaultInstance(),
                        List.of("request_id", "store_id", "redemption_id")),
                Map.entry(GetRedemptionRequest.getDefaultInstance(), List.of("store_id", "redemption_id")),
                Map.entry(ListStoreCreditEntriesRequest.getDefaultInstance(), List.of("store_id", "customer_id")),
                Map.entry(AdjustStoreCreditRequest.getDefaultInstance(),
                        List.of("request_id", "store_id", "customer_id", "amount_delta", "reason", "actor")),
                Map.entry(GetVoucherRequest.getDefaultInstance(), List.of("store_id", "voucher_id")),
                Map.entry(ListVouchersRequest.getDefaultInstance(), List.of("store_id")),
                Map.entry(RedeemVoucherRequest.getDefaultInstance(),
                        List.of("request_id", "store_id", "customer_id", "code", "order_id")),
                Map.entry(RevokeVoucherRequest.getDefaultInstance(),
                        List.of("request_id", "store_id", "voucher_id", "reason", "actor")));
        required.forEach((request, expected) -> assertThat(fields(request))
                .as(request.getDescriptorForType().getName()).containsExactlyInAnyOrderElementsOf(expected));
    }

    @Test
    void r_ledger_1_aCauseHasADefinedKindItsProgramAndNoNegativeVersion() {
        IssueRewardRequest.Builder issue = valid(IssueRewardRequest.newBuilder());
        assertThat(fields(issue.setCause(issue.getCause().toBuilder().setKindValue(7).setProgramId("")
                .setProgramVersion(-1)).build()))
                .containsExactlyInAnyOrder("cause.kind", "cause.program_id", "cause.program_version");
        assertThat(fields(issue.setCause(issue.getCause().toBuilder()
                .setKind(RewardCauseKind.REWARD_CAUSE_KIND_UNSPECIFIED).setProgramId("p").setProgramVersion(0))
                .build())).containsExactly("cause.kind");
    }

    @Test
    void r_ledger_5_theEarningMultiplierIsOneBasisPointTo100Times() {
        RecordTierChangeRequest.Builder change = valid(RecordTierChangeRequest.newBuilder());
        assertThat(fields(change.setEarningMultiplierBps(1).build())).isEmpty();
        assertThat(fields(change.setEarningMultiplierBps(1_000_000).build())).isEmpty();
        assertThat(fields(change.setEarningMultiplierBps(0).build())).containsExactly("earning_multiplier_bps");
        assertThat(fields(change.setEarningMultiplierBps(1_000_001).build())).containsExactly("earning_multiplier_bps");
        assertThat(fields(change.setEarningMultiplierBps(10_000).setTierId("").build())).as("no tier").isEmpty();
    }

    @Test
    void r_ledger_8_anAdjustmentIsNonZeroWithinABillionWithAReasonOfAtMost500Characters() {
        AdjustPointsRequest.Builder adjust = valid(AdjustPointsRequest.newBuilder());
        assertThat(fields(adjust.setPointsDelta(1_000_000_000).build())).isEmpty();
        assertThat(fields(adjust.setPointsDelta(-1_000_000_000).build())).isEmpty();
        assertThat(fields(adjust.setPointsDelta(0).build())).containsExactly("points_delta");
        assertThat(fields(adjust.setPointsDelta(1_000_000_001).build())).containsExactly("points_delta");
        assertThat(fields(adjust.setPointsDelta(-1_000_000_001).build())).containsExactly("points_delta");
        adjust.setPointsDelta(5);
        assertThat(fields(adjust.setReason("é".repeat(500)).build())).as("characters, not bytes").isEmpty();
        assertThat(fields(adjust.setReason("r".repeat(501)).build())).containsExactly("reason");
        assertThat(fields(adjust.setReason(" \t\n").build())).as("only spaces").containsExactly("reason");
        assertThat(fields(adjust.setReason("r").clearActor().build())).containsExactly("actor");
    }

    @Test
    void everyFreeTextReasonIsRequiredAndAtMost500Characters() {
        for (Message request : List.<Message>of(valid(ClawBackRewardRequest.newBuilder()).build(),
                valid(AdjustStoreCreditRequest.newBuilder()).build(), valid(RevokeVoucherRequest.newBuilder()).build())) {
            var reason = request.getDescriptorForType().findFieldByName("reason");
            assertThat(fields(request)).as(request.getDescriptorForType().getName()).isEmpty();
            assertThat(fields(request.toBuilder().setField(reason, "r".repeat(500)).build())).isEmpty();
            assertThat(fields(request.toBuilder().setField(reason, "r".repeat(501)).build())).containsExactly("reason");
            assertThat(fields(request.toBuilder().setField(reason, "   ").build())).containsExactly("reason");
        }
    }

    @Test
    void r_ledger_2_theExpiringSoonHorizonIsZeroTo366Days() {
        GetBalanceRequest.Builder balance = GetBalanceRequest.newBuilder().setStoreId("s").setCustomerId("c");
        assertThat(fields(balance.setExpiringWithin(seconds(0)).build())).isEmpty();
        assertThat(fields(balance.setExpiringWithin(seconds(366L * 86400)).build())).isEmpty();
        assertThat(fields(balance.setExpiringWithin(seconds(-1)).build())).containsExactly("expiring_within");
        assertThat(fields(balance.setExpiringWithin(seconds(366L * 86400 + 1)).build()))
                .containsExactly("expiring_within");
        assertThat(fields(balance.setExpiringWithin(seconds(Long.MAX_VALUE)).build()))
                .containsExactly("expiring_within");
    }

    @Test
    void r_ledger_4_aReservationIsZeroToABillionPointsForOneMinuteTo24Hours() {
        ReserveRedemptionRequest.Builder reserve = valid(ReserveRedemptionRequest.newBuilder());
        assertThat(fields(reserve.setPoints(0).build())).isEmpty();
        assertThat(fields(reserve.setPoints(1_000_000_000).build())).isEmpty();
        assertThat(fields(reserve.setPoints(-1).build())).containsExactly("points");
        assertThat(fields(reserve.setPoints(1_000_000_001).build())).containsExactly("points");
        reserve.setPoints(10);
        assertThat(fields(reserve.setTtl(seconds(60)).build())).isEmpty();
        assertThat(fields(reserve.setTtl(seconds(86_400)).build())).isEmpty();
        assertThat(fields(reserve.setTtl(seconds(59)).build())).containsExactly("ttl");
        assertThat(fields(reserve.setTtl(seconds(86_401)).build())).containsExactly("ttl");
    }

    @Test
    void r_ledger_7_voucherCodesAreBoundedAndARedeemedCodeIsRequired() {
        ListVouchersRequest.Builder list = ListVouchersRequest.newBuilder().setStoreId("s");
        assertThat(fields(list.setCode("c".repeat(64)).build())).isEmpty();
        assertThat(fields(list.setCode("c".repeat(65)).build())).containsExactly("code");
        RedeemVoucherRequest.Builder redeem = valid(RedeemVoucherRequest.newBuilder());
        assertThat(fields(redeem.setCode("c".repeat(128)).build())).isEmpty();
        assertThat(fields(redeem.setCode("c".repeat(129)).build())).containsExactly("code");
        assertThat(fields(redeem.setCode("  ").build())).containsExactly("code");
    }

    @Test
    void filtersNameDefinedKindsAndStatesOnly_andPageSizesAreNotNegative() {
        assertThat(fields(ListLedgerEntriesRequest.newBuilder().setStoreId("s").setCustomerId("c")
                .addKinds(LedgerEntryKind.LEDGER_ENTRY_KIND_SPENT).addKinds(LedgerEntryKind.LEDGER_ENTRY_KIND_UNSPECIFIED)
                .addKindsValue(99).setPageSize(-1).build()))
                .containsExactlyInAnyOrder("kinds[1]", "kinds[2]", "page_size");
        assertThat(fields(ListStoreCreditEntriesRequest.newBuilder().setStoreId("s").setCustomerId("c")
                .addKinds(StoreCreditEntryKind.STORE_CREDIT_ENTRY_KIND_UNSPECIFIED)
                .addKinds(StoreCreditEntryKind.STORE_CREDIT_ENTRY_KIND_ISSUED).addKindsValue(99).setPageSize(-1).build()))
                .containsExactlyInAnyOrder("kinds[0]", "kinds[2]", "page_size");
        assertThat(fields(ListVouchersRequest.newBuilder().setStoreId("s")
                .addStates(VoucherState.VOUCHER_STATE_ISSUED).addStates(VoucherState.VOUCHER_STATE_UNSPECIFIED)
                .addStatesValue(99).setPageSize(-1).build()))
                .containsExactlyInAnyOrder("states[1]", "states[2]", "page_size");
        assertThat(fields(ListPointsLotsRequest.newBuilder().setStoreId("s").setCustomerId("c").setPageSize(-1)
                .build())).containsExactly("page_size");
        assertThat(fields(CheckLedgerIntegrityRequest.newBuilder().setStoreId("s").setPageSize(-1).build()))
                .containsExactly("page_size");
        assertThat(fields(CheckLedgerIntegrityRequest.newBuilder().setStoreId("s").setPageSize(0).build()))
                .as("0 is the default; customer_id optional").isEmpty();
    }

    private static Duration seconds(long s) {
        return Duration.newBuilder().setSeconds(s).build();
    }

    /** A request whose shape is right: every field the contract requires, set. */
    private static <B extends Message.Builder> B valid(B b) {
        var d = b.getDescriptorForType();
        for (String id : List.of("request_id", "store_id", "customer_id", "order_id", "reversal_id", "change_id",
                "tier_program_id", "checkout_id", "redemption_id", "voucher_id")) {
            if (d.findFieldByName(id) != null) {
                b.setField(d.findFieldByName(id), id.replace("_id", "-1"));
            }
        }
        if (d.findFieldByName("code") != null) {
            b.setField(d.findFieldByName("code"), "CODE-1");
        }
        if (d.findFieldByName("reason") != null) {
            b.setField(d.findFieldByName("reason"), "goodwill");
        }
        if (d.findFieldByName("actor") != null) {
            b.setField(d.findFieldByName("actor"), io.laurel.proto.common.v1.Actor.newBuilder()
                    .setKind(io.laurel.proto.common.v1.ActorKind.ACTOR_KIND_MERCHANT_STAFF).setId("staff-1").build());
        }
        if (d.findFieldByName("cause") != null) {
            b.setField(d.findFieldByName("cause"), RewardCause.newBuilder()
                    .setKind(RewardCauseKind.REWARD_CAUSE_KIND_MILESTONE).setProgramId("p").setMilestoneTarget(5).build());
        }
        if (d.findFieldByName("reward") != null) {
            b.setField(d.findFieldByName("reward"), io.laurel.proto.common.v1.RewardSpec.newBuilder()
                    .setPoints(io.laurel.proto.common.v1.PointsReward.newBuilder().setFixedPoints(5)).build());
        }
        for (String time : List.of("occurred_at", "effective_time")) {
            if (d.findFieldByName(time) != null) {
                b.setField(d.findFieldByName(time), com.google.protobuf.Timestamp.newBuilder().setSeconds(1_700_000_000L)
                        .build());
            }
        }
        if (d.findFieldByName("earning_multiplier_bps") != null) {
            b.setField(d.findFieldByName("earning_multiplier_bps"), 10_000);
        }
        if (d.findFieldByName("points_delta") != null) {
            b.setField(d.findFieldByName("points_delta"), 5L);
        }
        if (d.findFieldByName("amount_delta") != null || d.findFieldByName("amount") != null) {
            var money = io.laurel.proto.common.v1.Money.newBuilder().setAmountMinor(100).setCurrencyCode("EUR").build();
            b.setField(d.findFieldByName(d.findFieldByName("amount") != null ? "amount" : "amount_delta"), money);
        }
        return b;
    }
}
