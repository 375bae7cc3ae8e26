package io.laurel.tier.mapping;

import io.laurel.platform.common.ExpiryPolicy;
import io.laurel.platform.common.ExpiryPolicyMapping;
import io.laurel.platform.grpc.ProtoTime;
import io.laurel.proto.program.v1.Tier;
import io.laurel.proto.reward.v1.IssueRewardRequest;
import io.laurel.proto.reward.v1.RewardCause;
import io.laurel.proto.reward.v1.RewardCauseKind;
import io.laurel.proto.progress.v1.CustomerEvent;
import io.laurel.proto.progress.v1.CustomerTierChanged;
import io.laurel.proto.progress.v1.IngestEventsRequest;
import io.laurel.proto.reward.v1.RecordTierChangeRequest;
import io.laurel.tier.domain.TierChange;

/**
 * What other services are told of an effective tier change (docs/architecture.md, "What crosses
 * between services"). The change id is the request id, the business key and the progress event id,
 * so every redelivery is recognised downstream.
 */
public final class TierChangeMessages {

    private TierChangeMessages() {
    }

    /** reward.v1 EarningService.RecordTierChange: the multiplier from the change's effective time. */
    public static RecordTierChangeRequest recordTierChange(TierChange c, int earningMultiplierBps) {
        return RecordTierChangeRequest.newBuilder()
                .setRequestId(c.changeId())
                .setStoreId(c.storeId())
                .setCustomerId(c.customerId())
                .setChangeId(c.changeId())
                .setTierProgramId(c.tierProgramId())
                .setTierId(c.toTierId() == null ? "" : c.toTierId())
                .setEarningMultiplierBps(earningMultiplierBps)
                .setEffectiveTime(ProtoTime.toProto(c.effectiveTime()))
                .build();
    }

    /** progress.v1 ProgressService.IngestEvents with one CustomerTierChanged (tier conditions). */
    public static IngestEventsRequest customerTierChanged(TierChange c) {
        return IngestEventsRequest.newBuilder()
                .setRequestId(c.changeId())
                .setStoreId(c.storeId())
                .addEvents(CustomerEvent.newBuilder()
                        .setEventId(c.changeId())
                        .setStoreId(c.storeId())
                        .setCustomerId(c.customerId())
                        .setOccurredAt(ProtoTime.toProto(c.effectiveTime()))
                        .setCustomerTierChanged(CustomerTierChanged.newBuilder()
                                .setTierProgramId(c.tierProgramId())
                                .setTierId(c.toTierId() == null ? "" : c.toTierId())))
                .build();
    }

    /** The IssueReward key of a tier's entry reward: once per tier program, tier and customer. */
    public static String entryRewardKey(String tierProgramId, String tierId, String customerId) {
        return "tier-entry:" + tierProgramId + ":" + tierId + ":" + customerId;
    }

    /**
     * reward.v1 RewardService.IssueReward of {@code tier}'s entry reward for the customer of
     * {@code change}, its expiry resolved against the store default.
     */
    public static IssueRewardRequest entryReward(TierChange change, Tier tier, long programVersion,
                                                 ExpiryPolicy storeDefault) {
        ExpiryPolicy configured = tier.getPerks().hasEntryRewardExpiry()
                ? ExpiryPolicyMapping.toDomain(tier.getPerks().getEntryRewardExpiry()) : null;
        return IssueRewardRequest.newBuilder()
                .setRequestId(entryRewardKey(change.tierProgramId(), tier.getTierId(), change.customerId()))
                .setStoreId(change.storeId())
                .setCustomerId(change.customerId())
                .setCause(RewardCause.newBuilder()
                        .setKind(RewardCauseKind.REWARD_CAUSE_KIND_TIER_ENTRY)
                        .setProgramId(change.tierProgramId())
                        .setProgramVersion(programVersion)
                        .setTierId(tier.getTierId())
                        .setTriggerEventId(change.changeId())
                        .setOrderId(change.orderId() == null ? "" : change.orderId()))
                .setReward(tier.getPerks().getEntryReward())
                .setExpiryPolicy(ExpiryPolicyMapping.toProto(ExpiryPolicy.resolve(configured, storeDefault)))
                .setOccurredAt(ProtoTime.toProto(change.effectiveTime()))
                .build();
    }
}
