package io.laurel.progress.domain;

import static io.laurel.progress.domain.Catalogs.T0;
import static io.laurel.progress.domain.Catalogs.activity;
import static io.laurel.progress.domain.Catalogs.active;
import static io.laurel.progress.domain.Catalogs.cancel;
import static io.laurel.progress.domain.Catalogs.catalog;
import static io.laurel.progress.domain.Catalogs.customer;
import static io.laurel.progress.domain.Catalogs.issued;
import static io.laurel.progress.domain.Catalogs.issuedTargets;
import static io.laurel.progress.domain.Catalogs.order;
import static io.laurel.progress.domain.Catalogs.points;
import static io.laurel.progress.domain.Catalogs.program;
import static io.laurel.progress.domain.Catalogs.refund;
import static io.laurel.progress.domain.Catalogs.reversal;
import static io.laurel.progress.domain.Catalogs.review;
import static io.laurel.progress.domain.Catalogs.tags;
import static io.laurel.progress.domain.Catalogs.tier;
import static org.assertj.core.api.Assertions.assertThat;

import io.laurel.platform.common.ExpiryPolicy;
import io.laurel.progress.domain.ProgramVersion.Status;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The milestone engine's rules, each test named after the rule it proves. */
class ProgressEngineTest {

    private static final Duration HOUR = Duration.ofHours(1);
    private static final Duration DAY = Duration.ofDays(1);

    private static List<Outgoing> applyAll(StoreCatalog catalog, CustomerState c, CustomerEvent... events) {
        ProgressEngine engine = new ProgressEngine(catalog, T0.plus(Duration.ofDays(400)));
        List<Outgoing> out = new ArrayList<>();
        for (CustomerEvent e : events) {
            out.addAll(engine.apply(c, e));
        }
        return out;
    }

    private static long value(CustomerState c, String programId) {
        ProgramProgress p = c.programs().get(programId);
        return p == null ? 0 : p.value();
    }

    // ---- R-PROG-8: which events count

    @Test
    void r_prog_8_aPausedProgramCountsNothingAndResumesFromWhereItWas() {
        StoreCatalog catalog = catalog(
                program("p", 1, T0.minus(HOUR), Status.ACTIVE, Metric.ORDER_COUNT, null, 3),
                program("p", 2, T0.plus(DAY), Status.PAUSED, Metric.ORDER_COUNT, null, 3),
                program("p", 3, T0.plus(DAY.multipliedBy(3)), Status.ACTIVE, Metric.ORDER_COUNT, null, 3));
        CustomerState c = customer();
        applyAll(catalog, c, order("o1", 100, T0), order("o2", 100, T0.plus(DAY).plus(HOUR)),
                order("o3", 100, T0.plus(DAY.multipliedBy(2))));
        assertThat(value(c, "p")).as("orders while paused count nothing").isEqualTo(1);
        List<Outgoing> out = applyAll(catalog, c, order("o4", 100, T0.plus(DAY.multipliedBy(4))));
        assertThat(value(c, "p")).isEqualTo(2);
        assertThat(issued(out)).isEmpty();
    }

    @Test
    void r_prog_8_aProgramActivatedAfterSomeOrdersDoesNotCountThem() {
        StoreCatalog catalog = catalog(
                program("p", 1, T0.minus(HOUR), Status.DRAFT, Metric.ORDER_COUNT, null, 2),
                program("p", 2, T0.plus(DAY), Status.ACTIVE, Metric.ORDER_COUNT, null, 2));
        CustomerState c = customer();
        applyAll(catalog, c, order("o1", 100, T0), order("o2", 100, T0.plus(HOUR)));
        assertThat(value(c, "p")).isZero();
        List<Outgoing> out = applyAll(catalog, c, order("o3", 100, T0.plus(DAY.multipliedBy(2))));
        assertThat(value(c, "p")).isEqualTo(1);
        assertThat(issued(out)).isEmpty();
    }

