package io.laurel.tier.domain;

import static io.laurel.tier.domain.QualifyingActivity.orderCancelled;
import static io.laurel.tier.domain.QualifyingActivity.orderCompleted;
import static io.laurel.tier.domain.QualifyingActivity.orderRefunded;
import static io.laurel.tier.domain.QualifyingActivity.pointsEarned;
import static io.laurel.tier.domain.QualifyingActivity.pointsReversed;
import static org.assertj.core.api.Assertions.assertThat;

import io.laurel.tier.domain.ComputedTierRules.Computed;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Windows, upgrades, period-end downgrades and the refund undo of computed tiers (R-TIER-2..4). */
class ComputedTierRulesTest {

    private static final ZoneId UTC = ZoneId.of("UTC");
    private static final ZoneId KIRITIMATI = ZoneId.of("Pacific/Kiritimati"); // UTC+14
    private static final ZoneId PAGO_PAGO = ZoneId.of("Pacific/Pago_Pago");   // UTC-11
    private static final TierProgram LIFETIME = Programs.spent(TierProgram.Window.LIFETIME);
    private static final TierProgram YEAR = Programs.spent(TierProgram.Window.CALENDAR_YEAR);
    private static final TierProgram ROLLING = Programs.spent(TierProgram.Window.ROLLING_365_DAYS_FROM_UPGRADE);

    private static Instant t(String iso) {
        return Instant.parse(iso);
    }

    private static Computed replay(TierProgram p, ZoneId zone, Instant now, QualifyingActivity... a) {
        return ComputedTierRules.replay(p, zone, List.of(a), now);
    }

    @Test
    void r_tier_4_aThresholdIsInclusiveAndAnUpgradeHappensAtTheActivityThatReachesIt() {
        Computed c = replay(LIFETIME, UTC, t("2026-06-01T00:00:00Z"),
                orderCompleted("a1", t("2026-03-01T10:00:00Z"), "o1", 600),
                orderCompleted("a2", t("2026-03-02T10:00:00Z"), "o2", 400));

        assertThat(c.tierId()).isEqualTo("silver");
        assertThat(c.since()).isEqualTo(t("2026-03-02T10:00:00Z"));
        assertThat(c.lastCause()).isEqualTo(TierChangeCause.UPGRADE);
        assertThat(c.lastOrderId()).isEqualTo("o2");
        assertThat(replay(LIFETIME, UTC, t("2026-06-01T00:00:00Z"),
                orderCompleted("a1", t("2026-03-01T10:00:00Z"), "o1", 999)).tierId()).isNull();
    }

    @Test
    void r_tier_4_oneActivityCanUpgradeOverSeveralTiersAndR_TIER_2_eachSkippedTierIsReached() {
        Computed c = replay(LIFETIME, UTC, t("2026-06-01T00:00:00Z"),
                orderCompleted("a1", t("2026-03-01T10:00:00Z"), "o1", 25_000));

        assertThat(c.tierId()).isEqualTo("platinum");
        assertThat(c.tiersReached()).containsExactlyInAnyOrder("silver", "gold", "platinum");
    }

    @Test
    void r_tier_3_lifetimeNeverExpires() {
        Computed c = replay(LIFETIME, UTC, t("2040-01-01T00:00:00Z"),
                orderCompleted("a1", t("2026-03-01T10:00:00Z"), "o1", 5000));

        assertThat(c.tierId()).isEqualTo("gold");
        assertThat(c.periodEnd()).isNull();
        assertThat(c.value()).isEqualTo(5000);
    }

    @Test
    void r_tier_3_aTierReachedInYearNHoldsThroughTheEndOfYearNPlus1() {
        QualifyingActivity gold = orderCompleted("a1", t("2026-03-01T10:00:00Z"), "o1", 5000);

        Computed lastInstantOf2027 = replay(YEAR, UTC, t("2027-12-31T23:59:59Z"), gold);
        assertThat(lastInstantOf2027.tierId()).isEqualTo("gold");
        assertThat(lastInstantOf2027.value()).isZero();
        assertThat(lastInstantOf2027.periodEnd()).isEqualTo(t("2028-01-01T00:00:00Z"));

        Computed newYear2028 = replay(YEAR, UTC, t("2028-01-01T00:00:00Z"), gold);
        assertThat(newYear2028.tierId()).isNull();
        assertThat(newYear2028.lastCause()).isEqualTo(TierChangeCause.DOWNGRADE_WINDOW_END);
        assertThat(newYear2028.lastChangeTime()).isEqualTo(t("2028-01-01T00:00:00Z"));
    }

