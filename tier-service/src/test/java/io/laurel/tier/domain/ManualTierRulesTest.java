package io.laurel.tier.domain;

import static io.laurel.tier.domain.Programs.computed;
import static io.laurel.tier.domain.Programs.points;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.laurel.platform.common.Actor;
import io.laurel.platform.error.FailedPreconditionException;
import io.laurel.platform.error.NotFoundException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** R-TIER-6: manual assignment overrides the computed tier until removed or ended; every change is history. */
class ManualTierRulesTest {

    private static final Instant SINCE = Instant.parse("2026-01-10T08:00:00Z");
    private static final Instant NOW = Instant.parse("2026-02-01T12:00:00Z");
    private static final Instant END = NOW.plus(Duration.ofDays(30));
    private static final Actor JANE = new Actor(Actor.Kind.MERCHANT_STAFF, "staff-7", "Jane (support)");

    private final AtomicInteger counter = new AtomicInteger();
    private final Supplier<String> ids = () -> "change-" + counter.incrementAndGet();

    private Transition assignGold(CustomerTierState state, Instant end) {
        return ManualTierRules.assign(state, points(), "gold", "VIP complaint", JANE, end, NOW, ids);
    }

    @Test
    void r_tier_6_aManualAssignmentOverridesTheComputedTier() {
        CustomerTierState after = assignGold(computed("silver", 1200, SINCE), null).state();

        assertThat(after.effectiveTierId()).isEqualTo("gold");
        assertThat(after.effectiveSource()).isEqualTo(TierSource.MANUAL);
        assertThat(after.computedTierId()).isEqualTo("silver");
        assertThat(after.tierSince()).isEqualTo(NOW);
        assertThat(after.manual()).isEqualTo(new ManualAssignment("gold", "VIP complaint", JANE, NOW, null));
    }

    @Test
    void r_tier_6_anAssignmentIsRecordedInHistoryWithItsCauseReasonAndActor() {
        Transition t = assignGold(computed("silver", 1200, SINCE), END);

        assertThat(t.changes()).singleElement().satisfies(c -> {
            assertThat(c.changeId()).isEqualTo("change-1");
            assertThat(c.cause()).isEqualTo(TierChangeCause.MANUAL_ASSIGN);
            assertThat(c.fromTierId()).isEqualTo("silver");
            assertThat(c.toTierId()).isEqualTo("gold");
            assertThat(c.effectiveTime()).isEqualTo(NOW);
            assertThat(c.createTime()).isEqualTo(NOW);
            assertThat(c.actor()).isEqualTo(JANE);
            assertThat(c.reason()).isEqualTo("VIP complaint");
            assertThat(c.qualifyingValue()).isEqualTo(1200);
            assertThat(c.overridden()).isFalse();
            assertThat(c.changesEffectiveTier()).isTrue();
        });
    }

    @Test
    void r_tier_6_aCustomerWithNoTierCanBeAssignedOne() {
        Transition t = assignGold(computed(null, 0, null), null);

        assertThat(t.state().effectiveTierId()).isEqualTo("gold");
        assertThat(t.changes().get(0).fromTierId()).isNull();
    }

    @Test
    void r_tier_6_reassigningReplacesTheManualAssignment() {
        CustomerTierState gold = assignGold(computed("silver", 1200, SINCE), END).state();

        Transition t = ManualTierRules.assign(gold, points(), "platinum", "upgrade by hand", JANE, null,
                NOW.plusSeconds(60), ids);

        assertThat(t.state().manual().tierId()).isEqualTo("platinum");
        assertThat(t.state().manual().endTime()).isNull();
        assertThat(t.changes()).singleElement().satisfies(c -> {
            assertThat(c.fromTierId()).isEqualTo("gold");
            assertThat(c.toTierId()).isEqualTo("platinum");
        });
    }

    @Test
    void r_tier_6_assigningTheComputedTierKeepsTheEntryTimeAndMovesNothingDownstream() {
        Transition t = ManualTierRules.assign(computed("silver", 1200, SINCE), points(), "silver", "pin it", JANE,
                null, NOW, ids);

        assertThat(t.state().tierSince()).isEqualTo(SINCE);
        assertThat(t.state().effectiveSource()).isEqualTo(TierSource.MANUAL);
        assertThat(t.changes()).singleElement().satisfies(c -> {
            assertThat(c.cause()).isEqualTo(TierChangeCause.MANUAL_ASSIGN);
            assertThat(c.changesEffectiveTier()).isFalse();
        });
    }

    @Test
    void r_tier_6_aTierNotInTheProgramIsNotFound() {
        assertThatThrownBy(() -> ManualTierRules.assign(computed("silver", 1200, SINCE), points(), "diamond",
                "why not", JANE, null, NOW, ids))
                .isInstanceOf(NotFoundException.class)
                .hasMessageContaining("diamond");
    }

