package io.laurel.reward.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.laurel.platform.error.FailedPreconditionException;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class LotConsumptionTest {

    static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");

    static PointsLot lot(String id, String earned, String expires, long remaining) {
        return new PointsLot(id, "c1", "e-" + id, Instant.parse(earned), expires == null ? null : Instant.parse(expires),
                remaining, remaining, 0, false);
    }

    @Test
    void r_ledger_3_spendsTheSoonestExpiringLotsFirst() {
        List<PointsLot> lots = List.of(
                lot("late", "2026-05-01T00:00:00Z", "2026-12-01T00:00:00Z", 100),
                lot("soon", "2026-05-20T00:00:00Z", "2026-07-01T00:00:00Z", 30),
                lot("sooner", "2026-05-25T00:00:00Z", "2026-06-15T00:00:00Z", 20));

        assertThat(LotConsumption.consume(lots, 70, NOW)).containsExactly(
                new LotAllocation("sooner", 20), new LotAllocation("soon", 30), new LotAllocation("late", 20));
    }

    @Test
    void r_ledger_3_neverExpiringLotsGoLastThenTheOldestFirst() {
        List<PointsLot> lots = List.of(
                lot("never-new", "2026-05-10T00:00:00Z", null, 10),
                lot("never-old", "2026-01-10T00:00:00Z", null, 10),
                lot("expiring", "2026-05-30T00:00:00Z", "2027-01-01T00:00:00Z", 10));

        assertThat(LotConsumption.consume(lots, 25, NOW)).containsExactly(
                new LotAllocation("expiring", 10), new LotAllocation("never-old", 10), new LotAllocation("never-new", 5));
    }

    @Test
    void r_ledger_3_expiredLotsAreNotSpendable() {
        List<PointsLot> lots = List.of(
                lot("expired", "2026-01-01T00:00:00Z", "2026-06-01T12:00:00Z", 500),  // expires exactly now
                lot("open", "2026-05-01T00:00:00Z", null, 40));

        assertThat(LotConsumption.spendable(lots, NOW)).isEqualTo(40);
        assertThat(LotConsumption.consume(lots, 40, NOW)).containsExactly(new LotAllocation("open", 40));
    }

    @Test
    void r_ledger_8_aDeductionLargerThanTheSpendablePointsIsRefused() {
        List<PointsLot> lots = List.of(lot("a", "2026-05-01T00:00:00Z", null, 40),
                lot("expired", "2026-01-01T00:00:00Z", "2026-02-01T00:00:00Z", 100));

        FailedPreconditionException refused = catchThrowableOfType(FailedPreconditionException.class,
                () -> LotConsumption.consume(lots, 41, NOW));

        assertThat(refused.reason()).isEqualTo("INSUFFICIENT_POINTS");
        assertThat(refused.metadata()).containsEntry("available_points", "40").containsEntry("requested_points", "41");
    }

    @Test
    void r_ledger_4_heldPointsAreNotSpendable() {
        PointsLot held = new PointsLot("h", "c1", "e", Instant.parse("2026-05-01T00:00:00Z"), null, 50, 50, 30, false);

        assertThat(LotConsumption.spendable(List.of(held), NOW)).isEqualTo(20);
        assertThat(LotConsumption.consume(List.of(held), 20, NOW)).containsExactly(new LotAllocation("h", 20));
    }

    @Test
    void r_ledger_3_onlyTheUnbookedUnspentRemainderOfAnExpiredLotIsDue() {
        PointsLot booked = new PointsLot("b", "c1", "e", Instant.parse("2026-01-01T00:00:00Z"),
                Instant.parse("2026-02-01T00:00:00Z"), 50, 0, 0, true);
        PointsLot spent = lot("spent", "2026-01-01T00:00:00Z", "2026-02-01T00:00:00Z", 0);
        PointsLot due = lot("due", "2026-01-01T00:00:00Z", "2026-03-01T00:00:00Z", 7);
        PointsLot open = lot("open", "2026-01-01T00:00:00Z", "2026-09-01T00:00:00Z", 9);

        assertThat(LotConsumption.expiredUnbooked(List.of(open, booked, spent, due), NOW)).containsExactly(due);
    }
}
