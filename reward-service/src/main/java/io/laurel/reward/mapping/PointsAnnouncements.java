package io.laurel.reward.mapping;

import io.laurel.platform.grpc.ProtoTime;
import io.laurel.platform.outbox.OutboxMessage;
import io.laurel.reward.domain.LedgerEntry;
import io.laurel.reward.domain.RewardCause;
import io.laurel.proto.progress.v1.CustomerEvent;
import io.laurel.proto.progress.v1.IngestEventsRequest;
import io.laurel.proto.progress.v1.PointsEarned;
import io.laurel.proto.progress.v1.PointsReversalReason;
import io.laurel.proto.progress.v1.PointsReversed;
import io.laurel.proto.progress.v1.PointsSource;
import io.laurel.proto.progress.v1.ProgressServiceGrpc;
import io.laurel.proto.tier.v1.QualifyingActivityKind;
import io.laurel.proto.tier.v1.RecordQualifyingActivityRequest;
import io.laurel.proto.tier.v1.TierServiceGrpc;
import java.util.ArrayList;
import java.util.List;

/**
 * What other services learn of a points credit or take-back (architecture: "what crosses"): progress
 * gets PointsEarned / PointsReversed (with the source program, so a program's own rewards do not
 * count toward it, R-PROG-TRACK-6); tier gets RecordQualifyingActivity for the points criterion,
 * except for tier entry rewards (L-TIER-1). Keys and ids are {@code ledger:<entry id>}.
 */
public final class PointsAnnouncements {

    public static final String TIER = "tier";

    private PointsAnnouncements() {
    }

    /** The outbox messages for the entries that credit or take back earned points. */
    public static List<OutboxMessage> of(List<LedgerEntry> entries) {
        List<OutboxMessage> messages = new ArrayList<>();
        for (LedgerEntry e : entries) {
            if (!e.changesEarnedPoints()) {
                continue;
            }
            String key = ProgressEventMapping.key(e);
            messages.add(OutboxMessage.of(ProgressEventMapping.DESTINATION, ProgressServiceGrpc.getIngestEventsMethod(),
                    IngestEventsRequest.newBuilder().setRequestId(key).setStoreId(e.storeId()).addEvents(event(e)).build(),
                    key));
            if (!isTierEntryReward(e)) {
                messages.add(OutboxMessage.of(TIER, TierServiceGrpc.getRecordQualifyingActivityMethod(), activity(e), key));
            }
        }
        return messages;
    }

    static CustomerEvent event(LedgerEntry e) {
        String program = e.cause() != null && e.cause().kind() == RewardCause.Kind.MILESTONE ? e.cause().programId() : "";
        String order = e.orderId() == null ? "" : e.orderId();
        CustomerEvent.Builder event = CustomerEvent.newBuilder()
                .setEventId(ProgressEventMapping.key(e))
                .setStoreId(e.storeId())
                .setCustomerId(e.customerId())
                .setOccurredAt(ProtoTime.toProto(e.effectiveTime()));
        if (e.pointsDelta() > 0) {
            PointsSource source = switch (e.kind()) {
                case ADJUSTED -> PointsSource.POINTS_SOURCE_MANUAL;
                case EARNING_CORRECTED -> PointsSource.POINTS_SOURCE_EARNING_CORRECTION;
                default -> e.cause() == null ? PointsSource.POINTS_SOURCE_BASE_EARNING
                        : e.cause().kind() == RewardCause.Kind.MILESTONE ? PointsSource.POINTS_SOURCE_MILESTONE_REWARD
                        : PointsSource.POINTS_SOURCE_TIER_ENTRY_REWARD;
            };
            event.setPointsEarned(PointsEarned.newBuilder().setLedgerEntryId(e.entryId()).setPoints(e.pointsDelta())
                    .setSource(source).setSourceProgramId(program)
                    .setOrderId(source == PointsSource.POINTS_SOURCE_BASE_EARNING ? order : ""));
        } else {
            PointsReversalReason reason = switch (e.kind()) {
                case ADJUSTED -> PointsReversalReason.POINTS_REVERSAL_REASON_MANUAL_DEDUCTION;
                case CLAWED_BACK -> PointsReversalReason.POINTS_REVERSAL_REASON_CLAW_BACK;
                case EARNING_CORRECTED -> PointsReversalReason.POINTS_REVERSAL_REASON_EARNING_CORRECTION;
                default -> PointsReversalReason.POINTS_REVERSAL_REASON_REFUND_REVERSAL;
            };
            event.setPointsReversed(PointsReversed.newBuilder().setLedgerEntryId(e.entryId()).setPoints(-e.pointsDelta())
                    .setReason(reason).setSourceProgramId(program)
                    .setOrderId(reason == PointsReversalReason.POINTS_REVERSAL_REASON_REFUND_REVERSAL ? order : ""));
        }
        return event.build();
    }

    static RecordQualifyingActivityRequest activity(LedgerEntry e) {
        return RecordQualifyingActivityRequest.newBuilder()
                .setRequestId(ProgressEventMapping.key(e))
                .setStoreId(e.storeId())
                .setCustomerId(e.customerId())
                .setActivityId(ProgressEventMapping.key(e))
                .setKind(e.pointsDelta() > 0 ? QualifyingActivityKind.QUALIFYING_ACTIVITY_KIND_POINTS_EARNED
                        : QualifyingActivityKind.QUALIFYING_ACTIVITY_KIND_POINTS_REVERSED)
                .setOccurredAt(ProtoTime.toProto(e.effectiveTime()))
                .setOrderId(e.orderId() == null || e.cause() != null ? "" : e.orderId())
                .setPoints(Math.abs(e.pointsDelta()))
                .build();
    }

    private static boolean isTierEntryReward(LedgerEntry e) {
        return e.cause() != null && e.cause().kind() == RewardCause.Kind.TIER_ENTRY;
    }
}
