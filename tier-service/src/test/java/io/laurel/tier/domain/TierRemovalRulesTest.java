package io.laurel.tier.domain;

import static io.laurel.tier.domain.QualifyingActivity.orderCompleted;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.laurel.platform.common.Actor;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** A tier removed from the program (L-TIER-3), as every read, write and the program-change pass settle it. */
class TierRemovalRulesTest {

    private static final ZoneId PARIS = ZoneId.of("Europe/Paris");
    private static final Instant REMOVED = Instant.parse("2026-06-01T00:00:00Z");
    private static final Instant NOW = Instant.parse("2026-06-01T00:00:05Z");
    private static final Actor JANE = new Actor(Actor.Kind.MERCHANT_STAFF, "staff-7", "Jane");
    private final AtomicInteger n = new AtomicInteger();
    private final Supplier<String> ids = () -> "c" + n.incrementAndGet();

    /** {@code program} without {@code tierId}, its removal known as tier-service keeps it. */
    private static TierProgram without(TierProgram program, String tierId) {
        TierDefinition gone = program.tier(tierId).orElseThrow();
        return new TierProgram(program.tierProgramId(), program.storeId(), program.version() + 1, program.status(),
                program.criterion(), program.window(),
                program.tiers().stream().filter(t -> !t.tierId().equals(tierId)).toList(), REMOVED,
                List.of(new RemovedTier(tierId, gone.threshold(), gone.rank(), REMOVED)));
    }

    private static Transition settle(CustomerTierState held, TierProgram program, Instant now,
                                     Supplier<String> ids) {
        return PeriodEndRules.settle(held, program, PARIS, now, ids);
    }

    @Test
    void l_tier_3_membersOfARemovedTierMoveToTheHighestRemainingTierBelowIt() {
        CustomerTierState gold = Programs.computed("gold", 6000, Instant.parse("2026-03-01T00:00:00Z"));

        Transition t = settle(gold, without(Programs.points(), "gold"), NOW, ids);

        assertThat(t.state().computedTierId()).isEqualTo("silver");
        assertThat(t.state().tierSince()).isEqualTo(REMOVED);
        assertThat(t.state().qualifyingValue()).as("the counter is not the removal's concern").isEqualTo(6000);
        assertThat(t.changes()).singleElement().satisfies(c -> {
            assertThat(c.cause()).isEqualTo(TierChangeCause.TIER_REMOVED);
            assertThat(c.fromTierId()).isEqualTo("gold");
            assertThat(c.toTierId()).isEqualTo("silver");
            assertThat(c.effectiveTime()).as("when the version took effect").isEqualTo(REMOVED);
            assertThat(c.createTime()).isEqualTo(NOW);
            assertThat(c.actor()).isEqualTo(TierChange.SYSTEM_ACTOR);
            assertThat(c.changesEffectiveTier()).isTrue();
        });
    }

    @Test
    void l_tier_3_membersOfARemovedLowestTierHaveNoTier() {
        CustomerTierState silver = Programs.computed("silver", 2000, Instant.parse("2026-03-01T00:00:00Z"));

        Transition t = settle(silver, without(Programs.points(), "silver"), NOW, ids);

        assertThat(t.state().computedTierId()).isNull();
        assertThat(t.state().tierSince()).isNull();
        assertThat(t.changes()).singleElement().satisfies(c -> {
            assertThat(c.cause()).isEqualTo(TierChangeCause.TIER_REMOVED);
            assertThat(c.toTierId()).isNull();
        });
    }

    @Test
    void l_tier_3_whereMembersGoIsTheNewVersionsOrderBelowTheRemovedTiersLastPlace() {
        TierProgram points = Programs.points();
        // v4: gold (5000) goes, silver is raised to 6000 — above gold's place — and a 3000 "bronze-plus" comes in
        TierProgram v4 = new TierProgram("prog-1", "store-1", 4, TierProgram.Status.ACTIVE, points.criterion(),
                points.window(), List.of(Programs.tier("bronze-plus", 3000, 11_000), Programs.tier("silver", 6000, 12_500),
                Programs.tier("platinum", 20_000, 20_000)), REMOVED, List.of(new RemovedTier("gold", 5000, 0, REMOVED)));

        Transition t = settle(Programs.computed("gold", 6000, Instant.parse("2026-03-01T00:00:00Z")), v4, NOW, ids);

        assertThat(t.state().computedTierId()).isEqualTo("bronze-plus");
    }

