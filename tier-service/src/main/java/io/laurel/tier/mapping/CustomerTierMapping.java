package io.laurel.tier.mapping;

import io.laurel.platform.common.ActorMapping;
import io.laurel.platform.grpc.ProtoTime;
import io.laurel.proto.tier.v1.CustomerTier;
import io.laurel.proto.tier.v1.ManualTierAssignment;
import io.laurel.proto.tier.v1.NextTierProgress;
import io.laurel.proto.tier.v1.TierChangeCause;
import io.laurel.tier.domain.CustomerTierView;
import io.laurel.tier.domain.ManualAssignment;
import io.laurel.tier.domain.TierChange;
import io.laurel.tier.domain.TierSource;
import java.time.Instant;
import java.util.function.Consumer;

/** tier.v1 messages ↔ domain: the customer's tier, history entries, actors, sources. */
public final class CustomerTierMapping {

    private CustomerTierMapping() {
    }

    public static CustomerTier toProto(CustomerTierView v) {
        CustomerTier.Builder b = CustomerTier.newBuilder()
                .setStoreId(v.storeId())
                .setCustomerId(v.customerId())
                .setTierProgramId(orEmpty(v.tierProgramId()))
                .setTierProgramVersion(v.tierProgramVersion())
                .setTierId(orEmpty(v.tierId()))
                .setTierName(orEmpty(v.tierName()))
                .setEarningMultiplierBps(v.earningMultiplierBps())
                .addAllBenefits(v.benefits())
                .setSource(toProto(v.source()))
                .setComputedTierId(orEmpty(v.computedTierId()))
                .setQualifyingValue(v.qualifyingValue());
        time(v.tierSince(), t -> b.setTierSince(ProtoTime.toProto(t)));
        time(v.periodStartTime(), t -> b.setPeriodStartTime(ProtoTime.toProto(t)));
        time(v.periodEndTime(), t -> b.setPeriodEndTime(ProtoTime.toProto(t)));
        time(v.heldUntil(), t -> b.setHeldUntil(ProtoTime.toProto(t)));
        if (v.nextTier() != null) {
            CustomerTierView.NextTier n = v.nextTier();
            b.setNextTier(NextTierProgress.newBuilder().setTierId(n.tierId()).setTierName(n.tierName())
                    .setThreshold(n.threshold()).setRemaining(n.remaining())
                    .setPercentCompleteBps(n.percentCompleteBps()));
        }
        if (v.manualAssignment() != null) {
            b.setManualAssignment(toProto(v.manualAssignment()));
        }
        return b.build();
    }

    public static ManualTierAssignment toProto(ManualAssignment m) {
        ManualTierAssignment.Builder b = ManualTierAssignment.newBuilder()
                .setTierId(m.tierId())
                .setReason(m.reason())
                .setActor(ActorMapping.toProto(m.actor()))
                .setStartTime(ProtoTime.toProto(m.startTime()));
        time(m.endTime(), t -> b.setEndTime(ProtoTime.toProto(t)));
        return b.build();
    }

    public static io.laurel.proto.tier.v1.TierChange toProto(TierChange c) {
        return io.laurel.proto.tier.v1.TierChange.newBuilder()
                .setChangeId(c.changeId())
                .setStoreId(c.storeId())
                .setCustomerId(c.customerId())
                .setTierProgramId(orEmpty(c.tierProgramId()))
                .setFromTierId(orEmpty(c.fromTierId()))
                .setToTierId(orEmpty(c.toTierId()))
                .setCause(TierChangeCause.valueOf("TIER_CHANGE_CAUSE_" + c.cause().name()))
                .setOverridden(c.overridden())
                .setEffectiveTime(ProtoTime.toProto(c.effectiveTime()))
                .setCreateTime(ProtoTime.toProto(c.createTime()))
                .setQualifyingValue(c.qualifyingValue())
                .setTriggerActivityId(orEmpty(c.triggerActivityId()))
                .setOrderId(orEmpty(c.orderId()))
                .addAllEntryRewardedTierIds(c.entryRewardedTierIds())
                .setActor(ActorMapping.toProto(c.actor()))
                .setReason(c.reason())
                .build();
    }

    public static io.laurel.proto.tier.v1.TierSource toProto(TierSource source) {
        if (source == null) {
            return io.laurel.proto.tier.v1.TierSource.TIER_SOURCE_UNSPECIFIED;
        }
        return switch (source) {
            case COMPUTED -> io.laurel.proto.tier.v1.TierSource.TIER_SOURCE_COMPUTED;
            case MANUAL -> io.laurel.proto.tier.v1.TierSource.TIER_SOURCE_MANUAL;
            case TAG -> io.laurel.proto.tier.v1.TierSource.TIER_SOURCE_TAG;
        };
    }

    /** null for UNSPECIFIED or unknown values (the request check reports them). */
    public static TierSource toDomain(io.laurel.proto.tier.v1.TierSource source) {
        return switch (source) {
            case TIER_SOURCE_COMPUTED -> TierSource.COMPUTED;
            case TIER_SOURCE_MANUAL -> TierSource.MANUAL;
            case TIER_SOURCE_TAG -> TierSource.TAG;
            case TIER_SOURCE_UNSPECIFIED, UNRECOGNIZED -> null;
        };
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }

    private static void time(Instant instant, Consumer<Instant> set) {
        if (instant != null) {
            set.accept(instant);
        }
    }
}
