package io.laurel.reward.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.laurel.platform.common.Actor;
import io.laurel.platform.common.ExpiryPolicy;
import io.laurel.platform.error.FailedPreconditionException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class ManualAdjustmentTest {

    private static final Instant NOW = Instant.parse("2026-10-25T09:00:00Z");  // 10:00 in Paris
    private static final StoreConfig PARIS = new StoreConfig("s1", 1, "EUR", "Europe/Paris",
            ExpiryPolicy.afterDays(10), 1000, 1000, Instant.parse("2026-01-01T00:00:00Z"));
    private static final Actor STAFF = new Actor(Actor.Kind.MERCHANT_STAFF, "jane", "Jane");

    private final AtomicInteger counter = new AtomicInteger();
    private final Supplier<String> ids = () -> "id-" + counter.incrementAndGet();

    private static ManualAdjustment.Request request(long delta, ExpiryPolicy policy) {
        return new ManualAdjustment.Request("s1", "c1", delta, "goodwill", STAFF, policy);
    }

    @Test
    void r_ledger_8_aGrantCreatesALotExpiringByTheStoreDefault() {
        ManualAdjustment.Outcome outcome = ManualAdjustment.apply(request(250, null),
                new ManualAdjustment.Account(0, 0), List.of(), PARIS, NOW, ids);

        LedgerEntry entry = outcome.adjustment();
        assertThat(outcome.entries()).hasSize(1);
        assertThat(entry.kind()).isEqualTo(LedgerEntry.Kind.ADJUSTED);
        assertThat(entry.sequence()).isEqualTo(1);
        assertThat(entry.pointsDelta()).isEqualTo(250);
        assertThat(entry.balanceAfter()).isEqualTo(250);
        assertThat(entry.reason()).isEqualTo("goodwill");
        assertThat(entry.actor()).isEqualTo(STAFF);
        assertThat(entry.expiresAt()).isEqualTo(Instant.parse("2026-11-04T23:00:00Z"));
        assertThat(outcome.createdLot().lotId()).isEqualTo(entry.lotId());
        assertThat(outcome.createdLot().entryId()).isEqualTo(entry.entryId());
        assertThat(outcome.createdLot().remainingPoints()).isEqualTo(250);
        assertThat(outcome.account()).isEqualTo(new ManualAdjustment.Account(1, 250));
    }

    @Test
    void r_ledger_8_aGrantUsesTheRequestedPolicyOverTheStoreDefault() {
        ManualAdjustment.Outcome never = ManualAdjustment.apply(request(5, ExpiryPolicy.never()),
                new ManualAdjustment.Account(3, 10), List.of(), PARIS, NOW, ids);
        ManualAdjustment.Outcome storeDefault = ManualAdjustment.apply(request(5, ExpiryPolicy.storeDefault()),
                new ManualAdjustment.Account(3, 10), List.of(), PARIS, NOW, ids);

        assertThat(never.adjustment().expiresAt()).isNull();
        assertThat(never.createdLot().expiresAt()).isNull();
        assertThat(never.adjustment().sequence()).isEqualTo(4);
        assertThat(never.adjustment().balanceAfter()).isEqualTo(15);
        assertThat(storeDefault.adjustment().expiresAt()).isEqualTo(Instant.parse("2026-11-04T23:00:00Z"));
    }

    @Test
    void r_ledger_3_aDeductionConsumesTheSoonestExpiringLotsAndSaysWhich() {
        List<PointsLot> lots = List.of(
                LotConsumptionTest.lot("never", "2026-01-01T00:00:00Z", null, 100),
                LotConsumptionTest.lot("soon", "2026-10-01T00:00:00Z", "2026-11-01T00:00:00Z", 40));

        ManualAdjustment.Outcome outcome = ManualAdjustment.apply(request(-60, null),
                new ManualAdjustment.Account(2, 140), lots, PARIS, NOW, ids);

        assertThat(outcome.createdLot()).isNull();
        assertThat(outcome.adjustment().pointsDelta()).isEqualTo(-60);
        assertThat(outcome.adjustment().balanceAfter()).isEqualTo(80);
        assertThat(outcome.adjustment().allocations()).containsExactly(
                new LotAllocation("soon", 40), new LotAllocation("never", 20));
    }

    @Test
    void r_ledger_8_aDeductionNeverTakesTheBalanceBelowZero() {
        List<PointsLot> lots = List.of(LotConsumptionTest.lot("a", "2026-10-01T00:00:00Z", null, 10));

        assertThatThrownBy(() -> ManualAdjustment.apply(request(-11, null),
                new ManualAdjustment.Account(1, 10), lots, PARIS, NOW, ids))
                .isInstanceOf(FailedPreconditionException.class)
                .hasFieldOrPropertyWithValue("reason", "INSUFFICIENT_POINTS");
    }

    @Test
    void r_ledger_2_expiriesDueByNowAreBookedBeforeTheAdjustmentSoBalancesAfterAreTrue() {
        List<PointsLot> lots = new ArrayList<>(List.of(
                LotConsumptionTest.lot("old", "2026-01-01T00:00:00Z", "2026-02-01T00:00:00Z", 70),
                LotConsumptionTest.lot("open", "2026-10-01T00:00:00Z", null, 30)));

        ManualAdjustment.Outcome outcome = ManualAdjustment.apply(request(-30, null),
                new ManualAdjustment.Account(2, 100), lots, PARIS, NOW, ids);

        assertThat(outcome.entries()).hasSize(2);
        LedgerEntry expired = outcome.entries().get(0);
        assertThat(expired.kind()).isEqualTo(LedgerEntry.Kind.EXPIRED);
        assertThat(expired.sequence()).isEqualTo(3);
        assertThat(expired.pointsDelta()).isEqualTo(-70);
        assertThat(expired.balanceAfter()).isEqualTo(30);
        assertThat(expired.effectiveTime()).isEqualTo(Instant.parse("2026-02-01T00:00:00Z"));
        assertThat(expired.allocations()).containsExactly(new LotAllocation("old", 70));
        assertThat(expired.actor()).isEqualTo(LedgerEntry.SYSTEM_ACTOR);
        assertThat(outcome.adjustment().sequence()).isEqualTo(4);
        assertThat(outcome.adjustment().balanceAfter()).isZero();
        assertThat(outcome.adjustment().allocations()).containsExactly(new LotAllocation("open", 30));
    }
}
