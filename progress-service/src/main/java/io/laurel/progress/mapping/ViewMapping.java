package io.laurel.progress.mapping;

import io.laurel.platform.grpc.ProtoTime;
import io.laurel.progress.domain.ProgressView;
import io.laurel.proto.progress.v1.MilestoneProgress;
import io.laurel.proto.progress.v1.MilestoneState;
import io.laurel.proto.progress.v1.ProgramCustomer;
import io.laurel.proto.progress.v1.ProgramProgress;

/** The domain's progress views → laurel.progress.v1 messages. Nothing merchant-only: no internal names. */
public final class ViewMapping {

    private ViewMapping() {
    }

    public static ProgramProgress toProto(ProgressView view) {
        ProgramProgress.Builder b = ProgramProgress.newBuilder()
                .setProgramId(view.program().programId())
                .setProgramVersion(view.program().version())
                .setTitle(view.program().title())
                .setMetric(ConfigMapping.toProto(view.program().metric()))
                .setHiddenFromShoppers(view.program().hiddenFromShoppers())
                .setCurrentValue(view.currentValue())
                .setNextTarget(view.nextTarget())
                .setDistanceToNext(view.distanceToNext())
                .setPercentCompleteBps(view.percentCompleteBps());
        if (view.program().scheduleEnd() != null) {
            b.setScheduleEndTime(ProtoTime.toProto(view.program().scheduleEnd()));
        }
        if (view.spellStart() != null) {
            b.setSpellStartTime(ProtoTime.toProto(view.spellStart()));
        }
        for (ProgressView.MilestoneView m : view.milestones()) {
            MilestoneProgress.Builder mb = MilestoneProgress.newBuilder()
                    .setTarget(m.milestone().target())
                    .setReward(ConfigMapping.toProto(m.milestone().reward()))
                    .setState(switch (m.state()) {
                        case REACHED -> MilestoneState.MILESTONE_STATE_REACHED;
                        case NEXT -> MilestoneState.MILESTONE_STATE_NEXT;
                        case LOCKED -> MilestoneState.MILESTONE_STATE_LOCKED;
                    })
                    .setDistance(m.distance())
                    .setPercentCompleteBps(m.percentCompleteBps());
            if (m.reachedTime() != null) {
                mb.setReachedTime(ProtoTime.toProto(m.reachedTime()));
            }
            b.addMilestones(mb);
        }
        return b.build();
    }

    public static ProgramCustomer toProto(io.laurel.progress.domain.ProgramCustomer c) {
        ProgramCustomer.Builder b = ProgramCustomer.newBuilder().setCustomerId(c.customerId())
                .setCurrentValue(c.currentValue()).setMilestonesReached(c.milestonesReached())
                .setLastReachedTarget(c.lastReachedTarget());
        if (c.lastReachedTime() != null) {
            b.setLastReachedTime(ProtoTime.toProto(c.lastReachedTime()));
        }
        if (c.lastEventTime() != null) {
            b.setLastEventTime(ProtoTime.toProto(c.lastEventTime()));
        }
        return b.build();
    }
}
