package io.laurel.tier.domain;

import static io.laurel.tier.domain.QualifyingActivity.orderCompleted;
import static io.laurel.tier.domain.QualifyingActivity.orderRefunded;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * L-TIER-13 (R-TIER-4, "arrival order does not matter"): activity arriving after later activity ends
 * with the same announced tier timeline — what reward-service prices orders by — as in-order arrival.
 */
class TierTimelineTest {

    private static final ZoneId PARIS = ZoneId.of("Europe/Paris");
    private static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");
    private static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");
    private final AtomicInteger n = new AtomicInteger();
    private final Supplier<String> ids = () -> String.format("c%04d", n.incrementAndGet());

    /** Lifetime amount spent, one tier: vip from 12000 (120.00), 1.5×. */
    private static final TierProgram VIP = new TierProgram("prog-1", "store-1", 3, TierProgram.Status.ACTIVE,
            TierProgram.Criterion.AMOUNT_SPENT, TierProgram.Window.LIFETIME,
            List.of(Programs.tier("vip", 12_000, 15_000)), Programs.UPDATED);

    /** What a customer ends with after a delivery: their state and every announced change, as recorded. */
    private record Delivered(CustomerTierState state, List<TierChange> log, Map<String, Integer> entries) {

        List<TierChange> announced() {
            return log.stream().filter(TierChange::changesEffectiveTier).toList();
        }

        /** reward-service's rule (L-LEDGER-6): the latest change effective strictly before, ties by change id. */
        int multiplierAt(TierProgram p, Instant orderTime) {
            TierChange found = announced().stream().filter(c -> c.effectiveTime().isBefore(orderTime))
                    .max(Comparator.comparing(TierChange::effectiveTime).thenComparing(TierChange::changeId))
                    .orElse(null);
            return found == null ? TierDefinition.NO_TIER_MULTIPLIER_BPS : p.multiplierBps(found.toTierId());
        }
    }

    /** Delivers {@code arrival} one activity at a time, as QualifyingActivities does (announced from its time on). */
    private Delivered deliver(TierProgram p, List<QualifyingActivity> arrival) {
        CustomerTierState held = Programs.fresh(p);
        List<TierChange> log = new ArrayList<>();
        List<QualifyingActivity> kept = new ArrayList<>();
        Map<String, Integer> entries = new LinkedHashMap<>();
        for (QualifyingActivity a : arrival) {
            kept.add(a);
            ActivityRules.Applied applied = ActivityRules.apply(held, p, PARIS, kept,
                    new TierTimeline.Announced(a.occurredAt(), around(log, a.occurredAt())), NOW, ids);
            held = applied.transition().state();
            log.addAll(applied.transition().changes());
            applied.tiersReached().forEach(t -> entries.merge(t, 1, Integer::sum));
        }
        return new Delivered(held, log, entries);
    }

    /** What TierChangeRepository.announcedAround reads: the latest announced change before {@code from}, and all after. */
    private static List<TierChange> around(List<TierChange> log, Instant from) {
        List<TierChange> announced = new ArrayList<>(log.stream().filter(TierChange::changesEffectiveTier).toList());
        announced.sort(Comparator.comparing(TierChange::effectiveTime)); // stable: recording order breaks ties
        List<TierChange> found = new ArrayList<>();
        TierChange before = null;
        for (TierChange c : announced) {
            if (c.effectiveTime().isBefore(from)) {
                before = c;
            } else {
                found.add(c);
            }
        }
        if (before != null) {
            found.add(0, before);
        }
        return found;
    }

