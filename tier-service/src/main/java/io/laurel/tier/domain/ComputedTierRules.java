package io.laurel.tier.domain;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The computed tier of a points or amount program (R-TIER-2..4): a replay of the customer's
 * qualifying activity in time order, so the result is the same whatever order the activity arrived
 * in. Upgrades happen at the activity that reaches a threshold (inclusive), possibly over several
 * tiers; downgrades only at a period end, to the tier the ended period's value supports; the one
 * exception is the refund or cancellation of the order that caused the current tier's upgrade,
 * which undoes it at once when the customer no longer qualifies.
 */
public final class ComputedTierRules {

    private ComputedTierRules() {
    }

    /**
     * What the rules give a customer at an instant.
     *
     * @param lastCause      what last moved the tier (null: never moved); with its time, activity and order
     * @param tiersReached   every tier an upgrade ever entered, skipped ones included, lowest first
     * @param moves          every move of the tier, oldest first: the timeline in-order arrival announces
     */
    public record Computed(String tierId, Instant since, long value, Instant periodStart, Instant periodEnd,
                           TierChangeCause lastCause, Instant lastChangeTime, String lastActivityId,
                           String lastOrderId, List<String> tiersReached, List<Move> moves) {

        public Computed {
            tiersReached = List.copyOf(tiersReached);
            moves = List.copyOf(moves);
        }
    }

    /**
     * One move of the replayed tier: at {@code at} the customer went to {@code tierId} (null = none),
     * with the qualifying value right after it; activity and order null for a period end.
     */
    public record Move(Instant at, String tierId, TierChangeCause cause, long value, String activityId,
                       String orderId) {
    }

    /** Replays {@code activities} (any order) under {@code program}, with the period ends up to {@code now}. */
    public static Computed replay(TierProgram program, ZoneId zone, List<QualifyingActivity> activities,
                                  Instant now) {
        Replay r = new Replay(program, zone);
        List<QualifyingActivity> ordered = new ArrayList<>(activities);
        ordered.sort(QualifyingActivity.TIME_ORDER);
        for (QualifyingActivity a : ordered) {
            if (a.kind().feeds(program.criterion())) {
                r.apply(a);
            }
        }
        r.rollTo(now);
        return new Computed(r.tier, r.since, r.value, r.start, r.end, r.cause, r.changedAt, r.activityId, r.orderId,
                List.copyOf(r.reached), r.moves);
    }

    /** One order's amount (or points) still counted, and the period it counted in. */
    private static final class Order {
        long remaining;
        Instant periodStart;
    }

    /** The upgrade an order caused, with what to go back to if the order is refunded. */
    private static final class Upgrade {
        String orderId;
        String from;
        Instant fromSince;
        Instant fromStart;
        Instant fromEnd;
        String to;
        long orderPeriodValue;
        long refunded;
        boolean periodClosed;
    }

    private static final class Replay {
        final TierProgram program;
        final ZoneId zone;
        final TierProgram.Window window;
        String tier;
        Instant since;
        long value;
        Instant start;
        Instant end;
        TierChangeCause cause;
        Instant changedAt;
        String activityId;
        String orderId;
        final Set<String> reached = new LinkedHashSet<>();
        final Map<String, Order> orders = new HashMap<>();
        final List<Move> moves = new ArrayList<>();
        Upgrade lastUpgrade;

        Replay(TierProgram program, ZoneId zone) {
            this.program = program;
            this.zone = zone;
            this.window = program.window();
            this.tier = program.tierFor(0);
        }

        void apply(QualifyingActivity a) {
            rollTo(a.occurredAt());
            if (start == null && TierWindows.hasPeriods(window)) {
                // L-TIER-2: a customer's first period starts with their first qualifying activity
                start = TierWindows.periodStart(window, zone, a.occurredAt());
                end = TierWindows.periodEnd(window, zone, start);
            }
            if (a.kind().adds()) {
                add(a);
            } else {
                reduce(a);
            }
        }

