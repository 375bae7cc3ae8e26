package io.laurel.progress.domain;

import io.laurel.platform.common.Money;
import io.laurel.progress.domain.EventPayload.CustomerActivity;
import io.laurel.progress.domain.EventPayload.CustomerTierChanged;
import io.laurel.progress.domain.EventPayload.CustomerUpdated;
import io.laurel.progress.domain.EventPayload.OrderCancelled;
import io.laurel.progress.domain.EventPayload.OrderCompleted;
import io.laurel.progress.domain.EventPayload.OrderRefunded;
import io.laurel.progress.domain.EventPayload.PointsEarned;
import io.laurel.progress.domain.EventPayload.PointsReversed;
import io.laurel.progress.domain.EventPayload.ReviewPublished;
import io.laurel.progress.domain.Outgoing.QualifyingActivity;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The milestone engine (R-PROG-TRACK): applies one new customer event to a customer's progress in
 * every program of the store and says which messages must follow. Plain Java; the caller holds the
 * customer's row lock, so events of one customer are applied one at a time.
 *
 * <ul>
 *   <li>An event counts in a program only if the version in effect at its occurred_at is ACTIVE and
 *       inside its schedule, and the condition matches the customer as of then (R-PROG-8, R-PROG-5).</li>
 *   <li>After a counted event, every milestone of that version whose target the value has reached
 *       and that was never reached is reached now, each rewarded once (R-PROG-TRACK-3/4; a milestone
 *       added below the value is reached here too, L-PROG-2).</li>
 *   <li>Refunds and cancellations move back only programs the order counted in, never by more than
 *       the order added; reached milestones stay reached (R-PROG-TRACK-5).</li>
 *   <li>A refund or cancellation of an order not seen yet is held and applied right after the order
 *       (R-PROG-TRACK-2: the final state is the same as in order).</li>
 * </ul>
 */
public final class ProgressEngine {

    /**
     * The longest inactivity target that can ever be reached (100 years, L-TRACK-14): a larger one is
     * never reached — its day is past what a date can hold — instead of failing every batch of the store.
     */
    public static final long MAX_INACTIVITY_DAYS = 36_500;

    private final StoreCatalog catalog;
    private final Instant now;

    public ProgressEngine(StoreCatalog catalog, Instant now) {
        this.catalog = catalog;
        this.now = now;
    }

    /** Applies a new, valid event of {@code customer}; answers the messages it requires. */
    public List<Outgoing> apply(CustomerState customer, CustomerEvent event) {
        List<Outgoing> out = new ArrayList<>();
        Instant at = event.occurredAt();
        switch (event.payload()) {
            case OrderCompleted o -> {
                completeOrder(customer, event, o, out);
                for (CustomerEvent held : customer.takeHeld(o.orderId())) {
                    undoOrder(customer, held, out);
                }
            }
            case OrderRefunded r -> undoOrder(customer, event, out);
            case OrderCancelled c -> undoOrder(customer, event, out);
            case ReviewPublished r -> {
                count(customer, event, Metric.REVIEW_COUNT, 1, null, out);
                activity(customer, event, out);
            }
            case PointsEarned e -> countPoints(customer, event, e.points(), e.sourceProgramId(), out);
            case PointsReversed r -> countPoints(customer, event, -r.points(), r.sourceProgramId(), out);
            case CustomerActivity a -> activity(customer, event, out);
            case CustomerUpdated u -> {
                customer.record(new CustomerState.AttributeChange(at, event.eventId(), Set.copyOf(u.tags()), null));
                out.add(new Outgoing.CustomerTags(customer.customerId(), event.eventId(), u.tags(), at));
            }
            case CustomerTierChanged t ->
                    customer.record(new CustomerState.AttributeChange(at, event.eventId(), null, t.tierId()));
        }
        return out;
    }

    /**
     * Inactivity (R-PROG-2, L-TRACK-1): reaches every milestone of the current spell whose day has
     * come by {@code until}, once per spell (R-PROG-TRACK-3). Target N is reached at 00:00 local
     * time of the N-th calendar day after the day of the last activity, judged by the program
     * version in effect then — so a scan that runs late still rewards what was due.
     */
    public List<Outgoing> inactivity(CustomerState customer, Instant until, String triggerEventId) {
        List<Outgoing> out = new ArrayList<>();
        Instant spellStart = customer.lastActivity();
        if (spellStart == null) {
            return out;
        }
        ZoneId zone = catalog.zoneAt(until);
        LocalDate lastDay = LocalDate.ofInstant(spellStart, zone);
        for (ProgramVersion latest : catalog.latestVersions()) {
            if (!tracksInactivity(latest)) {
                continue;
            }
            ProgramProgress p = customer.progress(latest.programId());
            if (!spellStart.equals(p.spellStart())) {
                p.startSpell(spellStart);
            }
            for (long target : inactivityTargets(latest.programId())) {
                if (target > MAX_INACTIVITY_DAYS) {
                    continue; // never reached (L-TRACK-14)
                }
                Instant reachAt = lastDay.plusDays(target).atStartOfDay(zone).toInstant();
                if (reachAt.isAfter(until) || p.isReached(target)) {
                    continue;
                }
                catalog.versionAt(latest.programId(), reachAt)
                        .filter(v -> v.countsAt(reachAt) && hasTarget(v, target)
                                && v.condition().matches(customer.factsAt(reachAt), null))
                        .ifPresent(v -> {
                            p.reach(target, reachAt);
                            p.counted(reachAt);
                            out.add(issue(customer, v, milestone(v, target), reachAt, triggerEventId, null, null, spellStart));
                        });
            }
            p.setValue(Math.max(0, ChronoUnit.DAYS.between(lastDay, LocalDate.ofInstant(until, zone))));
        }
        return out;
    }

