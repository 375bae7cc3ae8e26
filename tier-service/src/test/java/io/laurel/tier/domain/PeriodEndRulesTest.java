package io.laurel.tier.domain;

import static io.laurel.tier.domain.QualifyingActivity.orderCompleted;
import static io.laurel.tier.domain.QualifyingActivity.orderRefunded;
import static org.assertj.core.api.Assertions.assertThat;

import io.laurel.platform.common.Actor;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** Period ends booked from the held state (the job, reads) and activity applied to it (R-TIER-2..4, R-TIER-7). */
class PeriodEndRulesTest {

    private static final ZoneId PARIS = ZoneId.of("Europe/Paris");
    private static final TierProgram YEAR = Programs.spent(TierProgram.Window.CALENDAR_YEAR);
    private final AtomicInteger n = new AtomicInteger();
    private final Supplier<String> ids = () -> "c" + n.incrementAndGet();

    private ActivityRules.Applied apply(CustomerTierState held, TierProgram p, Instant now, QualifyingActivity... a) {
        return ActivityRules.apply(held, p, PARIS, List.of(a), now, ids);
    }

    @Test
    void r_tier_4_theHeldStateIsDowngradedAtThePeriodEndToWhatTheValueSupports() {
        QualifyingActivity gold = orderCompleted("a1", Instant.parse("2026-03-01T10:00:00Z"), "o1", 5000);
        CustomerTierState held = apply(Programs.fresh(YEAR), YEAR, Instant.parse("2026-03-02T00:00:00Z"), gold)
                .transition().state();
        Instant endOf2027 = Instant.parse("2027-12-31T23:00:00Z"); // local midnight in Paris

        Transition before = PeriodEndRules.settle(held, YEAR, PARIS, endOf2027.minusSeconds(1), ids);
        assertThat(before.state().computedTierId()).isEqualTo("gold");
        assertThat(before.changes()).isEmpty();
        assertThat(before.state().periodEndTime()).isEqualTo(endOf2027);

        Transition after = PeriodEndRules.settle(held, YEAR, PARIS, endOf2027, ids);
        assertThat(after.state().computedTierId()).isNull();
        assertThat(after.changes()).singleElement().satisfies(c -> {
            assertThat(c.cause()).isEqualTo(TierChangeCause.DOWNGRADE_WINDOW_END);
            assertThat(c.effectiveTime()).isEqualTo(endOf2027);
            assertThat(c.fromTierId()).isEqualTo("gold");
        });
    }

    @Test
    void r_tier_3_periodEndsMissedDuringDowntimeAreAllBookedWithTheirOwnTimes() {
        QualifyingActivity a = orderCompleted("a1", Instant.parse("2026-03-01T10:00:00Z"), "o1", 20_000);
        QualifyingActivity b = orderCompleted("a2", Instant.parse("2027-03-01T10:00:00Z"), "o2", 5000);
        CustomerTierState held = apply(Programs.fresh(YEAR), YEAR, Instant.parse("2027-03-02T00:00:00Z"), a, b)
                .transition().state();

        Transition t = PeriodEndRules.settle(held, YEAR, PARIS, Instant.parse("2029-06-01T00:00:00Z"), ids);
        assertThat(t.changes()).extracting(TierChange::toTierId).containsExactly("gold", null);
        assertThat(t.changes()).extracting(TierChange::effectiveTime)
                .containsExactly(Instant.parse("2027-12-31T23:00:00Z"), Instant.parse("2028-12-31T23:00:00Z"));
        // the state the job books equals what a replay of the same activity gives
        ComputedTierRules.Computed replayed = ComputedTierRules.replay(YEAR, PARIS, List.of(a, b),
                Instant.parse("2029-06-01T00:00:00Z"));
        assertThat(t.state().computedTierId()).isEqualTo(replayed.tierId());
        assertThat(t.state().periodEndTime()).isEqualTo(replayed.periodEnd());
    }

    @Test
    void r_tier_6_aManualAssignmentOverridesAComputedDowngradeWhichIsRecordedAsOverridden() {
        CustomerTierState held = apply(Programs.fresh(YEAR), YEAR, Instant.parse("2026-03-02T00:00:00Z"),
                orderCompleted("a1", Instant.parse("2026-03-01T10:00:00Z"), "o1", 5000)).transition().state();
        CustomerTierState manual = ManualTierRules.assign(held, YEAR, "platinum", "vip", new Actor(Actor.Kind.MERCHANT_STAFF,
                "s1", ""), null, Instant.parse("2026-04-01T00:00:00Z"), ids).state();

        Transition t = PeriodEndRules.settle(manual, YEAR, PARIS, Instant.parse("2028-01-01T00:00:00Z"), ids);
        assertThat(t.state().effectiveTierId()).isEqualTo("platinum");
        assertThat(t.changes()).singleElement().satisfies(c -> {
            assertThat(c.overridden()).isTrue();
            assertThat(c.changesEffectiveTier()).isFalse();
        });
    }

    @Test
    void r_tier_4_anActivityUpgradeIsRecordedWithItsOrderAndR_TIER_2_theTiersItEntered() {
        ActivityRules.Applied a = apply(Programs.fresh(YEAR), YEAR, Instant.parse("2026-03-02T00:00:00Z"),
                orderCompleted("a1", Instant.parse("2026-03-01T10:00:00Z"), "o1", 25_000));
        assertThat(a.tiersReached()).containsExactly("silver", "gold", "platinum");
        assertThat(a.transition().changes()).singleElement().satisfies(c -> {
            assertThat(c.cause()).isEqualTo(TierChangeCause.UPGRADE);
            assertThat(c.fromTierId()).isNull();
            assertThat(c.toTierId()).isEqualTo("platinum");
            assertThat(c.orderId()).isEqualTo("o1");
            assertThat(c.triggerActivityId()).isEqualTo("a1");
            assertThat(c.effectiveTime()).isEqualTo(Instant.parse("2026-03-01T10:00:00Z"));
        });
    }

