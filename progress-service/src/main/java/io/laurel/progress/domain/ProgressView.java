package io.laurel.progress.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.NavigableMap;
import java.util.List;

/**
 * What a customer sees of one program (R-PROG-TRACK-7): the value, every milestone of the latest
 * version with its state (reached / next / locked), the distance to the next and a percent
 * complete in basis points, rounded down.
 */
public record ProgressView(ProgramVersion program, long currentValue, List<MilestoneView> milestones, long nextTarget,
                           long distanceToNext, int percentCompleteBps, Instant spellStart) {

    public enum State { REACHED, NEXT, LOCKED }

    public record MilestoneView(Milestone milestone, State state, long distance, int percentCompleteBps,
                                Instant reachedTime) {
    }

    public static final int FULL_BPS = 10_000;

    /**
     * @param progress    the customer's progress in the program; null when there is none
     * @param lastActivity the customer's last activity (inactivity programs); null if never active
     */
    public static ProgressView of(ProgramVersion program, ProgramProgress progress, Instant lastActivity, Instant now,
                                  ProgressEngine engine) {
        boolean inactivity = program.metric() == Metric.INACTIVITY_DAYS;
        long value;
        NavigableMap<Long, Instant> reached = progress == null ? Collections.emptyNavigableMap() : progress.reached();
        Instant spellStart = null;
        if (inactivity) {
            value = engine.inactivityDays(lastActivity, now);
            spellStart = lastActivity;
            if (progress == null || lastActivity == null || !lastActivity.equals(progress.spellStart())) {
                reached = Collections.emptyNavigableMap(); // a new spell: nothing reached in it yet
            }
        } else {
            value = progress == null ? 0 : progress.value();
        }
        List<MilestoneView> milestones = new ArrayList<>(program.milestones().size());
        long nextTarget = 0;
        for (Milestone m : program.milestones()) {
            Instant reachedAt = reached.get(m.target());
            if (reachedAt != null) {
                milestones.add(new MilestoneView(m, State.REACHED, 0, FULL_BPS, reachedAt));
                continue;
            }
            State state = nextTarget == 0 ? State.NEXT : State.LOCKED;
            if (nextTarget == 0) {
                nextTarget = m.target();
            }
            milestones.add(new MilestoneView(m, state, Math.max(0, m.target() - value), percent(value, m.target()), null));
        }
        long distance = nextTarget == 0 ? 0 : Math.max(0, nextTarget - value);
        int percent = nextTarget == 0 ? FULL_BPS : percent(value, nextTarget);
        return new ProgressView(program, value, milestones, nextTarget, distance, percent, spellStart);
    }

    /** floor(min(value, target) × 10000 / target). */
    static int percent(long value, long target) {
        return java.math.BigInteger.valueOf(Math.min(value, target)).multiply(java.math.BigInteger.valueOf(FULL_BPS))
                .divide(java.math.BigInteger.valueOf(target)).intValueExact();
    }
}
