package io.laurel.progress.domain;

import io.laurel.platform.common.ExpiryPolicy;
import java.time.Instant;
import java.util.List;

/**
 * One version of a milestone program as program-service published it; it is in effect from
 * {@code effectiveFrom} (its update_time) until the next version's (R-PROG-9).
 *
 * @param scheduleStart null = no start bound
 * @param scheduleEnd   null = no end bound (exclusive)
 */
public record ProgramVersion(String programId, long version, Instant effectiveFrom, Instant createTime,
                             String title, Status status, Instant scheduleStart, Instant scheduleEnd, Metric metric,
                             Condition condition, List<Milestone> milestones, ExpiryPolicy expiry, boolean clawBack) {

    public enum Status { DRAFT, ACTIVE, PAUSED, ARCHIVED }

    public ProgramVersion {
        milestones = List.copyOf(milestones);
        condition = condition == null ? new Condition.Always() : condition;
    }

    /** Whether the program counts an event that occurred at {@code at} (R-PROG-8): ACTIVE and inside its schedule. */
    public boolean countsAt(Instant at) {
        return status == Status.ACTIVE && insideSchedule(at);
    }

    public boolean insideSchedule(Instant at) {
        return (scheduleStart == null || !at.isBefore(scheduleStart)) && (scheduleEnd == null || at.isBefore(scheduleEnd));
    }

    /** Never shown on shopper-facing views (R-PROG-7). */
    public boolean hiddenFromShoppers() {
        return metric == Metric.INACTIVITY_DAYS;
    }
}
