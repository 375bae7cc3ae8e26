package io.laurel.program.domain.milestone;

import io.laurel.platform.common.ExpiryPolicy;
import java.time.Instant;
import java.util.List;

/**
 * One version of a milestone program (R-PROG-1). {@code metric}, {@code pointsExpiry} and
 * {@code refundPolicy} are null when the caller left them unset, so the rules can name them.
 */
public record MilestoneProgramVersion(
        String programId,
        String storeId,
        String internalName,
        String title,
        ProgramStatus status,
        ProgramSchedule schedule,
        Metric metric,
        Eligibility condition,
        List<MilestoneStep> milestones,
        ExpiryPolicy pointsExpiry,
        RefundRule refundPolicy,
        long version,
        Instant createTime,
        Instant updateTime) {

    /** R-PROG-7: today exactly the inactivity programs. */
    public boolean hiddenFromShoppers() {
        return metric != null && metric.hiddenFromShoppers();
    }

    MilestoneProgramVersion withStatus(ProgramStatus newStatus, Instant now) {
        return new MilestoneProgramVersion(programId, storeId, internalName, title, newStatus, schedule, metric, condition,
                milestones, pointsExpiry, refundPolicy, version + 1, createTime, now);
    }
}
