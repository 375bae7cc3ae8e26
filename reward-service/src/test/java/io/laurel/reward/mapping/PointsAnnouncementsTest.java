package io.laurel.reward.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import io.laurel.platform.common.Actor;
import io.laurel.platform.outbox.OutboxMessage;
import io.laurel.reward.domain.LedgerEntry;
import io.laurel.reward.domain.LotAllocation;
import io.laurel.reward.domain.RewardCause;
import io.laurel.proto.progress.v1.IngestEventsRequest;
import io.laurel.proto.progress.v1.PointsReversalReason;
import io.laurel.proto.progress.v1.PointsSource;
import io.laurel.proto.tier.v1.QualifyingActivityKind;
import io.laurel.proto.tier.v1.RecordQualifyingActivityRequest;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What progress and tier learn of each points change (R-PROG-TRACK-6, L-TIER-1, L-TRACK-2). */
class PointsAnnouncementsTest {

    static final Instant T = Instant.parse("2026-10-25T09:00:00Z");
    static final Actor STAFF = new Actor(Actor.Kind.MERCHANT_STAFF, "staff-7", "");
    static final RewardCause MILESTONE = new RewardCause(RewardCause.Kind.MILESTONE, "prog-1", 2, 5, null, null, null, null);
    static final RewardCause TIER = new RewardCause(RewardCause.Kind.TIER_ENTRY, "tiers", 1, 0, null, "gold", null, null);

    static LedgerEntry entry(String id, LedgerEntry.Kind kind, long delta, RewardCause cause, String order) {
        return new LedgerEntry(id, "s", "c", 1, kind, delta, 0, T, T, null, null,
                delta < 0 ? List.of(new LotAllocation("l", -delta)) : List.of(), order, "", STAFF, cause, null, null);
    }

    @Test
    void r_prog_track_6_aMilestoneRewardNamesItsProgramAndReachesProgressAndTier() throws Exception {
        List<OutboxMessage> messages = PointsAnnouncements.of(List.of(entry("e1", LedgerEntry.Kind.EARNED, 250, MILESTONE, null)));

        assertThat(messages).extracting(OutboxMessage::destination).containsExactly("progress", "tier");
        assertThat(messages).extracting(OutboxMessage::key).containsOnly("ledger:e1");
        var earned = IngestEventsRequest.parseFrom(messages.get(0).payload()).getEvents(0).getPointsEarned();
        assertThat(earned.getSource()).isEqualTo(PointsSource.POINTS_SOURCE_MILESTONE_REWARD);
        assertThat(earned.getSourceProgramId()).isEqualTo("prog-1");
        var activity = RecordQualifyingActivityRequest.parseFrom(messages.get(1).payload());
        assertThat(activity.getKind()).isEqualTo(QualifyingActivityKind.QUALIFYING_ACTIVITY_KIND_POINTS_EARNED);
        assertThat(activity.getPoints()).isEqualTo(250);
    }

    @Test
    void l_tier_1_tierEntryPointsGoToProgressOnly() {
        assertThat(PointsAnnouncements.of(List.of(entry("e1", LedgerEntry.Kind.EARNED, 100, TIER, null))))
                .extracting(OutboxMessage::destination).containsExactly("progress");
    }

    @Test
    void l_track_2_spendingExpiryAndZeroEntriesAreNotAnnounced() {
        assertThat(PointsAnnouncements.of(List.of(
                entry("s", LedgerEntry.Kind.SPENT, -10, null, null),
                entry("x", LedgerEntry.Kind.EXPIRED, -10, null, null),
                entry("z", LedgerEntry.Kind.CLAWED_BACK, 0, MILESTONE, null)))).isEmpty();
    }

    @Test
    void r_ledger_5_reversalsCarryTheirReasonAndOrder() throws Exception {
        List<OutboxMessage> messages = PointsAnnouncements.of(List.of(
                entry("r", LedgerEntry.Kind.REVERSED, -7, null, "o-1"),
                entry("m", LedgerEntry.Kind.ADJUSTED, -3, null, null),
                entry("k", LedgerEntry.Kind.CLAWED_BACK, -9, MILESTONE, null)));

        var refund = IngestEventsRequest.parseFrom(messages.get(0).payload()).getEvents(0).getPointsReversed();
        var manual = IngestEventsRequest.parseFrom(messages.get(2).payload()).getEvents(0).getPointsReversed();
        var clawed = IngestEventsRequest.parseFrom(messages.get(4).payload()).getEvents(0).getPointsReversed();
        assertThat(refund.getReason()).isEqualTo(PointsReversalReason.POINTS_REVERSAL_REASON_REFUND_REVERSAL);
        assertThat(refund.getOrderId()).isEqualTo("o-1");
        assertThat(RecordQualifyingActivityRequest.parseFrom(messages.get(1).payload()).getOrderId()).isEqualTo("o-1");
        assertThat(manual.getReason()).isEqualTo(PointsReversalReason.POINTS_REVERSAL_REASON_MANUAL_DEDUCTION);
        assertThat(clawed.getReason()).isEqualTo(PointsReversalReason.POINTS_REVERSAL_REASON_CLAW_BACK);
        assertThat(clawed.getSourceProgramId()).isEqualTo("prog-1");
    }
}
