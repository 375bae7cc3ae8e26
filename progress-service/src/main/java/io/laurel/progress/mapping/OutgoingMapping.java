package io.laurel.progress.mapping;

import io.laurel.platform.common.ExpiryPolicyMapping;
import io.laurel.platform.common.MoneyMapping;
import io.laurel.platform.grpc.ProtoTime;
import io.laurel.platform.outbox.OutboxMessage;
import io.laurel.progress.domain.Outgoing;
import io.laurel.proto.reward.v1.ClawBackRewardRequest;
import io.laurel.proto.reward.v1.EarnForOrderRequest;
import io.laurel.proto.reward.v1.EarningServiceGrpc;
import io.laurel.proto.reward.v1.IssueRewardRequest;
import io.laurel.proto.reward.v1.ReverseOrderEarningRequest;
import io.laurel.proto.reward.v1.RewardCause;
import io.laurel.proto.reward.v1.RewardCauseKind;
import io.laurel.proto.reward.v1.RewardServiceGrpc;
import io.laurel.proto.tier.v1.QualifyingActivityKind;
import io.laurel.proto.tier.v1.RecordCustomerTagsRequest;
import io.laurel.proto.tier.v1.RecordQualifyingActivityRequest;
import io.laurel.proto.tier.v1.TierServiceGrpc;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * The engine's {@link Outgoing} messages → outbox messages carrying the reward.v1 / tier.v1
 * requests. Every message is keyed by the business key its receiver is idempotent on (the reward
 * cause, the order, the refund, the event), so enqueueing twice keeps one, and its request_id is
 * derived from the same key, so a redelivery replays on the receiver.
 */
public final class OutgoingMapping {

    public static final String REWARD = "reward";
    public static final String TIER = "tier";
    private static final int MAX_REQUEST_ID = 128;

    private OutgoingMapping() {
    }

    public static OutboxMessage toOutbox(String storeId, Outgoing message) {
        return switch (message) {
            case Outgoing.IssueReward r -> issue(storeId, r).orderedBy(orderingKey(storeId, r.customerId()));
            case Outgoing.ClawBackReward c -> clawBack(storeId, c).orderedBy(orderingKey(storeId, c.customerId()));
            case Outgoing.EarnForOrder e -> {
                String key = key("earn", e.orderId());
                yield OutboxMessage.of(REWARD, EarningServiceGrpc.getEarnForOrderMethod(), EarnForOrderRequest.newBuilder()
                        .setRequestId(requestId(key)).setStoreId(storeId).setCustomerId(e.customerId())
                        .setOrderId(e.orderId()).setAmount(MoneyMapping.toProto(e.amount()))
                        .setOccurredAt(ProtoTime.toProto(e.occurredAt())).build(), outboxKey(storeId, key))
                        .orderedBy(orderingKey(storeId, e.customerId()));
            }
            case Outgoing.ReverseOrderEarning r -> {
                String key = key("reverse", r.orderId(), r.reversalId());
                ReverseOrderEarningRequest.Builder b = ReverseOrderEarningRequest.newBuilder()
                        .setRequestId(requestId(key)).setStoreId(storeId).setCustomerId(r.customerId())
                        .setOrderId(r.orderId()).setReversalId(r.reversalId())
                        .setOccurredAt(ProtoTime.toProto(r.occurredAt()));
                if (r.cancellation()) {
                    b.setCancellation(true);
                } else {
                    b.setRefundedAmount(MoneyMapping.toProto(r.refundedAmount()));
                }
                yield OutboxMessage.of(REWARD, EarningServiceGrpc.getReverseOrderEarningMethod(), b.build(),
                        outboxKey(storeId, key)).orderedBy(orderingKey(storeId, r.customerId()));
            }
            case Outgoing.QualifyingActivity a -> {
                String key = key("qualifying", a.eventId());
                RecordQualifyingActivityRequest.Builder b = RecordQualifyingActivityRequest.newBuilder()
                        .setRequestId(requestId(key)).setStoreId(storeId).setCustomerId(a.customerId())
                        .setActivityId(a.eventId()).setKind(switch (a.kind()) {
                            case ORDER_COMPLETED -> QualifyingActivityKind.QUALIFYING_ACTIVITY_KIND_ORDER_COMPLETED;
                            case ORDER_REFUNDED -> QualifyingActivityKind.QUALIFYING_ACTIVITY_KIND_ORDER_REFUNDED;
                            case ORDER_CANCELLED -> QualifyingActivityKind.QUALIFYING_ACTIVITY_KIND_ORDER_CANCELLED;
                        })
                        .setOccurredAt(ProtoTime.toProto(a.occurredAt())).setOrderId(a.orderId());
                if (a.amount() != null) {
                    b.setAmount(MoneyMapping.toProto(a.amount()));
                }
                yield OutboxMessage.of(TIER, TierServiceGrpc.getRecordQualifyingActivityMethod(), b.build(),
                        outboxKey(storeId, key));
            }
            case Outgoing.CustomerTags t -> {
                String key = key("tags", t.eventId());
                yield OutboxMessage.of(TIER, TierServiceGrpc.getRecordCustomerTagsMethod(), RecordCustomerTagsRequest
                        .newBuilder().setRequestId(requestId(key)).setStoreId(storeId).setCustomerId(t.customerId())
                        .setActivityId(t.eventId()).setOccurredAt(ProtoTime.toProto(t.occurredAt()))
                        .addAllTags(t.tags()).build(), outboxKey(storeId, key))
                        .orderedBy(orderingKey(storeId, t.customerId()));
            }
        };
    }

