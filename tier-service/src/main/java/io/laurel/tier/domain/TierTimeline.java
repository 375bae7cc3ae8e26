package io.laurel.tier.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * L-TIER-13: activity that arrives after later activity can move tier changes already announced (an
 * upgrade reached earlier, a tier skipped, a stale upgrade). Other services price and judge by the
 * announced timeline (reward-service: the multiplier of the latest change effective strictly before
 * an order, ties by change id), so tier-service corrects it to the replay's: where the two disagree
 * from the late activity's {@code occurred_at} on, a {@link TierChangeCause#CORRECTION} effective at
 * that instant announces the tier the replay had then. Announced changes are never rewritten (the
 * history is append-only and downstream keys are the change ids): each correction has its own id.
 */
public final class TierTimeline {

    /** Causes whose changes the replay of activity accounts for; any other one bounds the corrections. */
    private static final Set<TierChangeCause> REPLAYED = EnumSet.of(TierChangeCause.UPGRADE,
            TierChangeCause.DOWNGRADE_WINDOW_END, TierChangeCause.REFUND_UNDO, TierChangeCause.THRESHOLD_CHANGE,
            TierChangeCause.CORRECTION);

    private TierTimeline() {
    }

    /**
     * What was announced for a customer around a late activity: the changes of the effective tier
     * effective at or after {@code from} plus the latest one before it (oldest first, recording order
     * breaking ties), and those recorded in the same transaction before the activity's own.
     */
    public record Announced(Instant from, List<TierChange> changes) {

        public Announced {
            Objects.requireNonNull(from, "from");
            changes = List.copyOf(changes);
        }
    }

    /**
     * The corrections that make the announced timeline the replay's from {@code announced.from()} on.
     * None while a manual assignment is in force (the computed tier is not what others use), when the
     * replay's tier is not the state's (a held tier the rules keep, R-TIER-4), before the program
     * version took effect (L-TIER-11) or at or before a change the replay does not explain (manual,
     * tag, removed tier, archive, another program).
     *
     * @param state    the customer's new state
     * @param replay   the replay that gave it
     * @param recorded the changes this transaction records before the corrections, oldest first
     */
    static List<TierChange> corrections(CustomerTierState state, TierProgram program, ComputedTierRules.Computed replay,
                                        Announced announced, List<TierChange> recorded, Instant now,
                                        Supplier<String> ids) {
        if (state.manual() != null || !Objects.equals(replay.tierId(), state.computedTierId())) {
            return List.of();
        }
        List<TierChange> told = new ArrayList<>();
        Instant unexplained = null;
        List<TierChange> all = new ArrayList<>(announced.changes());
        all.addAll(recorded);
        for (TierChange c : all) {
            if (!c.changesEffectiveTier()) {
                continue;
            }
            told.add(c);
            boolean replayed = REPLAYED.contains(c.cause()) && c.tierProgramId().equals(program.tierProgramId());
            if (!replayed && (unexplained == null || c.effectiveTime().isAfter(unexplained))) {
                unexplained = c.effectiveTime();
            }
        }
        List<ComputedTierRules.Move> moves = replay.moves().stream()
                .map(m -> m.cause() == TierChangeCause.UPGRADE
                        ? new ComputedTierRules.Move(ActivityRules.notBeforeVersion(m.at(), program, now), m.tierId(),
                                m.cause(), m.value(), m.activityId(), m.orderId())
                        : m)
                .toList();
        Instant version = program.updateTime().isBefore(now) ? program.updateTime() : now;
        Instant bound = announced.from().isBefore(version) ? version : announced.from();
        TreeSet<Instant> times = new TreeSet<>();
        moves.forEach(m -> times.add(m.at()));
        told.forEach(c -> times.add(c.effectiveTime()));
        String initial = program.tierFor(0);
        List<TierChange> corrections = new ArrayList<>();
        for (Instant t : times.tailSet(bound, true)) {
            if (unexplained != null && !t.isAfter(unexplained)) {
                continue;
            }
            ComputedTierRules.Move want = latestMove(moves, t);
            TierChange have = latestChange(told, t);
            String wanted = want == null ? initial : want.tierId();
            String had = have == null ? initial : have.toTierId();
            if (Objects.equals(wanted, had)) {
                continue;
            }
            TierChange correction = new TierChange(idAt(told, t, ids), state.storeId(), state.customerId(),
                    state.tierProgramId(), had, wanted, TierChangeCause.CORRECTION, false, t, now,
                    want == null ? 0 : want.value(), want == null ? null : want.activityId(),
                    want == null ? null : want.orderId(), List.of(), TierChange.SYSTEM_ACTOR, "");
            corrections.add(correction);
            told.add(correction);
        }
        return corrections;
    }

    /**
     * A new change id, or, when changes were announced at {@code t} already, one that sorts after
     * all of them: reward-service breaks ties of effective time by change id (L-LEDGER-6), so a
     * correction overrules a change at its own instant only with a greater id. It is the greatest
     * id there followed by {@code ~} and a 4-digit count (the next count if that id is already one
     * of these): unique, and still a Laurel id ({@code ~} is the last visible ASCII character).
     */
    private static String idAt(List<TierChange> told, Instant t, Supplier<String> ids) {
        String greatest = null;
        for (TierChange c : told) {
            if (c.effectiveTime().equals(t) && (greatest == null || c.changeId().compareTo(greatest) > 0)) {
                greatest = c.changeId();
            }
        }
        if (greatest == null) {
            return ids.get();
        }
        int mark = greatest.lastIndexOf('~');
        if (mark > 0 && greatest.length() - mark == 5 && greatest.substring(mark + 1).chars().allMatch(Character::isDigit)
                && !greatest.endsWith("~9999")) {
            return greatest.substring(0, mark + 1) + String.format("%04d", Integer.parseInt(greatest.substring(mark + 1)) + 1);
        }
        return greatest + "~0001";
    }

    /** The replay's move in force at {@code t}: the latest at or before it, the later one of a tie. */
    private static ComputedTierRules.Move latestMove(List<ComputedTierRules.Move> moves, Instant t) {
        ComputedTierRules.Move found = null;
        for (ComputedTierRules.Move m : moves) {
            if (!m.at().isAfter(t) && (found == null || !m.at().isBefore(found.at()))) {
                found = m;
            }
        }
        return found;
    }

    /** The announced change in force at {@code t} as reward-service sees it: the latest at or before it, the greatest id of a tie. */
    private static TierChange latestChange(List<TierChange> told, Instant t) {
        TierChange found = null;
        for (TierChange c : told) {
            if (c.effectiveTime().isAfter(t)) {
                continue;
            }
            int later = found == null ? 1 : c.effectiveTime().compareTo(found.effectiveTime());
            if (later > 0 || later == 0 && c.changeId().compareTo(found.changeId()) > 0) {
                found = c;
            }
        }
        return found;
    }
}
