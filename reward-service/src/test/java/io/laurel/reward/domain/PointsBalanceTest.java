package io.laurel.reward.domain;

import static io.laurel.reward.domain.LotConsumptionTest.lot;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class PointsBalanceTest {

    private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
    private static final Duration MONTH = Duration.ofDays(30);

    @Test
    void r_ledger_2_theBalanceIsTheSumOfUnexpiredUnspentLotsEvenWhenNoExpiryWasBooked() {
        List<PointsLot> lots = List.of(
                lot("expired-unbooked", "2026-01-01T00:00:00Z", "2026-05-01T00:00:00Z", 500),
                lot("open", "2026-05-01T00:00:00Z", "2026-08-01T00:00:00Z", 120),
                lot("forever", "2026-05-01T00:00:00Z", null, 30));

        PointsBalance.Balance balance = PointsBalance.at(NOW, MONTH, lots, List.of(), 0, NOW);

        assertThat(balance.points()).isEqualTo(150);
        assertThat(balance.available()).isEqualTo(150);
    }

    @Test
    void r_ledger_2_atAPastInstantLaterDebitsAreAddedBackAndLaterLotsLeftOut() {
        // lot "a" had 100, 60 were deducted on 20 May; lot "b" was earned on 25 May
        PointsLot a = new PointsLot("a", "c1", "e1", Instant.parse("2026-05-01T00:00:00Z"), null, 100, 40, 0, false);
        PointsLot b = lot("b", "2026-05-25T00:00:00Z", null, 10);
        List<PointsBalance.DatedAllocation> debits =
                List.of(new PointsBalance.DatedAllocation("a", 60, Instant.parse("2026-05-20T00:00:00Z")));

        assertThat(PointsBalance.at(Instant.parse("2026-05-19T00:00:00Z"), MONTH, List.of(a, b), debits, 0, NOW).points())
                .isEqualTo(100);
        assertThat(PointsBalance.at(Instant.parse("2026-05-21T00:00:00Z"), MONTH, List.of(a, b), debits, 0, NOW).points())
                .isEqualTo(40);
        assertThat(PointsBalance.at(NOW, MONTH, List.of(a, b), debits, 0, NOW).points()).isEqualTo(50);
    }

    @Test
    void r_ledger_2_aPastInstantBeforeALotExpiredStillCountsIt() {
        PointsLot expired = lot("x", "2026-01-01T00:00:00Z", "2026-05-01T00:00:00Z", 500);

        assertThat(PointsBalance.at(Instant.parse("2026-04-30T23:59:59Z"), MONTH, List.of(expired), List.of(), 0, NOW)
                .points()).isEqualTo(500);
        assertThat(PointsBalance.at(Instant.parse("2026-05-01T00:00:00Z"), MONTH, List.of(expired), List.of(), 0, NOW)
                .points()).isZero();
    }

    @Test
    void r_ledger_2_aFutureInstantPreviewsExpiry() {
        List<PointsLot> lots = List.of(lot("a", "2026-05-01T00:00:00Z", "2026-07-01T00:00:00Z", 80),
                lot("b", "2026-05-01T00:00:00Z", null, 20));

        assertThat(PointsBalance.at(Instant.parse("2026-07-01T00:00:00Z"), MONTH, lots, List.of(), 0, NOW).points())
                .isEqualTo(20);
    }

    @Test
    void r_ledger_2_expiringSoonGroupsUnspentPointsByInstantWithinTheHorizonSoonestFirst() {
        List<PointsLot> lots = List.of(
                lot("later", "2026-05-02T00:00:00Z", "2026-06-20T22:00:00Z", 5),
                lot("same1", "2026-05-01T00:00:00Z", "2026-06-10T22:00:00Z", 10),
                lot("same2", "2026-05-03T00:00:00Z", "2026-06-10T22:00:00Z", 15),
                lot("beyond", "2026-05-01T00:00:00Z", "2026-08-01T00:00:00Z", 99),
                lot("never", "2026-05-01T00:00:00Z", null, 1));

        assertThat(PointsBalance.at(NOW, MONTH, lots, List.of(), 0, NOW).expiringSoon()).containsExactly(
                new PointsBalance.Expiring(Instant.parse("2026-06-10T22:00:00Z"), 25),
                new PointsBalance.Expiring(Instant.parse("2026-06-20T22:00:00Z"), 5));
    }

    @Test
    void r_ledger_2_reservationsLowerAvailableNotTheBalanceAndCountOnlyNow() {
        PointsLot held = new PointsLot("h", "c1", "e", Instant.parse("2026-05-01T00:00:00Z"), null, 100, 100, 30, false);

        PointsBalance.Balance now = PointsBalance.at(NOW, MONTH, List.of(held), List.of(), 0, NOW);
        assertThat(now.points()).isEqualTo(100);
        assertThat(now.reserved()).isEqualTo(30);
        assertThat(now.available()).isEqualTo(70);
        assertThat(PointsBalance.at(NOW.minusSeconds(60), MONTH, List.of(held), List.of(), 0, NOW).reserved()).isZero();
    }

    @Test
    void r_ledger_2_anUnknownCustomerHasZero() {
        PointsBalance.Balance balance = PointsBalance.at(NOW, MONTH, List.of(), List.of(), 0, NOW);
        assertThat(balance.points()).isZero();
        assertThat(balance.available()).isZero();
        assertThat(balance.expiringSoon()).isEmpty();
    }

    @Test
    void r_store_3_theRedemptionValueRoundsDown() {
        assertThat(PointsBalance.valueMinor(999, 1000)).isEqualTo(999);    // 1 cent a point
        assertThat(PointsBalance.valueMinor(999, 500)).isEqualTo(499);     // half a cent: 499.5 → 499
        assertThat(PointsBalance.valueMinor(1_000_000_000L, 1_000_000_000L)).isEqualTo(1_000_000_000_000_000L);
    }
}