    @Test
    void l_tier_3_aTagTierRemovedMovesItsMembersToTheNextLowerRank() {
        TierProgram tags = Programs.tags();
        CustomerTierState vvip = new CustomerTierState("store-1", "cust-1", "prog-tags", "vvip", TierSource.TAG,
                Instant.parse("2026-03-01T00:00:00Z"), 0, null, null, null, Instant.parse("2026-03-01T00:00:00Z"), null);

        Transition t = settle(vvip, without(tags, "vvip"), NOW, ids);

        assertThat(t.state().computedTierId()).isEqualTo("vip");
        assertThat(t.state().effectiveSource()).isEqualTo(TierSource.TAG);
        assertThat(t.changes()).extracting(TierChange::cause).containsExactly(TierChangeCause.TIER_REMOVED);
    }

    @Test
    void l_tier_3_aManualAssignmentToARemovedTierEndsAndTheComputedTierApplies() {
        CustomerTierState silver = Programs.computed("silver", 2000, Instant.parse("2026-03-01T00:00:00Z"));
        CustomerTierState assigned = ManualTierRules.assign(silver, Programs.points(), "gold", "goodwill", JANE, null,
                Instant.parse("2026-04-01T00:00:00Z"), ids).state();

        Transition t = settle(assigned, without(Programs.points(), "gold"), NOW, ids);

        assertThat(t.state().manual()).isNull();
        assertThat(t.state().effectiveTierId()).isEqualTo("silver");
        assertThat(t.state().tierSince()).isEqualTo(REMOVED);
        assertThat(t.changes()).singleElement().satisfies(c -> {
            assertThat(c.cause()).isEqualTo(TierChangeCause.TIER_REMOVED);
            assertThat(c.fromTierId()).isEqualTo("gold");
            assertThat(c.toTierId()).isEqualTo("silver");
            assertThat(c.overridden()).isFalse();
            assertThat(c.reason()).isEqualTo(TierRemovalRules.REMOVED_REASON);
        });
    }

    @Test
    void l_tier_3_bothTheComputedAndTheAssignedTierRemovedRecordTheOverriddenMoveThenTheEnd() {
        CustomerTierState gold = Programs.computed("gold", 6000, Instant.parse("2026-03-01T00:00:00Z"));
        CustomerTierState assigned = ManualTierRules.assign(gold, Programs.points(), "platinum", "vip", JANE, null,
                Instant.parse("2026-04-01T00:00:00Z"), ids).state();
        TierProgram v4 = without(without(Programs.points(), "gold"), "platinum").withRemovedTiers(List.of(
                new RemovedTier("gold", 5000, 0, REMOVED), new RemovedTier("platinum", 20_000, 0, REMOVED)));

        Transition t = settle(assigned, v4, NOW, ids);

        assertThat(t.state().effectiveTierId()).isEqualTo("silver");
        assertThat(t.changes()).extracting(TierChange::fromTierId, TierChange::toTierId, TierChange::overridden)
                .containsExactly(tuple("gold", "silver", true),
                        tuple("platinum", "silver", false));
        assertThat(t.changes()).filteredOn(TierChange::changesEffectiveTier).hasSize(1);
    }

    @Test
    void l_tier_3_aManualAssignmentToAKeptTierStaysWhileTheComputedTierMovesUnderIt() {
        CustomerTierState gold = Programs.computed("gold", 6000, Instant.parse("2026-03-01T00:00:00Z"));
        CustomerTierState assigned = ManualTierRules.assign(gold, Programs.points(), "platinum", "vip", JANE, null,
                Instant.parse("2026-04-01T00:00:00Z"), ids).state();

        Transition t = settle(assigned, without(Programs.points(), "gold"), NOW, ids);

        assertThat(t.state().effectiveTierId()).isEqualTo("platinum");
        assertThat(t.state().computedTierId()).isEqualTo("silver");
        assertThat(t.state().tierSince()).isEqualTo(Instant.parse("2026-04-01T00:00:00Z"));
        assertThat(t.changes()).singleElement().satisfies(c -> {
            assertThat(c.overridden()).isTrue();
            assertThat(c.changesEffectiveTier()).isFalse();
        });
    }

    @Test
    void l_tier_3_anAssignmentMadeAfterTheRemovalTookEffectDoesNotHideTheEarlierMove() {
        CustomerTierState gold = Programs.computed("gold", 6000, Instant.parse("2026-03-01T00:00:00Z"));
        Instant assignedLate = REMOVED.plusSeconds(2); // under a copy that did not know the new version yet
        CustomerTierState assigned = ManualTierRules.assign(gold, Programs.points(), "platinum", "vip", JANE, null,
                assignedLate, ids).state();

        Transition t = settle(assigned, without(Programs.points(), "gold"), NOW, ids);

        assertThat(t.state().effectiveTierId()).isEqualTo("platinum");
        assertThat(t.state().tierSince()).isEqualTo(assignedLate);
        assertThat(t.changes()).singleElement().satisfies(c -> {
            assertThat(c.effectiveTime()).isEqualTo(REMOVED);
            assertThat(c.overridden()).as("gold to silver was the effective tier until the assignment").isFalse();
        });
    }