    /** Whole calendar days since the last activity, as of {@code at}, in the store's time zone (L-TRACK-1). */
    public long inactivityDays(Instant lastActivity, Instant at) {
        if (lastActivity == null || at.isBefore(lastActivity)) {
            return 0;
        }
        ZoneId zone = catalog.zoneAt(at);
        return ChronoUnit.DAYS.between(LocalDate.ofInstant(lastActivity, zone), LocalDate.ofInstant(at, zone));
    }

    private void completeOrder(CustomerState customer, CustomerEvent event, OrderCompleted o, List<Outgoing> out) {
        Instant at = event.occurredAt();
        OrderState order = OrderState.completed(o.orderId(), customer.customerId(), o.amount().amountMinor(), at);
        customer.orders().put(o.orderId(), order);
        CustomerFacts facts = customer.factsAt(at);
        for (ProgramVersion v : catalog.countingAt(at)) {
            if (!v.metric().isOrderMetric() || !v.condition().matches(facts, o.amount().amountMinor())) {
                continue;
            }
            order.countIn(v.programId());
            ProgramProgress p = customer.progress(v.programId());
            p.add(v.metric() == Metric.ORDER_COUNT ? 1 : o.amount().amountMinor(), at);
            detect(customer, p, v, event, o.orderId(), o.amount(), out);
        }
        out.add(new Outgoing.EarnForOrder(customer.customerId(), event.eventId(), o.orderId(), o.amount(), at));
        out.add(new QualifyingActivity(customer.customerId(), event.eventId(), QualifyingActivity.Kind.ORDER_COMPLETED,
                o.orderId(), o.amount(), at));
        activity(customer, event, out);
    }

    /** A refund or cancellation: moves back what the order still adds, in the programs it counted in. */
    private void undoOrder(CustomerState customer, CustomerEvent event, List<Outgoing> out) {
        String orderId = event.payload().orderId();
        OrderState order = customer.orders().get(orderId);
        if (order == null) {
            customer.hold(event); // forwarded nowhere until its order shows whose it is (L-TRACK-7)
            return;
        }
        if (!order.customerId().equals(customer.customerId())) {
            return; // another customer's order: dropped, nothing forwarded (refused at the door when known)
        }
        forwardUndo(customer, event, out);
        long amountBack;
        boolean countBack;
        if (event.payload() instanceof OrderRefunded r) {
            amountBack = order.refund(r.refundedAmount().amountMinor());
            boolean fullyRefunded = r.fullRefund() || (order.amountMinor() > 0 && order.refundedMinor() >= order.amountMinor());
            countBack = fullyRefunded && order.removeCount();
        } else {
            boolean wasCancelled = order.cancelled();
            amountBack = order.cancel();
            countBack = !wasCancelled && order.removeCount();
        }
        Instant at = event.occurredAt();
        for (String programId : order.countedPrograms()) {
            ProgramVersion v = catalog.versionAt(programId, at).or(() -> catalog.latest(programId)).orElse(null);
            if (v == null) {
                continue;
            }
            ProgramProgress p = customer.progress(programId);
            long back = v.metric() == Metric.ORDER_COUNT ? (countBack ? 1 : 0) : amountBack;
            if (back == 0) {
                continue;
            }
            p.add(-back, at);
            if (v.clawBack()) {
                for (var reached : p.reached().tailMap(p.value(), false).keySet()) {
                    out.add(new Outgoing.ClawBackReward(customer.customerId(), programId, v.version(), reached,
                            "order " + orderId + " " + (event.payload() instanceof OrderRefunded rf
                                    ? "refunded (refund " + rf.refundId() + ")" : "cancelled"),
                            at, event.eventId(), orderId));
                }
            }
        }
    }

    /** The order facts reward- and tier-service need for a refund or cancellation of this customer's order. */
    private static void forwardUndo(CustomerState customer, CustomerEvent event, List<Outgoing> out) {
        Instant at = event.occurredAt();
        switch (event.payload()) {
            case OrderRefunded r -> {
                out.add(new Outgoing.ReverseOrderEarning(customer.customerId(), event.eventId(), r.orderId(),
                        r.refundId(), r.refundedAmount(), at));
                out.add(new QualifyingActivity(customer.customerId(), event.eventId(),
                        QualifyingActivity.Kind.ORDER_REFUNDED, r.orderId(), r.refundedAmount(), at));
            }
            case OrderCancelled c -> {
                out.add(new Outgoing.ReverseOrderEarning(customer.customerId(), event.eventId(), c.orderId(),
                        event.eventId(), null, at));
                out.add(new QualifyingActivity(customer.customerId(), event.eventId(),
                        QualifyingActivity.Kind.ORDER_CANCELLED, c.orderId(), null, at));
            }
            default -> {
            }
        }
    }

