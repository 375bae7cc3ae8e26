package io.laurel.tier.domain;

import static io.laurel.tier.domain.Programs.computed;
import static io.laurel.tier.domain.Programs.points;
import static io.laurel.tier.domain.Programs.pointsWithBronze;
import static io.laurel.tier.domain.Programs.tags;
import static org.assertj.core.api.Assertions.assertThat;

import io.laurel.platform.common.Actor;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a customer's tier looks like at an instant (R-TIER-2, R-TIER-4, R-TIER-5, R-TIER-6). */
class CustomerTierViewTest {

    private static final Instant SINCE = Instant.parse("2026-01-10T08:00:00Z");
    private static final Instant NOW = Instant.parse("2026-02-01T12:00:00Z");
    private static final Actor JANE = new Actor(Actor.Kind.MERCHANT_STAFF, "staff-7", "Jane");

    private static CustomerTierState withManual(CustomerTierState s, String tier, Instant end) {
        return s.withManual(new ManualAssignment(tier, "because", JANE, NOW, end), NOW);
    }

    @Test
    void r_tier_6_theManualTierIsShownWithItsPerksOverTheComputedOne() {
        CustomerTierView v = CustomerTierView.of("store-1", "cust-1",
                withManual(computed("silver", 1200, SINCE), "gold", null), points(), NOW);

        assertThat(v.tierId()).isEqualTo("gold");
        assertThat(v.tierName()).isEqualTo("Gold");
        assertThat(v.earningMultiplierBps()).isEqualTo(15_000);
        assertThat(v.benefits()).containsExactly("Free shipping");
        assertThat(v.source()).isEqualTo(TierSource.MANUAL);
        assertThat(v.computedTierId()).isEqualTo("silver");
        assertThat(v.tierSince()).isEqualTo(NOW);
        assertThat(v.manualAssignment().tierId()).isEqualTo("gold");
        assertThat(v.tierProgramId()).isEqualTo("prog-1");
        assertThat(v.tierProgramVersion()).isEqualTo(3);
    }

    @Test
    void r_tier_6_anAssignmentPastItsEndTimeIsLeftOutAtReadTime() {
        Instant end = NOW.plus(Duration.ofDays(7));
        CustomerTierState held = withManual(computed("silver", 1200, SINCE), "gold", end);

        CustomerTierView before = CustomerTierView.of("store-1", "cust-1", held, points(), end.minusSeconds(1));
        CustomerTierView at = CustomerTierView.of("store-1", "cust-1", held, points(), end);

        assertThat(before.tierId()).isEqualTo("gold");
        assertThat(before.manualAssignment().endTime()).isEqualTo(end);
        assertThat(at.tierId()).isEqualTo("silver");
        assertThat(at.source()).isEqualTo(TierSource.COMPUTED);
        assertThat(at.manualAssignment()).isNull();
        assertThat(at.tierSince()).isEqualTo(end);
        assertThat(at.earningMultiplierBps()).isEqualTo(12_500);
    }

    @Test
    void r_tier_6_aNeverSeenCustomerWithoutAZeroThresholdTierHasNoTier() {
        CustomerTierView v = CustomerTierView.of("store-1", "new", null, points(), NOW);

        assertThat(v.tierId()).isNull();
        assertThat(v.source()).isNull();
        assertThat(v.earningMultiplierBps()).isEqualTo(10_000);
        assertThat(v.benefits()).isEmpty();
        assertThat(v.tierSince()).isNull();
        assertThat(v.tierProgramId()).isEqualTo("prog-1");
    }

    @Test
    void r_tier_4_aNeverSeenCustomerIsInTheZeroThresholdTierThresholdsBeingInclusive() {
        CustomerTierView v = CustomerTierView.of("store-1", "new", null, pointsWithBronze(), NOW);

        assertThat(v.tierId()).isEqualTo("bronze");
        assertThat(v.computedTierId()).isEqualTo("bronze");
        assertThat(v.source()).isEqualTo(TierSource.COMPUTED);
        assertThat(v.nextTier().tierId()).isEqualTo("silver");
    }

    @Test
    void r_tier_2_theNextTierShowsTheDistanceAndTheShareDoneRoundedDown() {
        CustomerTierView v = CustomerTierView.of("store-1", "cust-1", computed("silver", 1234, SINCE), points(), NOW);

        assertThat(v.nextTier()).isEqualTo(new CustomerTierView.NextTier("gold", "Gold", 5000, 3766, 2468));
    }

    @Test
    void r_tier_2_theNextTierIsMeasuredFromTheComputedTierEvenUnderAManualOne() {
        CustomerTierView v = CustomerTierView.of("store-1", "cust-1",
                withManual(computed(null, 999, null), "platinum", null), points(), NOW);

        assertThat(v.nextTier().tierId()).isEqualTo("silver");
        assertThat(v.nextTier().remaining()).isEqualTo(1);
        assertThat(v.nextTier().percentCompleteBps()).isEqualTo(9990);
    }

    @Test
    void r_tier_2_theTopTierHasNoNextTier() {
        CustomerTierView v = CustomerTierView.of("store-1", "cust-1", computed("platinum", 25_000, SINCE), points(), NOW);

        assertThat(v.nextTier()).isNull();
        assertThat(v.benefits()).containsExactly("Free shipping", "Early access");
    }

    @Test
    void r_tier_5_tagProgramsHaveNoZeroThresholdTierAndNoNextTier() {
        CustomerTierView v = CustomerTierView.of("store-1", "new", null, tags(), NOW);

        assertThat(v.tierId()).isNull();
        assertThat(v.nextTier()).isNull();
    }

    @Test
    void r_tier_1_withoutAnActiveProgramNobodyHasATier() {
        CustomerTierView v = CustomerTierView.of("store-1", "cust-1",
                withManual(computed("silver", 1200, SINCE), "gold", null), null, NOW);

        assertThat(v.tierProgramId()).isNull();
        assertThat(v.tierId()).isNull();
        assertThat(v.earningMultiplierBps()).isEqualTo(10_000);
        assertThat(v.manualAssignment()).isNull();
    }

    @Test
    void r_tier_1_aStateOfAnotherProgramPlacesNobodyInTheActiveOne() {
        CustomerTierState old = new CustomerTierState("store-1", "cust-1", "archived-prog", "gold",
                TierSource.COMPUTED, SINCE, 9000, null, null, null, SINCE, null);

        CustomerTierView v = CustomerTierView.of("store-1", "cust-1", old, points(), NOW);

        assertThat(v.tierId()).isNull();
        assertThat(v.qualifyingValue()).isZero();
    }

    @Test
    void percentCompleteIsExactForValuesWhereLongArithmeticWouldOverflow() {
        assertThat(CustomerTierView.percentComplete(Long.MAX_VALUE - 1, Long.MAX_VALUE)).isEqualTo(9999);
        assertThat(CustomerTierView.percentComplete(0, 5000)).isZero();
        assertThat(CustomerTierView.percentComplete(1, 3)).isEqualTo(3333);
    }

    @Test
    void anUnknownTierInTheProgramEarnsAtOneTimes() {
        assertThat(points().multiplierBps("gone")).isEqualTo(10_000);
        assertThat(points().multiplierBps(null)).isEqualTo(10_000);
        assertThat(points().tiers()).extracting(TierDefinition::tierId).isEqualTo(List.of("silver", "gold", "platinum"));
    }
}
