package io.laurel.tier.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.laurel.platform.common.Actor;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** An archived program places nobody: its customers leave their tiers, manual assignments end (L-TIER-12). */
class ProgramArchiveRulesTest {

    private static final Instant ARCHIVED = Instant.parse("2026-06-01T00:00:00Z");
    private static final Instant NOW = Instant.parse("2026-06-01T00:00:05Z");
    private static final Actor JANE = new Actor(Actor.Kind.MERCHANT_STAFF, "staff-7", "Jane");
    private final AtomicInteger n = new AtomicInteger();
    private final Supplier<String> ids = () -> "c" + n.incrementAndGet();

    @Test
    void l_tier_12_theComputedTierEndsWhenTheArchiveTookEffect() {
        CustomerTierState gold = Programs.computed("gold", 6000, Instant.parse("2026-03-01T00:00:00Z"));

        Transition t = ProgramArchiveRules.archive(gold, ARCHIVED, NOW, ids);

        assertThat(t.state().effectiveTierId()).isNull();
        assertThat(t.state().tierSince()).isNull();
        assertThat(t.state().tierProgramId()).isEqualTo("prog-1");
        assertThat(t.changes()).singleElement().satisfies(c -> {
            assertThat(c.cause()).isEqualTo(TierChangeCause.PROGRAM_ARCHIVED);
            assertThat(c.tierProgramId()).isEqualTo("prog-1");
            assertThat(c.fromTierId()).isEqualTo("gold");
            assertThat(c.toTierId()).isNull();
            assertThat(c.effectiveTime()).isEqualTo(ARCHIVED);
            assertThat(c.createTime()).isEqualTo(NOW);
            assertThat(c.actor()).isEqualTo(TierChange.SYSTEM_ACTOR);
            assertThat(c.changesEffectiveTier()).isTrue();
        });
    }

    @Test
    void l_tier_12_aManualAssignmentEndsWithItsTierInOneChange() {
        CustomerTierState silver = Programs.computed("silver", 2000, Instant.parse("2026-03-01T00:00:00Z"));
        CustomerTierState assigned = ManualTierRules.assign(silver, Programs.points(), "platinum", "vip", JANE, null,
                Instant.parse("2026-04-01T00:00:00Z"), ids).state();

        Transition t = ProgramArchiveRules.archive(assigned, ARCHIVED, NOW, ids);

        assertThat(t.state().manual()).isNull();
        assertThat(t.state().computedTierId()).isNull();
        assertThat(t.changes()).singleElement().satisfies(c -> {
            assertThat(c.fromTierId()).isEqualTo("platinum");
            assertThat(c.toTierId()).isNull();
            assertThat(c.reason()).isEqualTo(ProgramArchiveRules.ARCHIVED_REASON);
        });
    }

    @Test
    void l_tier_12_anAssignmentEndedBeforeTheArchiveLeavesTheComputedTier() {
        CustomerTierState silver = Programs.computed("silver", 2000, Instant.parse("2026-03-01T00:00:00Z"));
        CustomerTierState assigned = ManualTierRules.assign(silver, Programs.points(), "platinum", "vip", JANE,
                Instant.parse("2026-05-01T00:00:00Z"), Instant.parse("2026-04-01T00:00:00Z"), ids).state();

        Transition t = ProgramArchiveRules.archive(assigned, ARCHIVED, NOW, ids);

        assertThat(t.state().manual()).isNull();
        assertThat(t.changes()).singleElement().satisfies(c -> assertThat(c.fromTierId()).isEqualTo("silver"));
    }

    @Test
    void l_tier_12_aCustomerWithoutTierHasNothingToRecord() {
        Transition t = ProgramArchiveRules.archive(Programs.computed(null, 300, null), ARCHIVED, NOW, ids);

        assertThat(t.changes()).isEmpty();
        assertThat(t.state().effectiveTierId()).isNull();
    }

    @Test
    void l_tier_12_theEndIsNeverBeforeTheCustomerGotTheTierNorAfterNow() {
        Instant late = Instant.parse("2026-06-01T00:00:02Z"); // upgraded under a copy that did not know the archive yet
        assertThat(ProgramArchiveRules.archive(Programs.computed("gold", 6000, late), ARCHIVED, NOW, ids)
                .changes().get(0).effectiveTime()).isEqualTo(late);
        Instant behind = ARCHIVED.minusSeconds(30);
        assertThat(ProgramArchiveRules.archive(Programs.computed("gold", 6000, Instant.parse("2026-03-01T00:00:00Z")),
                ARCHIVED, behind, ids).changes().get(0).effectiveTime()).isEqualTo(behind);
    }
}