    @Test
    void r_prog_8_aLateEventIsAttributedByOccurredAtNotArrival() {
        // paused from T0+1d; an order that occurred before the pause but arrives after it still counts
        StoreCatalog catalog = catalog(
                program("p", 1, T0.minus(HOUR), Status.ACTIVE, Metric.ORDER_COUNT, null, 1),
                program("p", 2, T0.plus(DAY), Status.PAUSED, Metric.ORDER_COUNT, null, 1));
        CustomerState c = customer();
        ProgressEngine later = new ProgressEngine(catalog, T0.plus(DAY.multipliedBy(5)));
        List<Outgoing> out = later.apply(c, order("late", 100, T0.plus(HOUR)));
        assertThat(value(c, "p")).isEqualTo(1);
        assertThat(issuedTargets(out)).containsExactly(1L);
        assertThat(later.apply(c, order("after-pause", 100, T0.plus(DAY.multipliedBy(2))))).noneMatch(o -> o instanceof Outgoing.IssueReward);
        assertThat(value(c, "p")).isEqualTo(1);
    }

    @Test
    void r_prog_8_eventsOutsideTheScheduleDoNotCount() {
        ProgramVersion scheduled = new ProgramVersion("p", 1, T0.minus(HOUR), T0.minus(HOUR), "", Status.ACTIVE,
                T0, T0.plus(DAY), Metric.ORDER_COUNT, null, List.of(new Milestone(5, Reward.fixedPoints(1))),
                ExpiryPolicy.never(), false);
        CustomerState c = customer();
        applyAll(catalog(scheduled), c, order("before", 1, T0.minusSeconds(1)), order("in", 1, T0),
                order("end", 1, T0.plus(DAY)));
        assertThat(value(c, "p")).as("start inclusive, end exclusive").isEqualTo(1);
    }

    // ---- R-PROG-2: the five metrics

    @Test
    void r_prog_2_orderCountAndAmountSpentCountCompletedOrders() {
        StoreCatalog catalog = catalog(active("count", Metric.ORDER_COUNT, 10), active("spent", Metric.AMOUNT_SPENT, 100_000));
        CustomerState c = customer();
        applyAll(catalog, c, order("o1", 1_250, T0), order("o2", 0, T0.plus(HOUR)), review("r1", T0.plus(HOUR)));
        assertThat(value(c, "count")).isEqualTo(2);
        assertThat(value(c, "spent")).isEqualTo(1_250);
    }

    @Test
    void r_prog_2_pointsEarnedIsCreditsMinusReversals() {
        StoreCatalog catalog = catalog(active("pts", Metric.POINTS_EARNED, 1_000));
        CustomerState c = customer();
        applyAll(catalog, c, points("l1", 300, "", T0), points("l2", 200, "", T0.plus(HOUR)),
                reversal("l3", 100, T0.plus(HOUR.multipliedBy(2))));
        assertThat(value(c, "pts")).isEqualTo(400);
    }

    @Test
    void r_prog_track_6_aProgramsOwnRewardsNeverCountTowardItself() {
        StoreCatalog catalog = catalog(active("a", Metric.POINTS_EARNED, 1_000), active("b", Metric.POINTS_EARNED, 1_000));
        CustomerState c = customer();
        applyAll(catalog, c, points("l1", 500, "a", T0));
        assertThat(value(c, "a")).isZero();
        assertThat(value(c, "b")).isEqualTo(500);
    }

    @Test
    void r_prog_2_reviewCountCountsPublishedReviews() {
        StoreCatalog catalog = catalog(active("rev", Metric.REVIEW_COUNT, 2));
        CustomerState c = customer();
        List<Outgoing> out = applyAll(catalog, c, review("r1", T0), review("r2", T0.plus(HOUR)));
        assertThat(value(c, "rev")).isEqualTo(2);
        assertThat(issuedTargets(out)).containsExactly(2L);
    }

    @Test
    void l_track_1_inactivityIsWholeCalendarDaysInTheStoreTimeZone() {
        StoreCatalog catalog = catalog(active("idle", Metric.INACTIVITY_DAYS, 1));
        ProgressEngine engine = new ProgressEngine(catalog, T0);
        // 23:30 Paris on 1 June = 21:30 UTC; 00:10 Paris on 2 June is one calendar day later, 40 minutes on
        Instant late = Instant.parse("2026-06-01T21:30:00Z");
        assertThat(engine.inactivityDays(late, Instant.parse("2026-06-01T22:10:00Z"))).isEqualTo(1);
        assertThat(engine.inactivityDays(late, Instant.parse("2026-06-01T21:59:00Z"))).isZero();
    }

    // ---- R-PROG-5: conditions

