package io.laurel.reward.mapping;

import com.google.protobuf.InvalidProtocolBufferException;
import io.laurel.platform.common.ActorMapping;
import io.laurel.platform.grpc.ProtoTime;
import io.laurel.reward.domain.RewardCause;
import io.laurel.reward.domain.StoreCreditEntry;
import io.laurel.reward.domain.Voucher;
import io.laurel.proto.common.v1.Money;
import io.laurel.proto.reward.v1.RewardCauseKind;
import io.laurel.proto.reward.v1.StoreCreditEntryKind;
import io.laurel.proto.reward.v1.VoucherState;
import java.time.Instant;

/** proto ↔ domain for reward causes, store-credit entries and vouchers. */
public final class RewardMapping {

    private RewardMapping() {
    }

    public static io.laurel.proto.reward.v1.RewardCause toProto(RewardCause c) {
        var b = io.laurel.proto.reward.v1.RewardCause.newBuilder()
                .setKind(c.kind() == RewardCause.Kind.MILESTONE ? RewardCauseKind.REWARD_CAUSE_KIND_MILESTONE
                        : RewardCauseKind.REWARD_CAUSE_KIND_TIER_ENTRY)
                .setProgramId(c.programId())
                .setProgramVersion(c.programVersion())
                .setMilestoneTarget(c.milestoneTarget())
                .setTierId(nullToEmpty(c.tierId()))
                .setTriggerEventId(nullToEmpty(c.triggerEventId()))
                .setOrderId(nullToEmpty(c.orderId()));
        if (c.spellStartTime() != null) {
            b.setSpellStartTime(ProtoTime.toProto(c.spellStartTime()));
        }
        return b.build();
    }

    /** The domain cause of a request's shape-checked cause; null for an unknown kind. */
    public static RewardCause toDomain(io.laurel.proto.reward.v1.RewardCause c) {
        RewardCause.Kind kind = switch (c.getKind()) {
            case REWARD_CAUSE_KIND_MILESTONE -> RewardCause.Kind.MILESTONE;
            case REWARD_CAUSE_KIND_TIER_ENTRY -> RewardCause.Kind.TIER_ENTRY;
            case REWARD_CAUSE_KIND_UNSPECIFIED, UNRECOGNIZED -> null;
        };
        if (kind == null) {
            return null;
        }
        Instant spell = c.hasSpellStartTime() ? ProtoTime.toInstant(c.getSpellStartTime()) : null;
        return new RewardCause(kind, c.getProgramId(), c.getProgramVersion(), c.getMilestoneTarget(), spell,
                emptyToNull(c.getTierId()), emptyToNull(c.getTriggerEventId()), emptyToNull(c.getOrderId()));
    }

    public static byte[] causeBytes(RewardCause cause) {
        return cause == null ? null : toProto(cause).toByteArray();
    }

    public static RewardCause causeFromBytes(byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        try {
            return toDomain(io.laurel.proto.reward.v1.RewardCause.parseFrom(bytes));
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("stored reward cause is unreadable", e);
        }
    }

    public static Money money(long minor, String currency) {
        return Money.newBuilder().setAmountMinor(minor).setCurrencyCode(currency).build();
    }