    private static void assertSameOutcome(TierProgram p, Delivered inOrder, Delivered late,
                                          List<QualifyingActivity> activity) {
        assertThat(late.state().computedTierId()).isEqualTo(inOrder.state().computedTierId());
        assertThat(late.state().computedSince()).isEqualTo(inOrder.state().computedSince());
        List<Instant> probes = new ArrayList<>();
        activity.forEach(a -> {
            probes.add(a.occurredAt());
            probes.add(a.occurredAt().plusNanos(1000));
        });
        inOrder.announced().forEach(c -> probes.add(c.effectiveTime().plusNanos(1000)));
        late.announced().forEach(c -> probes.add(c.effectiveTime().plusNanos(1000)));
        probes.add(NOW);
        for (Instant t : probes) {
            assertThat(late.multiplierAt(p, t)).as("multiplier of an order at %s", t).isEqualTo(inOrder.multiplierAt(p, t));
        }
        // the tiers entered (tier_entry pays each once ever, L-TIER-10) are the same
        assertThat(late.entries().keySet()).containsExactlyInAnyOrderElementsOf(inOrder.entries().keySet());
    }

    @Test
    void l_tier_13_anUpgradeReachedEarlierByALateOrderIsAnnouncedAgainAtItsEarlierTime() {
        QualifyingActivity a = orderCompleted("a", T0, "oa", 6000);
        QualifyingActivity b = orderCompleted("b", T0.plus(Duration.ofDays(1)), "ob", 6000);
        QualifyingActivity c = orderCompleted("c", T0.plus(Duration.ofDays(2)), "oc", 6000);

        Delivered inOrder = deliver(VIP, List.of(a, b, c));
        Delivered late = deliver(VIP, List.of(a, c, b));

        assertThat(inOrder.announced()).extracting(TierChange::effectiveTime).containsExactly(b.occurredAt());
        // C's upgrade was announced first; B's arrival adds a correction to vip effective at B
        assertThat(late.announced()).extracting(TierChange::cause)
                .containsExactly(TierChangeCause.UPGRADE, TierChangeCause.CORRECTION);
        TierChange correction = late.announced().get(1);
        assertThat(correction.effectiveTime()).isEqualTo(b.occurredAt());
        assertThat(correction.fromTierId()).isNull();
        assertThat(correction.toTierId()).isEqualTo("vip");
        assertThat(correction.triggerActivityId()).isEqualTo("b");
        assertThat(correction.orderId()).isEqualTo("ob");
        assertThat(late.state().computedSince()).isEqualTo(b.occurredAt());
        // C earns at vip's rate, B (the order lifting the tier) at the old one — as in order
        assertThat(late.multiplierAt(VIP, c.occurredAt())).isEqualTo(15_000);
        assertThat(late.multiplierAt(VIP, b.occurredAt())).isEqualTo(TierDefinition.NO_TIER_MULTIPLIER_BPS);
        assertSameOutcome(VIP, inOrder, late, List.of(a, b, c));
        assertThat(late.entries()).containsExactly(Map.entry("vip", 1));
    }

    @Test
    void l_tier_13_aLateOrderCanSkipATierAlreadyAnnouncedLaterAndTheStaleUpgradeIsOverruled() {
        TierProgram p = Programs.spent(TierProgram.Window.LIFETIME);
        QualifyingActivity big = orderCompleted("a", T0, "oa", 5000);        // gold at once
        QualifyingActivity small = orderCompleted("b", T0.plus(Duration.ofDays(1)), "ob", 1000);
        QualifyingActivity more = orderCompleted("c", T0.plus(Duration.ofDays(2)), "oc", 15_000); // platinum

        Delivered inOrder = deliver(p, List.of(big, small, more));
        Delivered late = deliver(p, List.of(small, more, big));

        // announced late: silver at B, gold at C; then A: gold at A, and C corrected to platinum
        assertThat(late.state().computedTierId()).isEqualTo("platinum");
        assertThat(late.announced()).filteredOn(c -> c.cause() == TierChangeCause.CORRECTION)
                .extracting(TierChange::effectiveTime, TierChange::toTierId)
                .contains(org.assertj.core.groups.Tuple.tuple(small.occurredAt(), "gold"));
        assertThat(late.multiplierAt(p, small.occurredAt().plusSeconds(1))).isEqualTo(15_000);
        assertThat(late.multiplierAt(p, NOW)).isEqualTo(20_000);
        assertSameOutcome(p, inOrder, late, List.of(big, small, more));
    }