    @Test
    void r_prog_5_tagConditionsAnyAllNoneAsOfOccurredAt() {
        StoreCatalog catalog = catalog(
                program("any", 1, T0.minus(HOUR), Status.ACTIVE, Metric.ORDER_COUNT,
                        new Condition.Tags(Condition.TagMatch.ANY, Set.of("vip", "gold")), 100),
                program("all", 1, T0.minus(HOUR), Status.ACTIVE, Metric.ORDER_COUNT,
                        new Condition.Tags(Condition.TagMatch.ALL, Set.of("vip", "gold")), 100),
                program("none", 1, T0.minus(HOUR), Status.ACTIVE, Metric.ORDER_COUNT,
                        new Condition.Tags(Condition.TagMatch.NONE, Set.of("wholesale")), 100));
        CustomerState c = customer();
        applyAll(catalog, c, tags("t1", T0, "vip"), order("o1", 100, T0.plus(HOUR)),
                tags("t2", T0.plus(DAY), "vip", "gold", "wholesale"), order("o2", 100, T0.plus(DAY).plus(HOUR)),
                // arrives late but happened while the customer had only "vip"
                order("o3", 100, T0.plus(HOUR.multipliedBy(2))));
        assertThat(value(c, "any")).isEqualTo(3);
        assertThat(value(c, "all")).isEqualTo(1);
        assertThat(value(c, "none")).isEqualTo(2);
    }

    @Test
    void r_prog_5_tierInSetIsEvaluatedAsOfOccurredAt() {
        StoreCatalog catalog = catalog(program("gold", 1, T0.minus(HOUR), Status.ACTIVE, Metric.ORDER_COUNT,
                new Condition.TierIn(Set.of("gold")), 100));
        CustomerState c = customer();
        applyAll(catalog, c, order("o0", 100, T0), tier("c1", T0.plus(HOUR), "gold"), order("o1", 100, T0.plus(DAY)),
                tier("c2", T0.plus(DAY.multipliedBy(2)), ""), order("o2", 100, T0.plus(DAY.multipliedBy(3))),
                order("late", 100, T0.plus(DAY).plus(HOUR)));
        assertThat(value(c, "gold")).isEqualTo(2);
    }

    @Test
    void r_prog_5_minimumOrderAmountCountsOnlyOrdersAtLeastIt_andTheirRefundsOnly() {
        StoreCatalog catalog = catalog(program("min", 1, T0.minus(HOUR), Status.ACTIVE, Metric.AMOUNT_SPENT,
                new Condition.MinimumOrderAmount(5_000), 100_000));
        CustomerState c = customer();
        applyAll(catalog, c, order("small", 4_999, T0), order("big", 5_000, T0.plus(HOUR)),
                refund("small", "rs", 4_999, true, T0.plus(DAY)));
        assertThat(value(c, "min")).isEqualTo(5_000);
    }

    @Test
    void r_prog_5_allAnyNotCombine() {
        Condition vipNotWholesale = new Condition.AllOf(List.of(
                new Condition.AnyOf(List.of(new Condition.Tags(Condition.TagMatch.ANY, Set.of("vip")),
                        new Condition.TierIn(Set.of("gold")))),
                new Condition.Not(new Condition.Tags(Condition.TagMatch.ANY, Set.of("wholesale")))));
        assertThat(vipNotWholesale.matches(new CustomerFacts(Set.of("vip"), ""), null)).isTrue();
        assertThat(vipNotWholesale.matches(new CustomerFacts(Set.of(), "gold"), null)).isTrue();
        assertThat(vipNotWholesale.matches(new CustomerFacts(Set.of("vip", "wholesale"), ""), null)).isFalse();
        assertThat(vipNotWholesale.matches(CustomerFacts.none(), null)).isFalse();
    }

    // ---- R-PROG-TRACK-3/4: detection

    @Test
    void r_prog_track_3_eachMilestoneIsRewardedAtMostOncePerCustomer() {
        StoreCatalog catalog = catalog(active("p", Metric.ORDER_COUNT, 1, 2));
        CustomerState c = customer();
        List<Outgoing> out = applyAll(catalog, c, order("o1", 1, T0), order("o2", 1, T0.plus(HOUR)),
                order("o3", 1, T0.plus(HOUR.multipliedBy(2))));
        assertThat(issuedTargets(out)).containsExactly(1L, 2L);
    }