        void add(QualifyingActivity a) {
            value = saturatedAdd(value, a.amount());
            if (a.orderId() != null) {
                Order o = orders.computeIfAbsent(a.orderId(), id -> new Order());
                o.remaining = saturatedAdd(o.remaining, a.amount());
                if (o.periodStart == null) {
                    o.periodStart = start;
                }
            }
            String supported = program.tierFor(value);
            if (program.rank(supported) <= program.rank(tier)) {
                return;
            }
            Upgrade u = new Upgrade();
            u.orderId = a.orderId();
            u.from = tier;
            u.fromSince = since;
            u.fromStart = start;
            u.fromEnd = end;
            u.to = supported;
            u.orderPeriodValue = value;
            reached.addAll(program.tiersEntered(tier, supported).stream().map(TierDefinition::tierId).toList());
            moved(supported, TierChangeCause.UPGRADE, a);
            if (window == TierProgram.Window.ROLLING_365_DAYS_FROM_UPGRADE) {
                // the counter restarts at each upgrade (R-TIER-3)
                value = 0;
                start = a.occurredAt();
                end = TierWindows.periodEnd(window, zone, start);
            }
            noteMove();
            lastUpgrade = a.orderId() == null ? null : u;
        }

        void reduce(QualifyingActivity a) {
            Order o = a.orderId() == null ? null : orders.get(a.orderId());
            long taken;
            if (a.kind() == QualifyingActivity.Kind.ORDER_CANCELLED) {
                taken = o == null ? 0 : o.remaining;
            } else {
                taken = o == null ? a.amount() : Math.min(a.amount(), o.remaining);
            }
            if (o != null) {
                o.remaining -= taken;
            }
            // it counts in the period the order counted in; a closed period stays closed
            if (o == null || Objects.equals(o.periodStart, start)) {
                value = Math.max(0, value - taken);
            }
            undoIfCaused(a, taken);
        }

        /** R-TIER-4's exception: the order behind the current tier's upgrade is refunded and no longer qualifies. */
        void undoIfCaused(QualifyingActivity a, long taken) {
            Upgrade u = lastUpgrade;
            if (u == null || taken <= 0 || !Objects.equals(a.orderId(), u.orderId) || !Objects.equals(tier, u.to)) {
                return;
            }
            u.refunded += taken;
            long orderPeriodLeft = Math.max(0, u.orderPeriodValue - u.refunded);
            if (window == TierProgram.Window.ROLLING_365_DAYS_FROM_UPGRADE) {
                long restored = saturatedAdd(orderPeriodLeft, value);
                String supported = program.higher(u.from, program.tierFor(restored));
                if (program.rank(supported) < program.rank(u.to)) {
                    undo(u, supported, a);
                    value = restored;
                    start = u.fromStart;
                    end = u.fromEnd;
                    noteMove();
                }
                return;
            }
            String supported = u.periodClosed
                    ? program.higher(program.tierFor(orderPeriodLeft), program.tierFor(value))
                    : program.higher(u.from, program.tierFor(value));
            if (program.rank(supported) < program.rank(u.to)) {
                undo(u, supported, a);
                noteMove();
            }
        }

        void undo(Upgrade u, String to, QualifyingActivity a) {
            moved(to, TierChangeCause.REFUND_UNDO, a);
            if (Objects.equals(to, u.from)) {
                since = u.fromSince;
            }
            lastUpgrade = null;
        }

        void moved(String to, TierChangeCause why, QualifyingActivity a) {
            tier = to;
            since = to == null ? null : a.occurredAt();
            cause = why;
            changedAt = a.occurredAt();
            activityId = a.activityId();
            orderId = a.orderId();
        }

        void noteMove() {
            moves.add(new Move(changedAt, tier, cause, value, activityId, orderId));
        }

        /** Books every period end up to {@code at}: the tier the ended period's value supports, a new period. */
        void rollTo(Instant at) {
            while (end != null && !end.isAfter(at)) {
                String supported = program.tierFor(value);
                if (!Objects.equals(supported, tier)) {
                    tier = supported;
                    since = supported == null ? null : end;
                    cause = TierChangeCause.DOWNGRADE_WINDOW_END;
                    changedAt = end;
                    activityId = null;
                    orderId = null;
                    moves.add(new Move(end, tier, cause, 0, null, null));
                }
                if (lastUpgrade != null && window == TierProgram.Window.CALENDAR_YEAR && Objects.equals(tier, lastUpgrade.to)) {
                    // the upgrade's order still holds the tier through the next year: a refund can still undo it
                    lastUpgrade.periodClosed = true;
                    lastUpgrade.orderPeriodValue = value;
                    lastUpgrade.refunded = 0; // the closed value is already net of earlier refunds
                } else {
                    lastUpgrade = null;
                }
                value = 0;
                start = end;
                end = TierWindows.periodEnd(window, zone, start);
            }
        }
    }

    static long saturatedAdd(long a, long b) {
        long sum = a + b;
        return ((a ^ sum) & (b ^ sum)) < 0 ? Long.MAX_VALUE : sum;
    }
}
