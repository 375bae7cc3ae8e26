package io.laurel.tier.domain;

import static io.laurel.tier.domain.Programs.computed;
import static io.laurel.tier.domain.Programs.points;
import static io.laurel.tier.domain.Programs.tags;
import static org.assertj.core.api.Assertions.assertThat;

import io.laurel.platform.common.Actor;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** R-TIER-5: the highest-ranked tier whose tag the customer carries; tag changes move them. */
class TagTierRulesTest {

    private static final Instant OCCURRED = Instant.parse("2026-02-01T09:00:00Z");
    private static final Instant NOW = Instant.parse("2026-02-01T09:00:05Z");
    private static final Actor JANE = new Actor(Actor.Kind.MERCHANT_STAFF, "staff-7", "");

    private final AtomicInteger counter = new AtomicInteger();
    private final Supplier<String> ids = () -> "change-" + counter.incrementAndGet();

    private static CustomerTierState fresh() {
        return CustomerTierState.withoutActivity("store-1", "cust-1", tags(), null);
    }

    @Test
    void r_tier_5_theHighestRankedTierWhoseTagTheCustomerCarriesWins() {
        assertThat(TagTierRules.tierFor(tags(), Set.of("newsletter", "vvip", "vip"))).get()
                .extracting(TierDefinition::tierId).isEqualTo("vvip");
        assertThat(TagTierRules.tierFor(tags(), Set.of("vip", "other"))).get()
                .extracting(TierDefinition::tierId).isEqualTo("vip");
        assertThat(TagTierRules.tierFor(tags(), Set.of("VIP"))).as("exact match").isEmpty();
        assertThat(TagTierRules.tierFor(tags(), Set.of())).isEmpty();
    }

    @Test
    void r_tier_5_gainingATagMovesTheCustomerIntoItsTierFromWhenItWasSet() {
        Transition t = TagTierRules.applyTags(fresh(), tags(), Set.of("vip"), "evt-1", OCCURRED, NOW, ids);

        assertThat(t.state().effectiveTierId()).isEqualTo("vip");
        assertThat(t.state().effectiveSource()).isEqualTo(TierSource.TAG);
        assertThat(t.state().tierSince()).isEqualTo(OCCURRED);
        assertThat(t.changes()).singleElement().satisfies(c -> {
            assertThat(c.cause()).isEqualTo(TierChangeCause.TAG_CHANGE);
            assertThat(c.fromTierId()).isNull();
            assertThat(c.toTierId()).isEqualTo("vip");
            assertThat(c.effectiveTime()).isEqualTo(OCCURRED);
            assertThat(c.createTime()).isEqualTo(NOW);
            assertThat(c.triggerActivityId()).isEqualTo("evt-1");
            assertThat(c.actor()).isEqualTo(TierChange.SYSTEM_ACTOR);
            assertThat(c.changesEffectiveTier()).isTrue();
        });
    }

    @Test
    void r_tier_5_losingEveryTierTagLeavesNoTier() {
        CustomerTierState vip = TagTierRules.applyTags(fresh(), tags(), Set.of("vip"), "evt-1", OCCURRED, NOW, ids)
                .state();

        Transition t = TagTierRules.applyTags(vip, tags(), Set.of(), "evt-2", OCCURRED.plusSeconds(60), NOW, ids);

        assertThat(t.state().effectiveTierId()).isNull();
        assertThat(t.state().tierSince()).isNull();
        assertThat(t.changes().get(0).toTierId()).isNull();
    }

    @Test
    void r_tier_5_theSameTierAgainChangesNothing() {
        CustomerTierState vip = TagTierRules.applyTags(fresh(), tags(), Set.of("vip"), "evt-1", OCCURRED, NOW, ids)
                .state();

        Transition t = TagTierRules.applyTags(vip, tags(), Set.of("vip", "other"), "evt-2", OCCURRED, NOW, ids);

        assertThat(t.changed()).isFalse();
        assertThat(t.state()).isEqualTo(vip);
    }

    @Test
    void r_tier_6_underAManualAssignmentOnlyTheComputedTierMovesAndTheChangeIsOverridden() {
        CustomerTierState manual = ManualTierRules.assign(fresh(), tags(), "vip", "gift", JANE, null, NOW, ids).state();

        Transition t = TagTierRules.applyTags(manual, tags(), Set.of("vvip"), "evt-1", OCCURRED, NOW, ids);

        assertThat(t.state().effectiveTierId()).isEqualTo("vip");
        assertThat(t.state().computedTierId()).isEqualTo("vvip");
        assertThat(t.state().tierSince()).isEqualTo(NOW);
        assertThat(t.changes()).singleElement().satisfies(c -> {
            assertThat(c.overridden()).isTrue();
            assertThat(c.changesEffectiveTier()).isFalse();
            assertThat(c.toTierId()).isEqualTo("vvip");
        });
    }

    @Test
    void r_tier_5_tagsDoNotPlaceCustomersInThresholdPrograms() {
        Transition t = TagTierRules.applyTags(computed("silver", 1200, OCCURRED), points(), Set.of("silver"), "evt-1",
                OCCURRED, NOW, ids);

        assertThat(t.changed()).isFalse();
        assertThat(t.state().computedTierId()).isEqualTo("silver");
    }

    @Test
    void r_tier_6_anEndedAssignmentIsRecordedBeforeTheTagChange() {
        Instant end = NOW.plus(Duration.ofDays(1));
        CustomerTierState manual = ManualTierRules.assign(fresh(), tags(), "vvip", "trial", JANE, end, NOW, ids).state();

        Transition t = TagTierRules.applyTags(manual, tags(), Set.of("vip"), "evt-1", end.plusSeconds(5),
                end.plusSeconds(10), ids);

        assertThat(t.changes()).extracting(TierChange::cause)
                .containsExactly(TierChangeCause.MANUAL_EXPIRED, TierChangeCause.TAG_CHANGE);
        assertThat(t.state().effectiveTierId()).isEqualTo("vip");
        assertThat(t.changes().get(1).overridden()).isFalse();
    }
}