    @Test
    void r_prog_track_4_oneEventCrossingSeveralMilestonesRewardsEach() {
        StoreCatalog catalog = catalog(active("p", Metric.AMOUNT_SPENT, 1_000, 5_000, 10_000, 50_000));
        CustomerState c = customer();
        List<Outgoing> out = applyAll(catalog, c, order("big", 12_000, T0));
        assertThat(issuedTargets(out)).containsExactly(1_000L, 5_000L, 10_000L);
        assertThat(issued(out)).allSatisfy(r -> {
            assertThat(r.orderId()).isEqualTo("big");
            assertThat(r.triggerEventId()).isEqualTo("order-completed:big");
        });
    }

    @Test
    void r_prog_4_percentageRewardsCarryTheAmountOfTheOrderThatCrossed() {
        ProgramVersion percent = new ProgramVersion("p", 1, T0.minus(HOUR), T0.minus(HOUR), "", Status.ACTIVE, null,
                null, Metric.ORDER_COUNT, null, List.of(new Milestone(2, Reward.percentPoints(1_000))),
                ExpiryPolicy.storeDefault(), false);
        CustomerState c = customer();
        List<Outgoing> out = applyAll(catalog(percent), c, order("o1", 3_000, T0), order("o2", 7_500, T0.plus(HOUR)));
        assertThat(issued(out)).singleElement().satisfies(r -> {
            assertThat(r.orderAmount()).isEqualTo(Catalogs.usd(7_500));
            assertThat(r.reward().percentOfOrderBps()).isEqualTo(1_000);
            assertThat(r.expiry()).as("STORE_DEFAULT resolved with the store's settings").isEqualTo(ExpiryPolicy.afterDays(30));
        });
    }

    @Test
    void l_prog_2_aMilestoneAddedBelowTheValueIsReachedAtTheNextCountedEvent() {
        StoreCatalog catalog = catalog(
                program("p", 1, T0.minus(HOUR), Status.ACTIVE, Metric.ORDER_COUNT, null, 10),
                program("p", 2, T0.plus(DAY), Status.ACTIVE, Metric.ORDER_COUNT, null, 2, 10));
        CustomerState c = customer();
        applyAll(catalog, c, order("o1", 1, T0), order("o2", 1, T0.plus(HOUR)), order("o3", 1, T0.plus(HOUR.multipliedBy(2))));
        assertThat(c.programs().get("p").reached()).isEmpty();
        List<Outgoing> out = applyAll(catalog, c, order("o4", 1, T0.plus(DAY.multipliedBy(2))));
        assertThat(issuedTargets(out)).containsExactly(2L);
    }

    // ---- R-PROG-TRACK-5: refunds and cancellations