    public static io.laurel.proto.reward.v1.StoreCreditEntry toProto(StoreCreditEntry e) {
        var b = io.laurel.proto.reward.v1.StoreCreditEntry.newBuilder()
                .setEntryId(e.entryId())
                .setStoreId(e.storeId())
                .setCustomerId(e.customerId())
                .setSequence(e.sequence())
                .setKind(switch (e.kind()) {
                    case ISSUED -> StoreCreditEntryKind.STORE_CREDIT_ENTRY_KIND_ISSUED;
                    case SPENT -> StoreCreditEntryKind.STORE_CREDIT_ENTRY_KIND_SPENT;
                    case ADJUSTED -> StoreCreditEntryKind.STORE_CREDIT_ENTRY_KIND_ADJUSTED;
                    case CLAWED_BACK -> StoreCreditEntryKind.STORE_CREDIT_ENTRY_KIND_CLAWED_BACK;
                })
                .setAmountDelta(money(e.amountDelta(), e.currencyCode()))
                .setBalanceAfter(money(e.balanceAfter(), e.currencyCode()))
                .setEffectiveTime(ProtoTime.toProto(e.effectiveTime()))
                .setCreateTime(ProtoTime.toProto(e.createTime()))
                .setReason(e.reason())
                .setActor(ActorMapping.toProto(e.actor()));
        if (e.cause() != null) {
            b.setCause(toProto(e.cause()));
        }
        if (e.redemptionId() != null) {
            b.setRedemptionId(e.redemptionId());
        }
        if (e.orderId() != null) {
            b.setOrderId(e.orderId());
        }
        return b.build();
    }

    public static StoreCreditEntry.Kind toDomain(StoreCreditEntryKind kind) {
        return switch (kind) {
            case STORE_CREDIT_ENTRY_KIND_ISSUED -> StoreCreditEntry.Kind.ISSUED;
            case STORE_CREDIT_ENTRY_KIND_SPENT -> StoreCreditEntry.Kind.SPENT;
            case STORE_CREDIT_ENTRY_KIND_ADJUSTED -> StoreCreditEntry.Kind.ADJUSTED;
            case STORE_CREDIT_ENTRY_KIND_CLAWED_BACK -> StoreCreditEntry.Kind.CLAWED_BACK;
            case STORE_CREDIT_ENTRY_KIND_UNSPECIFIED, UNRECOGNIZED -> null;
        };
    }

    public static io.laurel.proto.reward.v1.Voucher toProto(Voucher v, Instant now) {
        var b = io.laurel.proto.reward.v1.Voucher.newBuilder()
                .setVoucherId(v.voucherId())
                .setStoreId(v.storeId())
                .setCustomerId(v.customerId())
                .setCode(v.code())
                .setProductId(v.productId())
                .setVariantId(v.variantId())
                .setQuantity(v.quantity())
                .setState(toProto(v.stateAt(now)))
                .setCause(toProto(v.cause()))
                .setIssueTime(ProtoTime.toProto(v.issueTime()));
        if (v.expiresAt() != null) {
            b.setExpiresAt(ProtoTime.toProto(v.expiresAt()));
        }
        if (v.redeemTime() != null) {
            b.setRedeemTime(ProtoTime.toProto(v.redeemTime())).setOrderId(v.orderId());
        }
        if (v.revokeTime() != null) {
            b.setRevokeTime(ProtoTime.toProto(v.revokeTime())).setRevokeReason(nullToEmpty(v.revokeReason()));
            if (v.revokedBy() != null) {
                b.setRevokedBy(ActorMapping.toProto(v.revokedBy()));
            }
        }
        return b.build();
    }

    public static VoucherState toProto(Voucher.State state) {
        return switch (state) {
            case ISSUED -> VoucherState.VOUCHER_STATE_ISSUED;
            case REDEEMED -> VoucherState.VOUCHER_STATE_REDEEMED;
            case EXPIRED -> VoucherState.VOUCHER_STATE_EXPIRED;
            case REVOKED -> VoucherState.VOUCHER_STATE_REVOKED;
        };
    }

    public static Voucher.State toDomain(VoucherState state) {
        return switch (state) {
            case VOUCHER_STATE_ISSUED -> Voucher.State.ISSUED;
            case VOUCHER_STATE_REDEEMED -> Voucher.State.REDEEMED;
            case VOUCHER_STATE_EXPIRED -> Voucher.State.EXPIRED;
            case VOUCHER_STATE_REVOKED -> Voucher.State.REVOKED;
            case VOUCHER_STATE_UNSPECIFIED, UNRECOGNIZED -> null;
        };
    }

    static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }

    static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