    @Test
    void r_tier_4_aRefundUndoIsRecordedAsSuch() {
        QualifyingActivity order = orderCompleted("a1", Instant.parse("2026-03-01T10:00:00Z"), "o1", 5000);
        QualifyingActivity refund = orderRefunded("a2", Instant.parse("2026-03-03T10:00:00Z"), "o1", 5000);
        CustomerTierState gold = apply(Programs.fresh(YEAR), YEAR, Instant.parse("2026-03-02T00:00:00Z"), order)
                .transition().state();
        Transition t = apply(gold, YEAR, Instant.parse("2026-03-04T00:00:00Z"), order, refund).transition();
        assertThat(t.state().computedTierId()).isNull();
        assertThat(t.changes()).singleElement().satisfies(c -> {
            assertThat(c.cause()).isEqualTo(TierChangeCause.REFUND_UNDO);
            assertThat(c.orderId()).isEqualTo("o1");
        });
    }

    @Test
    void r_tier_7_raisedThresholdsDowngradeNoOneMidPeriodAndLoweredOnesUpgradeAtOnce() {
        CustomerTierState gold = apply(Programs.fresh(YEAR), YEAR, Instant.parse("2026-03-02T00:00:00Z"),
                orderCompleted("a1", Instant.parse("2026-03-01T10:00:00Z"), "o1", 5000)).transition().state();
        TierProgram raised = new TierProgram("prog-1", "store-1", 4, TierProgram.Status.ACTIVE,
                TierProgram.Criterion.AMOUNT_SPENT, TierProgram.Window.CALENDAR_YEAR,
                List.of(Programs.tier("silver", 1000, 12_500), Programs.tier("gold", 8000, 15_000),
                        Programs.tier("platinum", 20_000, 20_000)), Programs.UPDATED);
        Instant now = Instant.parse("2026-04-01T00:00:00Z");
        List<QualifyingActivity> activity = List.of(
                orderCompleted("a1", Instant.parse("2026-03-01T10:00:00Z"), "o1", 5000));
        assertThat(ThresholdChangeRules.apply(gold, raised, PARIS, activity, now, ids).transition().changes()).isEmpty();
        // an unrelated activity under the raised thresholds does not downgrade either
        assertThat(apply(gold, raised, now, orderCompleted("a1", Instant.parse("2026-03-01T10:00:00Z"), "o1", 5000),
                orderCompleted("a2", Instant.parse("2026-03-20T10:00:00Z"), "o2", 10)).transition().state()
                .computedTierId()).isEqualTo("gold");

        TierProgram lowered = new TierProgram("prog-1", "store-1", 5, TierProgram.Status.ACTIVE,
                TierProgram.Criterion.AMOUNT_SPENT, TierProgram.Window.CALENDAR_YEAR,
                List.of(Programs.tier("silver", 1000, 12_500), Programs.tier("gold", 2000, 15_000),
                        Programs.tier("platinum", 5000, 20_000)), Programs.UPDATED);
        ActivityRules.Applied up = ThresholdChangeRules.apply(gold, lowered, PARIS, activity, now, ids);
        assertThat(up.transition().state().computedTierId()).isEqualTo("platinum");
        assertThat(up.tiersReached()).contains("platinum");
        assertThat(up.transition().changes()).singleElement()
                .satisfies(c -> assertThat(c.cause()).isEqualTo(TierChangeCause.THRESHOLD_CHANGE));
    }

    @Test
    void l_tier_11_anUpgradeIsNeverEffectiveBeforeTheVersionItIsComputedUnder() {
        CustomerTierState gold = apply(Programs.fresh(YEAR), YEAR, Instant.parse("2026-03-02T00:00:00Z"),
                orderCompleted("a1", Instant.parse("2026-03-01T10:00:00Z"), "o1", 5000)).transition().state();
        Instant lowered = Instant.parse("2026-04-01T00:00:00Z");
        TierProgram v5 = new TierProgram("prog-1", "store-1", 5, TierProgram.Status.ACTIVE,
                TierProgram.Criterion.AMOUNT_SPENT, TierProgram.Window.CALENDAR_YEAR,
                List.of(Programs.tier("silver", 1000, 12_500), Programs.tier("gold", 2000, 15_000),
                        Programs.tier("platinum", 5000, 20_000)), lowered);
        List<QualifyingActivity> activity = List.of(
                orderCompleted("a1", Instant.parse("2026-03-01T10:00:00Z"), "o1", 5000));

        TierChange up = ThresholdChangeRules.apply(gold, v5, PARIS, activity, lowered.plusSeconds(5), ids)
                .transition().changes().get(0);
        assertThat(up.toTierId()).isEqualTo("platinum");
        assertThat(up.effectiveTime()).as("platinum at 5000 did not exist on 1 March").isEqualTo(lowered);

        TierChange behind = ThresholdChangeRules.apply(gold, v5, PARIS, activity, lowered.minusSeconds(5), ids)
                .transition().changes().get(0);
        assertThat(behind.effectiveTime()).as("a clock behind program-service's").isEqualTo(lowered.minusSeconds(5));
    }
}