    /** The reward cause key (R-LEDGER-1): program, milestone target, customer and, for inactivity, the spell. */
    public static String causeKey(String programId, long target, String customerId, java.time.Instant spellStart) {
        return spellStart == null ? key("milestone", programId, Long.toString(target), customerId)
                : key("milestone", programId, Long.toString(target), customerId,
                        ProtoTime.toProto(spellStart).getSeconds() + "." + ProtoTime.toProto(spellStart).getNanos());
    }

    private static OutboxMessage issue(String storeId, Outgoing.IssueReward r) {
        String key = causeKey(r.programId(), r.target(), r.customerId(), r.spellStart());
        RewardCause.Builder cause = RewardCause.newBuilder().setKind(RewardCauseKind.REWARD_CAUSE_KIND_MILESTONE)
                .setProgramId(r.programId()).setProgramVersion(r.programVersion()).setMilestoneTarget(r.target())
                .setTriggerEventId(r.triggerEventId());
        if (r.spellStart() != null) {
            cause.setSpellStartTime(ProtoTime.toProto(r.spellStart()));
        }
        if (r.orderId() != null) {
            cause.setOrderId(r.orderId());
        }
        IssueRewardRequest.Builder b = IssueRewardRequest.newBuilder().setRequestId(requestId(key)).setStoreId(storeId)
                .setCustomerId(r.customerId()).setCause(cause).setReward(ConfigMapping.toProto(r.reward()))
                .setExpiryPolicy(ExpiryPolicyMapping.toProto(r.expiry()))
                .setOccurredAt(ProtoTime.toProto(r.occurredAt()));
        if (r.orderAmount() != null) {
            b.setOrderAmount(MoneyMapping.toProto(r.orderAmount()));
        }
        return OutboxMessage.of(REWARD, RewardServiceGrpc.getIssueRewardMethod(), b.build(), outboxKey(storeId, key));
    }

    private static OutboxMessage clawBack(String storeId, Outgoing.ClawBackReward c) {
        String cause = causeKey(c.programId(), c.target(), c.customerId(), null);
        String key = key("clawback", cause);
        String reason = c.reason().length() > 500 ? c.reason().substring(0, 500) : c.reason();
        RewardCause.Builder rewardCause = RewardCause.newBuilder().setKind(RewardCauseKind.REWARD_CAUSE_KIND_MILESTONE)
                .setProgramId(c.programId()).setProgramVersion(c.programVersion()).setMilestoneTarget(c.target())
                .setTriggerEventId(c.triggerEventId()).setOrderId(c.orderId());
        return OutboxMessage.of(REWARD, RewardServiceGrpc.getClawBackRewardMethod(), ClawBackRewardRequest.newBuilder()
                .setRequestId(requestId(key)).setStoreId(storeId).setCustomerId(c.customerId()).setCause(rewardCause)
                .setReason(reason).setOccurredAt(ProtoTime.toProto(c.occurredAt())).build(), outboxKey(storeId, key));
    }

    /** The key itself when it fits the 128-character request_id, else a name-based UUID of it (deterministic). */
    static String requestId(String key) {
        return key.length() <= MAX_REQUEST_ID ? key
                : UUID.nameUUIDFromBytes(key.getBytes(StandardCharsets.UTF_8)).toString();
    }

    /**
     * The per-customer ordering key (docs/architecture.md "Delivery, refusals and order"): the
     * reward-bound messages (an earning before its reversal, an issue before its claw-back) and the
     * tag sets (the last one wins) reach their receiver in the order the engine produced them.
     */
    static String orderingKey(String storeId, String customerId) {
        return storeId + "/" + customerId;
    }

    /** Outbox keys are unique per destination across stores, hence the store in front (length-prefixed too). */
    static String outboxKey(String storeId, String key) {
        return storeId.length() + ":" + storeId + "|" + key;
    }

    /**
     * A key of {@code kind} (a fixed word) and {@code parts}, each part length-prefixed, so ids holding
     * {@code :} can never make two different part lists the same key ("a:b" + "c" vs "a" + "b:c").
     */
    static String key(String kind, String... parts) {
        StringBuilder key = new StringBuilder(kind);
        for (String part : parts) {
            key.append(':').append(part.length()).append(':').append(part);
        }
        return key.toString();
    }
}