    @Test
    void r_tier_3_theCalendarYearEndsAtLocalMidnightInZonesFarFromUtc() {
        // UTC+14: local 1 Jan 2028 00:00 is 31 Dec 2027 10:00 UTC
        QualifyingActivity gold = orderCompleted("a1", t("2026-03-01T10:00:00Z"), "o1", 5000);
        assertThat(replay(YEAR, KIRITIMATI, t("2027-12-31T09:59:59Z"), gold).tierId()).isEqualTo("gold");
        assertThat(replay(YEAR, KIRITIMATI, t("2027-12-31T10:00:00Z"), gold).tierId()).isNull();

        // UTC-11: local 1 Jan 2028 00:00 is 1 Jan 2028 11:00 UTC
        assertThat(replay(YEAR, PAGO_PAGO, t("2028-01-01T10:59:59Z"), gold).tierId()).isEqualTo("gold");
        assertThat(replay(YEAR, PAGO_PAGO, t("2028-01-01T11:00:00Z"), gold).tierId()).isNull();
    }

    @Test
    void r_tier_3_anActivityCountsInTheLocalYearItHappenedIn() {
        // 31 Dec 2026 20:00 UTC is already 1 Jan 2027 in Kiritimati: it counts in 2027, not 2026
        Computed c = replay(YEAR, KIRITIMATI, t("2027-06-01T00:00:00Z"),
                orderCompleted("a1", t("2026-12-31T20:00:00Z"), "o1", 700),
                orderCompleted("a2", t("2027-02-01T00:00:00Z"), "o2", 300));
        assertThat(c.tierId()).isEqualTo("silver");
        assertThat(c.value()).isEqualTo(1000);
        assertThat(c.periodStart()).isEqualTo(t("2026-12-31T10:00:00Z"));
    }

    @Test
    void r_tier_4_atAPeriodEndTheDowngradeGoesToTheTierTheValueSupportsNotOneStep() {
        // platinum in 2026; in 2027 only 1200 spent: at the end of 2027 → silver, skipping gold
        Computed c = replay(YEAR, UTC, t("2028-01-01T00:00:00Z"),
                orderCompleted("a1", t("2026-03-01T10:00:00Z"), "o1", 20_000),
                orderCompleted("a2", t("2027-03-01T10:00:00Z"), "o2", 1200));
        assertThat(c.tierId()).isEqualTo("silver");
        assertThat(c.lastCause()).isEqualTo(TierChangeCause.DOWNGRADE_WINDOW_END);
    }

    @Test
    void r_tier_4_spendingOrLosingValueMidPeriodNeverDowngrades() {
        Computed c = replay(YEAR, UTC, t("2026-12-31T00:00:00Z"),
                orderCompleted("a1", t("2026-03-01T10:00:00Z"), "o1", 5000),
                orderCompleted("a2", t("2026-04-01T10:00:00Z"), "o2", 100),
                orderRefunded("a3", t("2026-05-01T10:00:00Z"), "o2", 100),
                pointsReversed("a4", t("2026-05-02T10:00:00Z"), null, 999)); // a points kind: not this criterion
        assertThat(c.tierId()).isEqualTo("gold");
        assertThat(c.value()).isEqualTo(5000);
    }

    @Test
    void r_tier_3_rollingCounterRestartsAtEachUpgradeAndThePeriodRunsThroughThe365thDay() {
        Instant upgrade = t("2026-03-01T10:00:00Z");
        Computed c = replay(ROLLING, UTC, t("2026-06-01T00:00:00Z"),
                orderCompleted("a1", upgrade, "o1", 5200),
                orderCompleted("a2", t("2026-04-01T10:00:00Z"), "o2", 300));
        assertThat(c.tierId()).isEqualTo("gold");
        assertThat(c.value()).isEqualTo(300); // the 5200 that reached gold does not carry over
        assertThat(c.periodStart()).isEqualTo(upgrade);
        // through the end of the 365th calendar day after 1 Mar 2026, i.e. until 2 Mar 2027 00:00 (L-TIER-2)
        assertThat(c.periodEnd()).isEqualTo(t("2027-03-02T00:00:00Z"));
    }