    @Test
    void r_prog_track_5_orderRefundReorderCannotFarmARewardHoweverManyCycles() {
        StoreCatalog catalog = catalog(active("p", Metric.ORDER_COUNT, 1), active("s", Metric.AMOUNT_SPENT, 10_000));
        CustomerState c = customer();
        List<Outgoing> out = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Instant at = T0.plus(DAY.multipliedBy(i));
            out.addAll(applyAll(catalog, c, order("o" + i, 10_000, at), refund("o" + i, "r" + i, 10_000, true, at.plus(HOUR))));
        }
        assertThat(issuedTargets(out)).containsExactly(1L, 10_000L);
        assertThat(value(c, "p")).isZero();
        assertThat(value(c, "s")).isZero();
        assertThat(c.programs().get("p").reached()).containsOnlyKeys(1L);
    }

    @Test
    void r_prog_track_5_partialRefundsAndOverRefundsNeverMoveBelowWhatTheOrderAdded() {
        StoreCatalog catalog = catalog(active("s", Metric.AMOUNT_SPENT, 1_000_000), active("n", Metric.ORDER_COUNT, 100));
        CustomerState c = customer();
        applyAll(catalog, c, order("keep", 5_000, T0), order("o", 3_000, T0.plus(HOUR)),
                refund("o", "r1", 1_000, false, T0.plus(DAY)), refund("o", "r2", 1_500, false, T0.plus(DAY)));
        assertThat(value(c, "s")).isEqualTo(5_500);
        assertThat(value(c, "n")).isEqualTo(2);
        applyAll(catalog, c, refund("o", "r3", 9_999, true, T0.plus(DAY.multipliedBy(2))),
                cancel("o", T0.plus(DAY.multipliedBy(3))));
        assertThat(value(c, "s")).as("never below what the other order added").isEqualTo(5_000);
        assertThat(value(c, "n")).as("a full refund and then a cancel take the order out once").isEqualTo(1);
    }

    @Test
    void r_prog_track_5_cancelTakesBackTheUnrefundedRemainderAndTheCount() {
        StoreCatalog catalog = catalog(active("s", Metric.AMOUNT_SPENT, 1_000_000), active("n", Metric.ORDER_COUNT, 100));
        CustomerState c = customer();
        List<Outgoing> out = applyAll(catalog, c, order("o", 3_000, T0), refund("o", "r1", 1_000, false, T0.plus(HOUR)),
                cancel("o", T0.plus(DAY)));
        assertThat(value(c, "s")).isZero();
        assertThat(value(c, "n")).isZero();
        assertThat(out).filteredOn(o -> o instanceof Outgoing.ReverseOrderEarning)
                .extracting(o -> ((Outgoing.ReverseOrderEarning) o).cancellation()).containsExactly(false, true);
    }

    @Test
    void r_prog_track_5_aClawBackProgramAsksToTakeBackRewardsNowAboveTheValue() {
        ProgramVersion clawBack = new ProgramVersion("p", 1, T0.minus(HOUR), T0.minus(HOUR), "", Status.ACTIVE, null, null,
                Metric.AMOUNT_SPENT, null, List.of(new Milestone(1_000, Reward.fixedPoints(10)),
                new Milestone(2_000, Reward.fixedPoints(20))), ExpiryPolicy.never(), true);
        CustomerState c = customer();
        List<Outgoing> out = applyAll(catalog(clawBack), c, order("o", 2_500, T0), refund("o", "r", 1_000, false, T0.plus(HOUR)));
        assertThat(out).filteredOn(o -> o instanceof Outgoing.ClawBackReward)
                .extracting(o -> ((Outgoing.ClawBackReward) o).target()).containsExactly(2_000L);
        assertThat(c.programs().get("p").reached()).as("stays reached").containsOnlyKeys(1_000L, 2_000L);

        CustomerState keep = customer();
        List<Outgoing> kept = applyAll(catalog(active("p", Metric.AMOUNT_SPENT, 1_000, 2_000)), keep,
                order("o", 2_500, T0), refund("o", "r", 1_000, false, T0.plus(HOUR)));
        assertThat(kept).noneMatch(o -> o instanceof Outgoing.ClawBackReward);
    }

    // ---- R-PROG-TRACK-2: any order

    @Test
    void r_prog_track_2_aRefundArrivingBeforeItsOrderEndsInTheSameStateAsInOrder() {
        StoreCatalog catalog = catalog(active("s", Metric.AMOUNT_SPENT, 1_000, 5_000), active("n", Metric.ORDER_COUNT, 1, 2));
        CustomerState inOrder = customer();
        List<Outgoing> a = applyAll(catalog, inOrder, order("o", 6_000, T0), refund("o", "r", 6_000, true, T0.plus(HOUR)));
        CustomerState reversed = customer();
        List<Outgoing> b = applyAll(catalog, reversed, refund("o", "r", 6_000, true, T0.plus(HOUR)), order("o", 6_000, T0));

        for (String p : List.of("s", "n")) {
            assertThat(value(reversed, p)).isEqualTo(value(inOrder, p));
            assertThat(reversed.programs().get(p).reached()).isEqualTo(inOrder.programs().get(p).reached());
        }
        assertThat(issuedTargets(b)).containsExactlyInAnyOrderElementsOf(issuedTargets(a));
    }

    @Test
    void l_track_7_aRefundHeldForItsOrderIsForwardedOnlyOnceTheOrderArrives() {
        StoreCatalog catalog = catalog(active("s", Metric.AMOUNT_SPENT, 1_000));
        CustomerState c = customer();
        assertThat(applyAll(catalog, c, refund("o", "r", 500, false, T0.plus(HOUR)))).as("held, forwarded nowhere").isEmpty();
        List<Outgoing> out = applyAll(catalog, c, order("o", 6_000, T0));
        assertThat(out).filteredOn(o -> o instanceof Outgoing.ReverseOrderEarning)
                .extracting(o -> ((Outgoing.ReverseOrderEarning) o).customerId()).containsExactly(Catalogs.CUSTOMER);
        assertThat(value(c, "s")).isEqualTo(5_500);
    }

    // ---- outgoing messages (R-PROG-TRACK-5 order facts, R-TIER-5 tags)

    @Test
    void orderFactsAndTagsAreForwardedToRewardAndTierService() {
        CustomerState c = customer();
        List<Outgoing> out = applyAll(catalog(), c, order("o", 2_000, T0), refund("o", "r", 500, false, T0.plus(HOUR)),
                cancel("o", T0.plus(DAY)), tags("u", T0, "vip"));
        assertThat(out).extracting(o -> o.getClass().getSimpleName()).containsExactly(
                "EarnForOrder", "QualifyingActivity", "ReverseOrderEarning", "QualifyingActivity",
                "ReverseOrderEarning", "QualifyingActivity", "CustomerTags");
    }

    // ---- inactivity (R-PROG-TRACK-3 spells)

    @Test
    void r_prog_track_3_inactivityIsRewardedOncePerSpellAndActivityStartsANewSpell() {
        StoreCatalog catalog = catalog(active("idle", Metric.INACTIVITY_DAYS, 10, 30));
        CustomerState c = customer();
        new ProgressEngine(catalog, T0).apply(c, activity("a1", T0));

        ProgressEngine day12 = new ProgressEngine(catalog, T0.plus(DAY.multipliedBy(12)));
        assertThat(issuedTargets(day12.inactivity(c, T0.plus(DAY.multipliedBy(12)), "scan"))).containsExactly(10L);
        assertThat(day12.inactivity(c, T0.plus(DAY.multipliedBy(12)), "scan")).as("once per spell").isEmpty();

        ProgressEngine day40 = new ProgressEngine(catalog, T0.plus(DAY.multipliedBy(40)));
        day40.apply(c, activity("a2", T0.plus(DAY.multipliedBy(40))));
        assertThat(c.programs().get("idle").reached()).as("the new spell starts empty").isEmpty();
        ProgressEngine day52 = new ProgressEngine(catalog, T0.plus(DAY.multipliedBy(52)));
        List<Outgoing> again = day52.inactivity(c, T0.plus(DAY.multipliedBy(52)), "scan");
        assertThat(issued(again)).singleElement().satisfies(r -> {
            assertThat(r.target()).isEqualTo(10);
            assertThat(r.spellStart()).isEqualTo(T0.plus(DAY.multipliedBy(40)));
        });
    }

    @Test
    void r_prog_track_3_activityFirstRewardsWhatTheEndingSpellReached_catchingUpAfterDowntime() {
        StoreCatalog catalog = catalog(active("idle", Metric.INACTIVITY_DAYS, 10, 30));
        CustomerState c = customer();
        new ProgressEngine(catalog, T0).apply(c, activity("a1", T0));
        // no scan ran for 35 days; the next activity arrives
        Instant back = T0.plus(DAY.multipliedBy(35));
        List<Outgoing> out = new ProgressEngine(catalog, back).apply(c, activity("a2", back));
        assertThat(issued(out)).extracting(Outgoing.IssueReward::target).containsExactly(10L, 30L);
        assertThat(issued(out)).allSatisfy(r -> assertThat(r.spellStart()).isEqualTo(T0));
        assertThat(issued(out).get(0).occurredAt()).as("midnight Paris of the 10th day")
                .isEqualTo(Instant.parse("2026-06-10T22:00:00Z"));
    }

    @Test
    void l_track_14_anInactivityTargetBeyondWhatADateHoldsIsNeverReachedAndFailsNothing() {
        StoreCatalog catalog = catalog(active("idle", Metric.INACTIVITY_DAYS, 10, 1_000_000_000_000L));
        CustomerState c = customer();
        new ProgressEngine(catalog, T0).apply(c, activity("a1", T0));
        Instant day12 = T0.plus(DAY.multipliedBy(12));
        assertThat(issuedTargets(new ProgressEngine(catalog, day12).inactivity(c, day12, "scan"))).containsExactly(10L);
        Instant day40 = T0.plus(DAY.multipliedBy(40));
        assertThat(issued(new ProgressEngine(catalog, day40).apply(c, activity("a2", day40)))).isEmpty();
        assertThat(c.programs().get("idle").reached()).as("the new spell").isEmpty();
    }

    @Test
    void amountsNearTheInt64LimitSaturateInsteadOfFailing() {
        StoreCatalog catalog = catalog(active("s", Metric.AMOUNT_SPENT, Long.MAX_VALUE));
        CustomerState c = customer();
        applyAll(catalog, c, order("a", Long.MAX_VALUE - 1, T0), order("b", Long.MAX_VALUE - 1, T0.plus(HOUR)));
        assertThat(value(c, "s")).isEqualTo(Long.MAX_VALUE);
    }
}
