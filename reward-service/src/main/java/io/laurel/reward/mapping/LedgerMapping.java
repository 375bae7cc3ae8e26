package io.laurel.reward.mapping;

import io.laurel.platform.common.ActorMapping;
import io.laurel.platform.grpc.ProtoTime;
import io.laurel.reward.domain.LedgerEntry;
import io.laurel.reward.domain.LotAllocation;
import io.laurel.reward.domain.PointsBalance;
import io.laurel.reward.domain.PointsLot;
import io.laurel.proto.reward.v1.ExpiringPoints;
import io.laurel.proto.reward.v1.LedgerEntryKind;
import io.laurel.proto.reward.v1.PointsLotState;
import java.time.Instant;

/** proto ↔ domain for the points ledger. */
public final class LedgerMapping {

    private LedgerMapping() {
    }

    public static io.laurel.proto.reward.v1.LedgerEntry toProto(LedgerEntry e) {
        var b = io.laurel.proto.reward.v1.LedgerEntry.newBuilder()
                .setEntryId(e.entryId())
                .setStoreId(e.storeId())
                .setCustomerId(e.customerId())
                .setSequence(e.sequence())
                .setKind(toProto(e.kind()))
                .setPointsDelta(e.pointsDelta())
                .setBalanceAfter(e.balanceAfter())
                .setEffectiveTime(ProtoTime.toProto(e.effectiveTime()))
                .setCreateTime(ProtoTime.toProto(e.createTime()))
                .setReason(e.reason())
                .setActor(ActorMapping.toProto(e.actor()));
        if (e.lotId() != null) {
            b.setLotId(e.lotId());
        }
        if (e.expiresAt() != null) {
            b.setExpiresAt(ProtoTime.toProto(e.expiresAt()));
        }
        if (e.orderId() != null) {
            b.setOrderId(e.orderId());
        }
        if (e.cause() != null) {
            b.setCause(RewardMapping.toProto(e.cause()));
        }
        if (e.reversalId() != null) {
            b.setReversalId(e.reversalId());
        }
        if (e.redemptionId() != null) {
            b.setRedemptionId(e.redemptionId());
        }
        for (LotAllocation a : e.allocations()) {
            b.addAllocations(io.laurel.proto.reward.v1.LotAllocation.newBuilder()
                    .setLotId(a.lotId() == null ? "" : a.lotId()).setPoints(a.points()));
        }
        return b.build();
    }

    public static LedgerEntryKind toProto(LedgerEntry.Kind kind) {
        return switch (kind) {
            case EARNED -> LedgerEntryKind.LEDGER_ENTRY_KIND_EARNED;
            case SPENT -> LedgerEntryKind.LEDGER_ENTRY_KIND_SPENT;
            case EXPIRED -> LedgerEntryKind.LEDGER_ENTRY_KIND_EXPIRED;
            case REVERSED -> LedgerEntryKind.LEDGER_ENTRY_KIND_REVERSED;
            case CLAWED_BACK -> LedgerEntryKind.LEDGER_ENTRY_KIND_CLAWED_BACK;
            case ADJUSTED -> LedgerEntryKind.LEDGER_ENTRY_KIND_ADJUSTED;
            case EARNING_CORRECTED -> LedgerEntryKind.LEDGER_ENTRY_KIND_EARNING_CORRECTED;
        };
    }

    /** null for UNSPECIFIED or an unknown value. */
    public static LedgerEntry.Kind toDomain(LedgerEntryKind kind) {
        return switch (kind) {
            case LEDGER_ENTRY_KIND_EARNED -> LedgerEntry.Kind.EARNED;
            case LEDGER_ENTRY_KIND_SPENT -> LedgerEntry.Kind.SPENT;
            case LEDGER_ENTRY_KIND_EXPIRED -> LedgerEntry.Kind.EXPIRED;
            case LEDGER_ENTRY_KIND_REVERSED -> LedgerEntry.Kind.REVERSED;
            case LEDGER_ENTRY_KIND_CLAWED_BACK -> LedgerEntry.Kind.CLAWED_BACK;
            case LEDGER_ENTRY_KIND_ADJUSTED -> LedgerEntry.Kind.ADJUSTED;
            case LEDGER_ENTRY_KIND_EARNING_CORRECTED -> LedgerEntry.Kind.EARNING_CORRECTED;
            case LEDGER_ENTRY_KIND_UNSPECIFIED, UNRECOGNIZED -> null;
        };
    }

    /** A lot as of {@code now}: an expired remainder is reported as 0 remaining, state EXPIRED. */
    public static io.laurel.proto.reward.v1.PointsLot toProto(PointsLot lot, Instant now) {
        PointsLotState state = switch (lot.stateAt(now)) {
            case OPEN -> PointsLotState.POINTS_LOT_STATE_OPEN;
            case DEPLETED -> PointsLotState.POINTS_LOT_STATE_DEPLETED;
            case EXPIRED -> PointsLotState.POINTS_LOT_STATE_EXPIRED;
        };
        var b = io.laurel.proto.reward.v1.PointsLot.newBuilder()
                .setLotId(lot.lotId())
                .setCustomerId(lot.customerId())
                .setEntryId(lot.entryId())
                .setEarnedAt(ProtoTime.toProto(lot.earnedAt()))
                .setOriginalPoints(lot.originalPoints())
                .setRemainingPoints(lot.remainingAt(now))
                .setHeldPoints(lot.heldPoints())
                .setState(state);
        if (lot.expiresAt() != null) {
            b.setExpiresAt(ProtoTime.toProto(lot.expiresAt()));
        }
        return b.build();
    }

    public static ExpiringPoints toProto(PointsBalance.Expiring e) {
        return ExpiringPoints.newBuilder().setPoints(e.points()).setExpiresAt(ProtoTime.toProto(e.expiresAt())).build();
    }
}