    @Test
    void r_tier_3_atTheEndOf365DaysTheCustomerKeepsTheTierTheCounterSupportsAndANewPeriodStarts() {
        QualifyingActivity gold = orderCompleted("a1", t("2026-03-01T10:00:00Z"), "o1", 5000);
        QualifyingActivity again = orderCompleted("a2", t("2026-09-01T10:00:00Z"), "o2", 1500);

        Computed before = replay(ROLLING, UTC, t("2027-03-01T23:59:59Z"), gold, again);
        assertThat(before.tierId()).isEqualTo("gold");
        Computed after = replay(ROLLING, UTC, t("2027-03-02T00:00:00Z"), gold, again);
        assertThat(after.tierId()).isEqualTo("silver");
        assertThat(after.value()).isZero();
        assertThat(after.periodStart()).isEqualTo(t("2027-03-02T00:00:00Z"));
        assertThat(after.periodEnd()).isEqualTo(t("2028-03-02T00:00:00Z"));
    }

    @Test
    void r_tier_3_rollingPeriodEndsAtLocalMidnightInTheStoreZone() {
        // upgrade on 1 Mar 2026 local (UTC+14) = 28 Feb 2026 12:00 UTC; ends at local 2 Mar 2027 00:00
        Computed c = replay(ROLLING, KIRITIMATI, t("2026-06-01T00:00:00Z"),
                orderCompleted("a1", t("2026-02-28T12:00:00Z"), "o1", 5000));
        assertThat(c.periodEnd()).isEqualTo(t("2027-03-01T10:00:00Z"));
    }

    @Test
    void r_tier_4_refundOfTheOrderThatCausedTheUpgradeUndoesItAtOnce() {
        Computed c = replay(YEAR, UTC, t("2026-06-01T00:00:00Z"),
                orderCompleted("a1", t("2026-03-01T10:00:00Z"), "o1", 1200),
                orderCompleted("a2", t("2026-03-05T10:00:00Z"), "o2", 4000),
                orderRefunded("a3", t("2026-03-10T10:00:00Z"), "o2", 1000));
        assertThat(c.tierId()).isEqualTo("silver");
        assertThat(c.since()).isEqualTo(t("2026-03-01T10:00:00Z")); // back to the tier held before, since then
        assertThat(c.lastCause()).isEqualTo(TierChangeCause.REFUND_UNDO);
        assertThat(c.lastActivityId()).isEqualTo("a3");
        assertThat(c.value()).isEqualTo(4200);
    }

    @Test
    void r_tier_4_aRefundThatLeavesTheCustomerQualifyingUndoesNothing() {
        Computed c = replay(LIFETIME, UTC, t("2026-06-01T00:00:00Z"),
                orderCompleted("a1", t("2026-03-01T10:00:00Z"), "o1", 5500),
                orderRefunded("a2", t("2026-03-10T10:00:00Z"), "o1", 500));
        assertThat(c.tierId()).isEqualTo("gold");
        assertThat(c.lastCause()).isEqualTo(TierChangeCause.UPGRADE);
    }

    @Test
    void r_tier_4_refundOfAnOrderThatDidNotCauseTheUpgradeWaitsForThePeriodEnd() {
        Computed c = replay(YEAR, UTC, t("2026-06-01T00:00:00Z"),
                orderCompleted("a1", t("2026-03-01T10:00:00Z"), "o1", 3000),
                orderCompleted("a2", t("2026-03-05T10:00:00Z"), "o2", 2000),
                orderRefunded("a3", t("2026-03-10T10:00:00Z"), "o1", 3000));
        assertThat(c.tierId()).isEqualTo("gold");
        assertThat(replay(YEAR, UTC, t("2027-01-01T00:00:00Z"),
                orderCompleted("a1", t("2026-03-01T10:00:00Z"), "o1", 3000),
                orderCompleted("a2", t("2026-03-05T10:00:00Z"), "o2", 2000),
                orderRefunded("a3", t("2026-03-10T10:00:00Z"), "o1", 3000)).tierId()).isEqualTo("silver");
    }