    @Test
    void r_tier_6_removingTheAssignmentRestoresTheComputedTier() {
        CustomerTierState gold = assignGold(computed("silver", 1200, SINCE), null).state();
        Instant later = NOW.plus(Duration.ofDays(3));

        Transition t = ManualTierRules.remove(gold, "complaint resolved", JANE, later, ids);

        assertThat(t.state().manual()).isNull();
        assertThat(t.state().effectiveTierId()).isEqualTo("silver");
        assertThat(t.state().effectiveSource()).isEqualTo(TierSource.COMPUTED);
        assertThat(t.state().tierSince()).isEqualTo(later);
        assertThat(t.changes()).singleElement().satisfies(c -> {
            assertThat(c.cause()).isEqualTo(TierChangeCause.MANUAL_REMOVE);
            assertThat(c.fromTierId()).isEqualTo("gold");
            assertThat(c.toTierId()).isEqualTo("silver");
            assertThat(c.effectiveTime()).isEqualTo(later);
            assertThat(c.reason()).isEqualTo("complaint resolved");
        });
    }

    @Test
    void r_tier_6_removingFromACustomerWithoutComputedTierLeavesNoTier() {
        CustomerTierState gold = assignGold(computed(null, 0, null), null).state();

        Transition t = ManualTierRules.remove(gold, "mistake", JANE, NOW.plusSeconds(1), ids);

        assertThat(t.state().effectiveTierId()).isNull();
        assertThat(t.state().effectiveSource()).isNull();
        assertThat(t.state().tierSince()).isNull();
        assertThat(t.changes().get(0).toTierId()).isNull();
    }

    @Test
    void r_tier_6_removingWithoutAnAssignmentIsAFailedPrecondition() {
        assertThatThrownBy(() -> ManualTierRules.remove(computed("silver", 1200, SINCE), "r", JANE, NOW, ids))
                .isInstanceOf(FailedPreconditionException.class)
                .satisfies(e -> assertThat(((FailedPreconditionException) e).reason()).isEqualTo("NO_MANUAL_ASSIGNMENT"));
    }

    @Test
    void r_tier_6_anAssignmentStillAppliesJustBeforeItsEndTime() {
        CustomerTierState gold = assignGold(computed("silver", 1200, SINCE), END).state();

        Transition t = ManualTierRules.settle(gold, END.minusNanos(1000), ids);

        assertThat(t.changed()).isFalse();
        assertThat(t.state().effectiveTierId()).isEqualTo("gold");
    }

    @Test
    void r_tier_6_anAssignmentNoLongerAppliesAtItsEndTimeAndTheEndIsRecorded() {
        CustomerTierState gold = assignGold(computed("silver", 1200, SINCE), END).state();
        Instant noticed = END.plus(Duration.ofDays(2));

        Transition t = ManualTierRules.settle(gold, noticed, ids);

        assertThat(t.state().manual()).isNull();
        assertThat(t.state().effectiveTierId()).isEqualTo("silver");
        assertThat(t.state().tierSince()).isEqualTo(END);
        assertThat(t.changes()).singleElement().satisfies(c -> {
            assertThat(c.cause()).isEqualTo(TierChangeCause.MANUAL_EXPIRED);
            assertThat(c.fromTierId()).isEqualTo("gold");
            assertThat(c.toTierId()).isEqualTo("silver");
            assertThat(c.effectiveTime()).as("took effect at the end time, not when noticed").isEqualTo(END);
            assertThat(c.createTime()).isEqualTo(noticed);
            assertThat(c.actor()).isEqualTo(TierChange.SYSTEM_ACTOR);
        });
    }

    @Test
    void r_tier_6_anEndedAssignmentIsRecordedBeforeTheNextWrite() {
        CustomerTierState gold = assignGold(computed("silver", 1200, SINCE), END).state();
        Instant later = END.plus(Duration.ofDays(1));

        Transition t = ManualTierRules.assign(gold, points(), "platinum", "again", JANE, null, later, ids);

        assertThat(t.changes()).extracting(TierChange::cause)
                .containsExactly(TierChangeCause.MANUAL_EXPIRED, TierChangeCause.MANUAL_ASSIGN);
        assertThat(t.changes().get(1).fromTierId()).as("after the end the customer was back in silver").isEqualTo("silver");
        assertThat(t.state().manual().tierId()).isEqualTo("platinum");
    }

    @Test
    void r_tier_6_removingAnAssignmentThatHasEndedIsAFailedPrecondition() {
        CustomerTierState gold = assignGold(computed("silver", 1200, SINCE), END).state();

        assertThatThrownBy(() -> ManualTierRules.remove(gold, "too late", JANE, END, ids))
                .isInstanceOf(FailedPreconditionException.class);
    }

    @Test
    void r_tier_6_anEndedAssignmentOfTheComputedTierKeepsTheEntryTime() {
        CustomerTierState pinned = ManualTierRules.assign(computed("silver", 1200, SINCE), points(), "silver", "pin",
                JANE, END, NOW, ids).state();

        Transition t = ManualTierRules.settle(pinned, END, ids);

        assertThat(t.state().tierSince()).isEqualTo(SINCE);
        assertThat(t.changes().get(0).changesEffectiveTier()).isFalse();
    }
}