    @Test
    void l_tier_3_theRemovalIsNeverBeforeTheCustomerGotTheTierNorAfterNow() {
        Instant late = Instant.parse("2026-06-01T00:00:03Z"); // upgraded under a copy that did not know v4 yet
        Transition t = settle(Programs.computed("gold", 6000, late), without(Programs.points(), "gold"), NOW, ids);
        assertThat(t.changes().get(0).effectiveTime()).isEqualTo(late);

        Instant early = REMOVED.minusSeconds(60); // a clock behind program-service's
        Transition read = settle(Programs.computed("gold", 6000, Instant.parse("2026-03-01T00:00:00Z")),
                without(Programs.points(), "gold"), early, ids);
        assertThat(read.changes().get(0).effectiveTime()).isEqualTo(early);
    }

    @Test
    void l_tier_3_aTierWhosePlaceWasNeverKeptLeavesItsMembersWithoutTier() {
        TierProgram v4 = without(Programs.points(), "gold").withRemovedTiers(List.of());

        Transition t = settle(Programs.computed("gold", 6000, Instant.parse("2026-03-01T00:00:00Z")), v4, NOW, ids);

        assertThat(t.state().computedTierId()).isNull();
        assertThat(t.changes().get(0).effectiveTime()).as("the version's time").isEqualTo(REMOVED);
    }

    @Test
    void l_tier_3_aPeriodEndBeforeTheRemovalIsBookedFirstAndOneAfterItLater() {
        TierProgram year = Programs.spent(TierProgram.Window.CALENDAR_YEAR);
        TierProgram removedIn2027 = without(year, "gold").withRemovedTiers(
                List.of(new RemovedTier("gold", 5000, 0, Instant.parse("2027-06-01T00:00:00Z"))));
        Instant endOf2026 = Instant.parse("2026-12-31T23:00:00Z"); // local midnight in Paris
        Instant endOf2027 = Instant.parse("2027-12-31T23:00:00Z");
        Instant now = Instant.parse("2028-01-02T00:00:00Z");

        // gold reached in 2026 holds through 2027 (the job booked the end of 2026), until gold goes in June
        CustomerTierState reached2026 = settle(ActivityRules.apply(Programs.fresh(year), year, PARIS,
                List.of(orderCompleted("a1", Instant.parse("2026-03-01T10:00:00Z"), "o1", 6000)),
                Instant.parse("2026-03-02T00:00:00Z"), ids).transition().state(), year, endOf2026, ids).state();
        assertThat(reached2026.computedTierId()).isEqualTo("gold");
        assertThat(settle(reached2026, removedIn2027, now, ids).changes())
                .extracting(TierChange::cause, TierChange::fromTierId, TierChange::toTierId, TierChange::effectiveTime)
                .containsExactly(tuple(TierChangeCause.TIER_REMOVED, "gold", "silver", Instant.parse("2027-06-01T00:00:00Z")),
                        tuple(TierChangeCause.DOWNGRADE_WINDOW_END, "silver", null, endOf2027));

        // gold reached in 2025 held through 2026, and 2026 brought nothing: it ended before gold went
        Instant endOf2025 = Instant.parse("2025-12-31T23:00:00Z");
        CustomerTierState reached2025 = settle(ActivityRules.apply(Programs.fresh(year), year, PARIS,
                List.of(orderCompleted("a2", Instant.parse("2025-03-01T10:00:00Z"), "o2", 6000)),
                Instant.parse("2025-03-02T00:00:00Z"), ids).transition().state(), year, endOf2025, ids).state();
        assertThat(settle(reached2025, removedIn2027, now, ids).changes())
                .extracting(TierChange::cause, TierChange::fromTierId, TierChange::toTierId, TierChange::effectiveTime)
                .containsExactly(tuple(TierChangeCause.DOWNGRADE_WINDOW_END, "gold", null, endOf2026));
    }

    @Test
    void l_tier_3_nothingIsRemovedWhileTheProgramHasTheTier() {
        CustomerTierState gold = Programs.computed("gold", 6000, Instant.parse("2026-03-01T00:00:00Z"));
        assertThat(TierRemovalRules.removalTime(gold, Programs.points(), NOW)).isNull();
        assertThat(settle(gold, Programs.points(), NOW, ids).changes()).isEmpty();
    }
}