    @Test
    void r_tier_4_cancellingTheUpgradeOrderUndoesAJumpOverSeveralTiers() {
        Computed c = replay(LIFETIME, UTC, t("2026-06-01T00:00:00Z"),
                orderCompleted("a1", t("2026-03-01T10:00:00Z"), "o1", 1000),
                orderCompleted("a2", t("2026-03-05T10:00:00Z"), "o2", 20_000),
                orderCancelled("a3", t("2026-03-06T10:00:00Z"), "o2"));
        assertThat(c.tierId()).isEqualTo("silver");
        assertThat(c.value()).isEqualTo(1000);
    }

    @Test
    void r_tier_4_aDecemberUpgradeRefundedInJanuaryIsStillUndone() {
        Computed c = replay(YEAR, UTC, t("2027-06-01T00:00:00Z"),
                orderCompleted("a1", t("2026-12-20T10:00:00Z"), "o1", 5000),
                orderRefunded("a2", t("2027-01-05T10:00:00Z"), "o1", 5000));
        assertThat(c.tierId()).isNull();
        assertThat(c.lastCause()).isEqualTo(TierChangeCause.REFUND_UNDO);
    }

    @Test
    void r_tier_4_rollingRefundUndoRestoresThePeriodAndCounterBeforeTheUpgrade() {
        Computed c = replay(ROLLING, UTC, t("2026-06-01T00:00:00Z"),
                orderCompleted("a1", t("2026-01-10T10:00:00Z"), "o1", 900),
                orderCompleted("a2", t("2026-03-01T10:00:00Z"), "o2", 4500),
                orderRefunded("a3", t("2026-03-02T10:00:00Z"), "o2", 4000));
        // gold was reached with 5400 and the counter restarted; the refund leaves 1400: silver, old period
        assertThat(c.tierId()).isEqualTo("silver");
        assertThat(c.value()).isEqualTo(1400);
        assertThat(c.periodStart()).isEqualTo(t("2026-01-10T10:00:00Z"));
    }

    @Test
    void r_tier_4_pointsReversalOfTheUpgradeOrderUndoesAPointsUpgrade() {
        TierProgram points = Programs.points();
        Computed c = replay(points, UTC, t("2026-06-01T00:00:00Z"),
                pointsEarned("p1", t("2026-03-01T10:00:00Z"), "o1", 800),
                pointsEarned("p2", t("2026-03-02T10:00:00Z"), "o2", 300),
                pointsReversed("p3", t("2026-03-03T10:00:00Z"), "o2", 300));
        assertThat(c.tierId()).isNull();
        assertThat(c.value()).isEqualTo(800);
    }

    @Test
    void r_tier_3_activityInAnyArrivalOrderGivesTheSameResult() {
        List<QualifyingActivity> activity = new ArrayList<>(List.of(
                orderCompleted("a1", t("2026-01-10T10:00:00Z"), "o1", 1000),
                orderCompleted("a2", t("2026-03-01T10:00:00Z"), "o2", 4000),
                orderRefunded("a3", t("2026-03-02T10:00:00Z"), "o2", 2500),
                orderCompleted("a4", t("2026-08-01T10:00:00Z"), "o3", 21_000),
                orderCancelled("a5", t("2026-09-01T10:00:00Z"), "o1"),
                orderCompleted("a6", t("2027-02-01T10:00:00Z"), "o4", 6000)));
        for (TierProgram p : List.of(LIFETIME, YEAR, ROLLING)) {
            Computed inOrder = ComputedTierRules.replay(p, KIRITIMATI, activity, t("2028-06-01T00:00:00Z"));
            Random random = new Random(7);
            for (int i = 0; i < 20; i++) {
                List<QualifyingActivity> shuffled = new ArrayList<>(activity);
                Collections.shuffle(shuffled, random);
                assertThat(ComputedTierRules.replay(p, KIRITIMATI, shuffled, t("2028-06-01T00:00:00Z")))
                        .isEqualTo(inOrder);
            }
        }
    }
}