    @Test
    void l_tier_13_everyArrivalOrderAnnouncesTheSameTimelineOverSeveralTiersAndWindows() {
        for (TierProgram.Window window : List.of(TierProgram.Window.LIFETIME, TierProgram.Window.CALENDAR_YEAR,
                TierProgram.Window.ROLLING_365_DAYS_FROM_UPGRADE)) {
            TierProgram p = Programs.spent(window);
            List<QualifyingActivity> activity = List.of(
                    orderCompleted("a", T0, "oa", 800),
                    orderCompleted("b", T0.plus(Duration.ofDays(1)), "ob", 600),     // silver
                    orderCompleted("c", T0.plus(Duration.ofDays(2)), "oc", 4000),    // gold
                    orderCompleted("d", T0.plus(Duration.ofDays(3)), "od", 16_000),  // platinum (lifetime)
                    orderCompleted("e", T0.plus(Duration.ofDays(4)), "oe", 300));
            Delivered inOrder = deliver(p, activity);
            for (List<QualifyingActivity> arrival : permutations(activity)) {
                Delivered late = deliver(p, arrival);
                assertSameOutcome(p, inOrder, late, activity);
            }
        }
    }

    @Test
    void l_tier_13_lateActivityAcrossPeriodEndsAndRefundUndosAnnouncesTheSameTimelineAsInOrder() {
        for (TierProgram.Window window : List.of(TierProgram.Window.LIFETIME, TierProgram.Window.CALENDAR_YEAR,
                TierProgram.Window.ROLLING_365_DAYS_FROM_UPGRADE)) {
            TierProgram p = Programs.spent(window);
            List<QualifyingActivity> activity = List.of(
                    orderCompleted("a", Instant.parse("2025-06-01T10:00:00Z"), "oa", 3000),
                    orderCompleted("b", Instant.parse("2025-11-01T10:00:00Z"), "ob", 2500),   // gold
                    orderCompleted("c", Instant.parse("2026-02-01T10:00:00Z"), "oc", 1200),   // silver next period
                    orderRefunded("r", Instant.parse("2026-03-01T10:00:00Z"), "oc", 1200),
                    orderCompleted("d", Instant.parse("2026-04-01T10:00:00Z"), "od", 6000));
            Delivered inOrder = deliver(p, activity);
            for (List<QualifyingActivity> arrival : permutations(activity)) {
                if (arrival.indexOf(activity.get(3)) < arrival.indexOf(activity.get(2))) {
                    continue; // a refund before its order counts apart (L-TIER-7): not the same activity
                }
                assertSameOutcome(p, inOrder, deliver(p, arrival), activity);
            }
        }
    }

    @Test
    void l_tier_13_withoutALateActivityNothingIsCorrected() {
        TierProgram p = Programs.spent(TierProgram.Window.LIFETIME);
        Delivered inOrder = deliver(p, List.of(orderCompleted("a", T0, "oa", 1000),
                orderCompleted("b", T0.plusSeconds(60), "ob", 4000),
                orderRefunded("r", T0.plusSeconds(120), "ob", 4000)));
        assertThat(inOrder.log()).extracting(TierChange::cause).containsExactly(TierChangeCause.UPGRADE,
                TierChangeCause.UPGRADE, TierChangeCause.REFUND_UNDO);
    }

    private static List<List<QualifyingActivity>> permutations(List<QualifyingActivity> items) {
        if (items.size() <= 1) {
            return List.of(items);
        }
        List<List<QualifyingActivity>> all = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            List<QualifyingActivity> rest = new ArrayList<>(items);
            QualifyingActivity first = rest.remove(i);
            for (List<QualifyingActivity> tail : permutations(rest)) {
                List<QualifyingActivity> p = new ArrayList<>();
                p.add(first);
                p.addAll(tail);
                all.add(p);
            }
        }
        return all;
    }
}
