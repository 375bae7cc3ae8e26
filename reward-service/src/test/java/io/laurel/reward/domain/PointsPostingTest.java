package io.laurel.reward.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.laurel.platform.error.FailedPreconditionException;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** R-LEDGER-3, 4, L-LEDGER-1, 2, 3 on one customer's posting, without a database. */
class PointsPostingTest {

    static final Instant NOW = Instant.parse("2026-10-25T09:00:00Z");
    static final CustomerAccount EMPTY = new CustomerAccount(0, 0, 0, 0, 0, 0);

    static Supplier<String> ids() {
        int[] n = {0};
        return () -> "id" + n[0]++;
    }

    static PointsLot lot(String id, String expires, long remaining) {
        return new PointsLot(id, "c", "e-" + id, NOW.minusSeconds(3600), expires == null ? null : Instant.parse(expires),
                remaining, remaining, 0, false);
    }

    static PointsPosting posting(List<PointsLot> lots) {
        long sum = lots.stream().mapToLong(PointsLot::remainingPoints).sum();
        return PointsPosting.open("s", "c", new CustomerAccount(lots.size(), sum, 0, 0, 0, 0), lots, NOW, ids());
    }

    @Test
    void l_ledger_1_aReversalTakesItsOwnLotFirstThenTheSoonestExpiring() {
        PointsPosting p = posting(List.of(lot("own", null, 10), lot("soon", "2026-11-01T00:00:00Z", 50),
                lot("late", "2026-12-01T00:00:00Z", 50)));

        LedgerEntry e = p.debit(LedgerEntry.Kind.REVERSED, 30, NOW, "own", PointsPosting.Shortfall.DEBT,
                PointsPosting.Refs.order("o"), "", LedgerEntry.SYSTEM_ACTOR);

        assertThat(e.allocations()).containsExactly(new LotAllocation("own", 10), new LotAllocation("soon", 20));
        assertThat(p.account().balance()).isEqualTo(80);
    }

    @Test
    void l_ledger_2_aReversalBeyondTheLotsBecomesDebtThatTheNextCreditRepays() {
        PointsPosting p = posting(List.of(lot("a", null, 10)));

        LedgerEntry reversed = p.debit(LedgerEntry.Kind.REVERSED, 25, NOW, "a", PointsPosting.Shortfall.DEBT,
                PointsPosting.Refs.order("o"), "", LedgerEntry.SYSTEM_ACTOR);
        LedgerEntry credit = p.credit(LedgerEntry.Kind.EARNED, 40, NOW, null, PointsPosting.Refs.order("o2"), "",
                LedgerEntry.SYSTEM_ACTOR, "BASE_EARNING", "o2");

        assertThat(reversed.allocations()).containsExactly(new LotAllocation("a", 10), new LotAllocation(null, 15));
        assertThat(reversed.balanceAfter()).isEqualTo(-15);
        assertThat(credit.balanceAfter()).isEqualTo(25);
        assertThat(p.createdLots()).singleElement().satisfies(n -> assertThat(n.lot().originalPoints()).isEqualTo(25));
        assertThat(p.account().debt()).isZero();
    }

    @Test
    void r_ledger_4_holdsAreNotSpendableTwiceAndRefusalsNameTheAvailablePoints() {
        PointsPosting p = posting(List.of(lot("a", "2026-11-01T00:00:00Z", 60), lot("b", null, 40)));

        List<LotAllocation> held = p.hold(70);
        FailedPreconditionException refused = catchThrowableOfType(FailedPreconditionException.class, () -> p.hold(31));

        assertThat(held).containsExactly(new LotAllocation("a", 60), new LotAllocation("b", 10));
        assertThat(refused.metadata()).containsEntry("available_points", "30");
        assertThat(p.available()).isEqualTo(30);
    }

    @Test
    void l_ledger_3_heldPointsOfAnExpiredLotExpireOnlyWhenReleased() {
        PointsLot held = new PointsLot("a", "c", "e", NOW.minusSeconds(7200), NOW.minusSeconds(60), 100, 100, 30, false);
        PointsPosting p = PointsPosting.open("s", "c", new CustomerAccount(1, 100, 0, 0, 0, 0), List.of(held), NOW, ids());

        assertThat(p.entries()).singleElement().satisfies(e -> assertThat(e.pointsDelta()).isEqualTo(-70));
        p.release(List.of(new LotAllocation("a", 30)));

        assertThat(p.entries()).hasSize(2);
        assertThat(p.entries().get(1).pointsDelta()).isEqualTo(-30);
        assertThat(p.entries().get(1).effectiveTime()).isEqualTo(NOW);
        assertThat(p.account().balance()).isZero();
    }

    @Test
    void l_reward_2_aClawBackTakesOnlyWhatItsLotStillHasUnheld() {
        PointsLot reward = new PointsLot("r", "c", "e", NOW.minusSeconds(60), null, 100, 40, 15, false);
        PointsPosting p = PointsPosting.open("s", "c", new CustomerAccount(1, 40, 0, 0, 0, 0),
                List.of(reward, lot("other", null, 500)), NOW, ids());

        LedgerEntry e = p.debit(LedgerEntry.Kind.CLAWED_BACK, 100, NOW, "r", PointsPosting.Shortfall.PREFERRED_LOT_ONLY,
                PointsPosting.Refs.NONE, "refund", LedgerEntry.SYSTEM_ACTOR);

        assertThat(e.pointsDelta()).isEqualTo(-25);
        assertThat(e.allocations()).containsExactly(new LotAllocation("r", 25));
    }

    @Test
    void r_ledger_4_aRedemptionNeverTakesTheBalanceBelowZeroEvenWithDebt() {
        PointsPosting p = PointsPosting.open("s", "c", new CustomerAccount(2, 30, 20, 0, 0, 0),
                List.of(lot("a", null, 50)), NOW, ids());

        assertThat(p.available()).isEqualTo(30);
        assertThat(catchThrowableOfType(FailedPreconditionException.class, () -> p.hold(31))).isNotNull();
        assertThat(EMPTY.availableCredit()).isZero();
    }
}
