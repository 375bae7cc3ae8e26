package io.laurel.progress.domain;

import java.time.Instant;
import java.util.Collections;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One customer's progress in one program: the metric's value, the milestones reached (target →
 * when; they stay reached whatever the value does later, R-PROG-TRACK-5) and, for inactivity
 * programs, the spell those milestones belong to (R-PROG-TRACK-3). Mutable while a batch is
 * applied; {@link #changed()} tells the store what to write back.
 */
public final class ProgramProgress {

    private final String programId;
    private long value;
    private Instant spellStart;
    private final TreeMap<Long, Instant> reached;
    private Instant lastEventAt;
    private boolean changed;

    public ProgramProgress(String programId, long value, Instant spellStart, NavigableMap<Long, Instant> reached,
                           Instant lastEventAt) {
        this.programId = Objects.requireNonNull(programId);
        this.value = value;
        this.spellStart = spellStart;
        this.reached = new TreeMap<>(reached);
        this.lastEventAt = lastEventAt;
    }

    public static ProgramProgress start(String programId) {
        ProgramProgress p = new ProgramProgress(programId, 0, null, new TreeMap<>(), null);
        p.changed = true;
        return p;
    }

    public String programId() {
        return programId;
    }

    public long value() {
        return value;
    }

    public Instant spellStart() {
        return spellStart;
    }

    public NavigableMap<Long, Instant> reached() {
        return Collections.unmodifiableNavigableMap(reached);
    }

    public Instant lastEventAt() {
        return lastEventAt;
    }

    public boolean changed() {
        return changed;
    }

    public Instant lastReachedTime() {
        return reached.values().stream().max(Instant::compareTo).orElse(null);
    }

    /** The target reached last (by time; the higher target among equal times); 0 when none. */
    public long lastReachedTarget() {
        long best = 0;
        Instant bestAt = null;
        for (var e : reached.entrySet()) {
            if (bestAt == null || !e.getValue().isBefore(bestAt)) {
                best = e.getKey();
                bestAt = e.getValue();
            }
        }
        return best;
    }

    /** Adds {@code delta}; the value stays within 0..Long.MAX_VALUE (amounts near the int64 limit saturate). */
    void add(long delta, Instant at) {
        long sum = value + delta;
        if (((value ^ sum) & (delta ^ sum)) < 0) {
            sum = delta > 0 ? Long.MAX_VALUE : 0;
        }
        value = Math.max(0, sum);
        counted(at);
    }

    void setValue(long newValue) {
        if (newValue != value) {
            value = newValue;
            changed = true;
        }
    }

    void counted(Instant at) {
        if (lastEventAt == null || at.isAfter(lastEventAt)) {
            lastEventAt = at;
        }
        changed = true;
    }

    /** Marks {@code target} reached at {@code at}; false if it already was (never reached twice). */
    boolean reach(long target, Instant at) {
        if (reached.containsKey(target)) {
            return false;
        }
        reached.put(target, at);
        changed = true;
        return true;
    }

    boolean isReached(long target) {
        return reached.containsKey(target);
    }

    /** A new inactivity spell starting at {@code start}: every milestone can be reached again. */
    void startSpell(Instant start) {
        spellStart = start;
        reached.clear();
        value = 0;
        changed = true;
    }
}
