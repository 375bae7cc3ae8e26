package io.laurel.reward.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** R-LEDGER-5 and L-REWARD-1 as plain functions. */
class BaseEarningTest {

    static final Instant T = Instant.parse("2026-10-25T09:00:00Z");

    @Test
    void r_ledger_5_pointsAreFloorOfAmountTimesRateTimesMultiplierInWholeCurrencyUnits() {
        assertThat(BaseEarning.points(1234, "EUR", 3300, 10000)).isEqualTo(40);   // 12.34 × 3.3 = 40.72
        assertThat(BaseEarning.points(1000, "EUR", 3300, 15000)).isEqualTo(49);   // 49.5
        assertThat(BaseEarning.points(1234, "JPY", 1000, 10000)).isEqualTo(1234); // no minor unit
        assertThat(BaseEarning.points(99, "EUR", 1000, 10000)).isZero();
        assertThat(BaseEarning.points(5000, "EUR", 0, 10000)).isZero();
    }

    @Test
    void r_ledger_5_theMultiplierIsTheLatestChangeStrictlyBeforeTheOrderWhateverTheirOrder() {
        List<BaseEarning.TierChange> changes = new ArrayList<>(List.of(
                new BaseEarning.TierChange("a", "silver", 12000, T.minusSeconds(100)),
                new BaseEarning.TierChange("b", "gold", 15000, T.minusSeconds(10)),
                new BaseEarning.TierChange("c", "platinum", 20000, T)));
        for (int i = 0; i < 3; i++) {
            Collections.rotate(changes, 1);
            assertThat(BaseEarning.multiplierAt(T, changes)).isEqualTo(15000);
        }
        assertThat(BaseEarning.multiplierAt(T.minusSeconds(100), changes)).isEqualTo(BaseEarning.NO_TIER_BPS);
    }

    @Test
    void r_ledger_5_reversalsAreFloorOfPTimesROverACappedAtA() {
        assertThat(BaseEarning.reversedTotal(33, 333, 1000)).isEqualTo(10);
        assertThat(BaseEarning.reversedTotal(33, 666, 1000)).isEqualTo(21);
        assertThat(BaseEarning.reversedTotal(33, 1000, 1000)).isEqualTo(33);
        assertThat(BaseEarning.reversedTotal(33, 5000, 1000)).isEqualTo(33);
        assertThat(BaseEarning.reversedTotal(0, 100, 0)).isZero();
    }

    @Test
    void r_ledger_5_repricingKeepsTheReversedShareOfTheNewPoints() {
        OrderEarning order = new OrderEarning("o", "c", 1000, "EUR", T, 3300, 10000, 33, 333, 10, false, "l", null);

        OrderEarning repriced = order.repricedAt(20000);

        assertThat(repriced.pointsEarned()).isEqualTo(66);
        assertThat(repriced.pointsReversed()).isEqualTo(21);
        assertThat(repriced.net() - order.net()).isEqualTo(22);
        assertThat(order.reversedBy(0, true).pointsReversed()).isEqualTo(33);
    }

    @Test
    void l_reward_1_percentageRewardsRoundDown() {
        assertThat(RewardSpec.percentPoints(1000).points(5000, 1000)).isEqualTo(500);
        assertThat(RewardSpec.percentPoints(1000).points(5009, 1000)).isEqualTo(500);
        assertThat(RewardSpec.percentPoints(1000).points(5000, 2500)).isEqualTo(200); // 2.5 cents a point
        assertThat(RewardSpec.percentCredit(250).creditMinor(1999)).isEqualTo(49);
        assertThat(RewardSpec.fixedPoints(7).points(0, 1000)).isEqualTo(7);
    }
}
