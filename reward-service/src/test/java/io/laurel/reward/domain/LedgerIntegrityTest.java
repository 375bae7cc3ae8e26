package io.laurel.reward.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.laurel.platform.common.Actor;
import io.laurel.platform.common.ExpiryPolicy;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LedgerIntegrityTest {

    private static final Instant T = Instant.parse("2026-06-01T00:00:00Z");

    private static LedgerIntegrity.EntryFacts entry(long sequence, LedgerEntry.Kind kind, long delta, long after) {
        return new LedgerIntegrity.EntryFacts("e" + sequence, sequence, kind, delta, after);
    }

    private static PointsLot lot(String id, long original, long remaining) {
        return new PointsLot(id, "c1", "e-" + id, T, null, original, remaining, 0, false);
    }

    /** +100 (lot a), +50 (lot b), −120 (a 100, b 20): balance 30, lot b has 30 left. */
    private static final List<LedgerIntegrity.EntryFacts> ENTRIES = List.of(
            entry(1, LedgerEntry.Kind.ADJUSTED, 100, 100),
            entry(2, LedgerEntry.Kind.ADJUSTED, 50, 150),
            entry(3, LedgerEntry.Kind.ADJUSTED, -120, 30));
    private static final List<PointsLot> LOTS = List.of(lot("a", 100, 0), lot("b", 50, 30));
    private static final Map<String, Long> ALLOCATED = Map.of("a", 100L, "b", 20L);

    @Test
    void r_ledger_9_aConsistentLedgerHasNoViolations() {
        assertThat(LedgerIntegrity.check("c1", ENTRIES, 30, 0, LOTS, ALLOCATED, Map.of())).isEmpty();
    }

    @Test
    void r_ledger_9_aBalanceAfterThatIsNotTheRunningSumIsReported() {
        List<LedgerIntegrity.EntryFacts> wrong = List.of(ENTRIES.get(0), entry(2, LedgerEntry.Kind.ADJUSTED, 50, 160),
                ENTRIES.get(2));

        assertThat(LedgerIntegrity.check("c1", wrong, 30, 0, LOTS, ALLOCATED, Map.of())).containsExactly(
                new LedgerIntegrity.Violation("c1", "BALANCE_AFTER_MISMATCH", "e2", 150, 160,
                        "entry 2: balance_after is not the sum of the deltas up to it"));
    }

    @Test
    void r_ledger_9_anAccountBalanceThatIsNotTheSumOfItsEntriesIsReported() {
        assertThat(LedgerIntegrity.check("c1", ENTRIES, 31, 0, LOTS, ALLOCATED, Map.of()))
                .extracting(LedgerIntegrity.Violation::check, LedgerIntegrity.Violation::at,
                        LedgerIntegrity.Violation::expected, LedgerIntegrity.Violation::actual)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("BALANCE_AFTER_MISMATCH", "", 30L, 31L));
    }

    @Test
    void r_ledger_9_aLotWhoseRemainderDoesNotMatchItsDebitsIsReportedAndTheSumToo() {
        List<PointsLot> tampered = List.of(lot("a", 100, 0), lot("b", 50, 35));

        assertThat(LedgerIntegrity.check("c1", ENTRIES, 30, 0, tampered, ALLOCATED, Map.of()))
                .extracting(LedgerIntegrity.Violation::check, LedgerIntegrity.Violation::at,
                        LedgerIntegrity.Violation::expected, LedgerIntegrity.Violation::actual)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("LOTS_SUM_MISMATCH", "b", 30L, 35L),
                        org.assertj.core.groups.Tuple.tuple("LOTS_SUM_MISMATCH", "", 30L, 35L));
    }

    @Test
    void r_ledger_9_debtIsPartOfTheBalance() {
        // a reversal of 40 after 30 were left: balance −10, lots empty, 10 of debt
        List<LedgerIntegrity.EntryFacts> withReversal = List.of(ENTRIES.get(0), ENTRIES.get(1), ENTRIES.get(2),
                entry(4, LedgerEntry.Kind.REVERSED, -40, -10));
        List<PointsLot> lots = List.of(lot("a", 100, 0), lot("b", 50, 0));

        assertThat(LedgerIntegrity.check("c1", withReversal, -10, 10, lots, Map.of("a", 100L, "b", 50L), Map.of()))
                .isEmpty();
    }

    @Test
    void r_ledger_4_aNegativeBalanceAfterARedemptionOrADeductionIsReported() {
        List<LedgerIntegrity.EntryFacts> negative = List.of(entry(1, LedgerEntry.Kind.ADJUSTED, 10, 10),
                entry(2, LedgerEntry.Kind.SPENT, -15, -5), entry(3, LedgerEntry.Kind.ADJUSTED, -1, -6));

        assertThat(LedgerIntegrity.check("c1", negative, -6, 6, List.of(lot("a", 10, 0)), Map.of("a", 10L), Map.of()))
                .extracting(LedgerIntegrity.Violation::check, LedgerIntegrity.Violation::at)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("NEGATIVE_AFTER_REDEMPTION", "e2"),
                        org.assertj.core.groups.Tuple.tuple("NEGATIVE_AFTER_REDEMPTION", "e3"));
    }

    @Test
    void r_ledger_9_heldPointsMustMatchOpenReservations() {
        List<PointsLot> held = List.of(lot("a", 100, 0), new PointsLot("b", "c1", "e-b", T, null, 50, 30, 10, false));

        assertThat(LedgerIntegrity.check("c1", ENTRIES, 30, 0, held, ALLOCATED, Map.of()))
                .extracting(LedgerIntegrity.Violation::check, LedgerIntegrity.Violation::at)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("HELD_POINTS_MISMATCH", "b"));
        assertThat(LedgerIntegrity.check("c1", ENTRIES, 30, 0, held, ALLOCATED, Map.of("b", 10L))).isEmpty();
    }

    @Test
    void r_ledger_9_whatManualAdjustmentsAppendIsConsistent() {
        StoreConfig config = new StoreConfig("s1", 1, "USD", "UTC", ExpiryPolicy.never(), 0, 1000, T);
        Actor actor = new Actor(Actor.Kind.PLATFORM, "ops", "");
        int[] n = {0};
        ManualAdjustment.Outcome grant = ManualAdjustment.apply(
                new ManualAdjustment.Request("s1", "c1", 80, "r", actor, null),
                new ManualAdjustment.Account(0, 0), List.of(), config, T, () -> "id" + n[0]++);
        ManualAdjustment.Outcome deduct = ManualAdjustment.apply(
                new ManualAdjustment.Request("s1", "c1", -30, "r", actor, null),
                grant.account(), List.of(grant.createdLot()), config, T.plusSeconds(1), () -> "id" + n[0]++);
        LedgerEntry g = grant.adjustment();
        LedgerEntry d = deduct.adjustment();

        assertThat(LedgerIntegrity.check("c1",
                List.of(new LedgerIntegrity.EntryFacts(g.entryId(), g.sequence(), g.kind(), g.pointsDelta(), g.balanceAfter()),
                        new LedgerIntegrity.EntryFacts(d.entryId(), d.sequence(), d.kind(), d.pointsDelta(), d.balanceAfter())),
                deduct.account().balance(), 0, List.of(grant.createdLot().consume(30)),
                Map.of(grant.createdLot().lotId(), 30L), Map.of())).isEmpty();
    }
}