    private void countPoints(CustomerState customer, CustomerEvent event, long delta, String sourceProgramId,
                             List<Outgoing> out) {
        Instant at = event.occurredAt();
        CustomerFacts facts = customer.factsAt(at);
        for (ProgramVersion v : catalog.countingAt(at)) {
            // a program's own rewards never count toward itself (R-PROG-TRACK-6)
            if (v.metric() != Metric.POINTS_EARNED || v.programId().equals(sourceProgramId)
                    || !v.condition().matches(facts, null)) {
                continue;
            }
            ProgramProgress p = customer.progress(v.programId());
            p.add(delta, at);
            if (delta > 0) {
                detect(customer, p, v, event, null, null, out);
            }
        }
    }

    private void count(CustomerState customer, CustomerEvent event, Metric metric, long delta, Money orderAmount,
                       List<Outgoing> out) {
        Instant at = event.occurredAt();
        CustomerFacts facts = customer.factsAt(at);
        for (ProgramVersion v : catalog.countingAt(at)) {
            if (v.metric() != metric || !v.condition().matches(facts, null)) {
                continue;
            }
            ProgramProgress p = customer.progress(v.programId());
            p.add(delta, at);
            detect(customer, p, v, event, null, orderAmount, out);
        }
    }

    /** Activity ends the inactivity spell: first what the old spell reached by then, then a new spell. */
    private void activity(CustomerState customer, CustomerEvent event, List<Outgoing> out) {
        Instant at = event.occurredAt();
        if (customer.lastActivity() != null && !at.isAfter(customer.lastActivity())) {
            return; // a late event: the spell it belonged to is over
        }
        if (customer.lastActivity() != null) {
            out.addAll(inactivity(customer, at.isBefore(now) ? at : now, event.eventId()));
        }
        customer.activity(at);
        for (ProgramVersion latest : catalog.latestVersions()) {
            if (tracksInactivity(latest)) {
                customer.progress(latest.programId()).startSpell(at);
            }
        }
    }

    private void detect(CustomerState customer, ProgramProgress p, ProgramVersion v, CustomerEvent event,
                        String orderId, Money orderAmount, List<Outgoing> out) {
        for (Milestone m : v.milestones()) {
            if (m.target() > p.value()) {
                break;
            }
            if (p.reach(m.target(), event.occurredAt())) {
                out.add(issue(customer, v, m, event.occurredAt(), event.eventId(), orderId, orderAmount, null));
            }
        }
    }

    private Outgoing.IssueReward issue(CustomerState customer, ProgramVersion v, Milestone m, Instant at,
                                       String triggerEventId, String orderId, Money orderAmount, Instant spellStart) {
        return new Outgoing.IssueReward(customer.customerId(), v.programId(), v.version(), m.target(), m.reward(),
                catalog.resolveExpiry(v.expiry(), at), at, triggerEventId, orderId, orderAmount, spellStart);
    }

    private Set<Long> inactivityTargets(String programId) {
        Set<Long> targets = new TreeSet<>();
        catalog.latest(programId).ifPresent(latest -> latest.milestones().forEach(m -> targets.add(m.target())));
        for (ProgramVersion v : allVersions(programId)) {
            v.milestones().forEach(m -> targets.add(m.target()));
        }
        return targets;
    }

    private List<ProgramVersion> allVersions(String programId) {
        return catalog.versions(programId);
    }

    /**
     * An inactivity program whose latest version is ACTIVE or PAUSED (a paused one may resume and
     * catch up); a DRAFT or ARCHIVED one tracks no spells and the scan ignores it.
     */
    public static boolean tracksInactivity(ProgramVersion latest) {
        return latest.metric() == Metric.INACTIVITY_DAYS && latest.status() != ProgramVersion.Status.DRAFT
                && latest.status() != ProgramVersion.Status.ARCHIVED;
    }

    private static boolean hasTarget(ProgramVersion v, long target) {
        return v.milestones().stream().anyMatch(m -> m.target() == target);
    }

    private static Milestone milestone(ProgramVersion v, long target) {
        return v.milestones().stream().filter(m -> m.target() == target).findFirst().orElseThrow();
    }

    /** Events of one customer in the order they happened (ties by event id), the order the engine applies them in. */
    public static final Comparator<CustomerEvent> IN_ORDER_OF_OCCURRENCE =
            Comparator.comparing(CustomerEvent::occurredAt).thenComparing(CustomerEvent::eventId);

    /** The ids of the distinct customers of {@code events}, sorted (the order their rows are locked in). */
    public static List<String> customersInLockOrder(List<CustomerEvent> events) {
        return new ArrayList<>(new TreeSet<>(events.stream().map(CustomerEvent::customerId).toList()));
    }
}
