package io.laurel.program.domain.tier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.laurel.platform.common.ExpiryPolicy;
import io.laurel.platform.common.Money;
import io.laurel.platform.error.ConflictException;
import io.laurel.platform.error.FailedPreconditionException;
import io.laurel.platform.error.FieldViolation;
import io.laurel.platform.error.Violations;
import io.laurel.program.domain.milestone.Reward;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class TierProgramRulesTest {

    private static final Instant T0 = Instant.parse("2026-05-01T10:00:00Z");

    private static PerkSet perks(int multiplierBps) {
        return new PerkSet(multiplierBps, null, null, List.of());
    }

    private static TierDefinition threshold(String id, long threshold) {
        return new TierDefinition(id, id.toUpperCase(), threshold, "", 0, perks(10000));
    }

    private static TierDefinition tagged(String id, String tag, int rank) {
        return new TierDefinition(id, id, 0, tag, rank, perks(10000));
    }

    private static TierProgramVersion program(TierBasis criterion, QualifyingWindow window, List<TierDefinition> tiers) {
        return new TierProgramVersion("", "store-1", "VIP", null, criterion, window, tiers, 0, null, null);
    }

    /** "Gold at 1,000 points, Platinum at 5,000, over 365 days from the last upgrade". */
    private static TierProgramVersion goldPlatinum() {
        return program(TierBasis.POINTS_EARNED, QualifyingWindow.ROLLING_365_DAYS_FROM_UPGRADE, List.of(
                new TierDefinition("gold", "Gold", 1000, "", 0, new PerkSet(15000, new Reward.Points(200L, null),
                        ExpiryPolicy.afterDays(365), List.of("Free shipping"))),
                new TierDefinition("platinum", "Platinum", 5000, "", 0, new PerkSet(20000, null, null,
                        List.of("Free shipping", "Early access")))));
    }

    private static List<String> violations(TierProgramVersion p) {
        Violations v = new Violations();
        TierProgramRules.validate(p, "USD", v);
        return v.list().stream().map(FieldViolation::field).toList();
    }

    private static TierProgramVersion stored(ProgramStatus status) {
        TierProgramVersion created = TierProgramRules.create(goldPlatinum(), "t-1", "store-1", T0);
        return status == ProgramStatus.DRAFT ? created : created.withStatus(status, T0.plusSeconds(1));
    }

    @Test
    void r_tier_1_theBriefsExampleIsValidAndCreatedAsDraftVersion1() {
        assertThat(violations(goldPlatinum())).isEmpty();
        TierProgramVersion created = TierProgramRules.create(goldPlatinum(), "t-1", "store-1", T0);
        assertThat(created.status()).isEqualTo(ProgramStatus.DRAFT);
        assertThat(created.version()).isEqualTo(1);
        assertThat(created.createTime()).isEqualTo(T0);
    }

    @Test
    void r_tier_1_exactlyOneCriterionWithTheWindowItNeeds() {
        assertThat(violations(program(null, null, List.of(threshold("gold", 1))))).containsExactly("criterion");
        for (TierBasis criterion : List.of(TierBasis.POINTS_EARNED, TierBasis.AMOUNT_SPENT)) {
            assertThat(violations(program(criterion, null, List.of(threshold("gold", 1))))).containsExactly("window");
            for (QualifyingWindow window : QualifyingWindow.values()) {
                assertThat(violations(program(criterion, window, List.of(threshold("gold", 1))))).isEmpty();
            }
        }
        assertThat(violations(program(TierBasis.CUSTOMER_TAG, QualifyingWindow.LIFETIME,
                List.of(tagged("gold", "gold", 1))))).containsExactly("window");
        assertThat(violations(program(TierBasis.CUSTOMER_TAG, null, List.of(tagged("gold", "gold", 1))))).isEmpty();
    }

    @Test
    void r_tier_2_thresholdsAreStrictlyIncreasing() {
        // that each is ≥ 0 is the contract's (ProgramContractLimitsTest)
        assertThat(violations(program(TierBasis.AMOUNT_SPENT, QualifyingWindow.LIFETIME, List.of(threshold("a", 0),
                threshold("b", 100), threshold("c", 100), threshold("d", 50), threshold("e", -1), threshold("f", 101)))))
                .containsExactly("tiers[2].threshold", "tiers[3].threshold", "tiers[4].threshold");
    }

    @Test
    void r_tier_2_tagTiersHaveUniqueTagsAndIncreasingRanksAndNoThreshold() {
        assertThat(violations(program(TierBasis.CUSTOMER_TAG, null, List.of(tagged("a", "vip", 1),
                tagged("b", "vip", 2), tagged("c", "", 3), tagged("d", "d", 3), tagged("e", "e", 0),
                new TierDefinition("f", "f", 10, "f", 9, perks(10000))))))
                .containsExactly("tiers[1].tag", "tiers[2].tag", "tiers[3].rank", "tiers[4].rank", "tiers[5].threshold");
    }

    @Test
    void r_tier_2_thresholdTiersCarryNoTagOrRank() {
        assertThat(violations(program(TierBasis.POINTS_EARNED, QualifyingWindow.LIFETIME,
                List.of(new TierDefinition("a", "A", 1, "vip", 2, perks(10000))))))
                .containsExactly("tiers[0].tag", "tiers[0].rank");
    }

    @Test
    void r_tier_2_atLeastOneTierWithUniqueIds() {
        // at most 50 tiers, the tier id's format and the name are the contract's (ProgramContractLimitsTest)
        assertThat(violations(program(TierBasis.POINTS_EARNED, QualifyingWindow.LIFETIME, List.of())))
                .containsExactly("tiers");
        List<TierDefinition> fifty = IntStream.range(0, 50).mapToObj(i -> threshold("t" + i, i)).toList();
        assertThat(violations(program(TierBasis.POINTS_EARNED, QualifyingWindow.LIFETIME, fifty))).isEmpty();
        assertThat(violations(program(TierBasis.POINTS_EARNED, QualifyingWindow.LIFETIME, List.of(
                threshold("gold", 1), threshold("gold", 2), threshold("silver", 3), threshold("silver", 4)))))
                .containsExactly("tiers[1].tier_id", "tiers[3].tier_id");
    }

    @Test
    void r_tier_2_anEntryRewardIsAFixedAmountInTheStoreCurrencyWithAnExpiry() {
        // the multiplier's range and the benefits are the contract's (ProgramContractLimitsTest)
        TierDefinition bad = new TierDefinition("gold", "Gold", 1, "", 0, new PerkSet(10000, new Reward.StoreCredit(null, 500),
                null, List.of("ok")));
        assertThat(violations(program(TierBasis.POINTS_EARNED, QualifyingWindow.LIFETIME, List.of(bad))))
                .containsExactly("tiers[0].perks.entry_reward.store_credit.percent_of_order_bps",
                        "tiers[0].perks.entry_reward_expiry");
        TierDefinition credit = new TierDefinition("gold", "Gold", 1, "", 0, new PerkSet(1_000_000,
                new Reward.StoreCredit(new Money(500, "EUR"), null), ExpiryPolicy.never(), List.of()));
        assertThat(violations(program(TierBasis.POINTS_EARNED, QualifyingWindow.LIFETIME, List.of(credit))))
                .containsExactly("tiers[0].perks.entry_reward.store_credit.fixed_amount.currency_code");
    }

    @Test
    void r_tier_2_anEntryRewardExpiryNeedsAnEntryReward() {
        TierDefinition expiryAlone = new TierDefinition("gold", "Gold", 1, "", 0, new PerkSet(10000, null, ExpiryPolicy.never(), List.of()));
        assertThat(violations(program(TierBasis.POINTS_EARNED, QualifyingWindow.LIFETIME, List.of(expiryAlone))))
                .containsExactly("tiers[0].perks.entry_reward_expiry");
    }

    @Test
    void r_prog_10_everyViolationOfATierProgramIsCollectedAtOnce() {
        TierProgramVersion bad = new TierProgramVersion("", "store-1", "", null, TierBasis.AMOUNT_SPENT, null, List.of(
                new TierDefinition("gold", "Gold", 100, "gold", 2, new PerkSet(10000,
                        new Reward.StoreCredit(new Money(500, "EUR"), null), ExpiryPolicy.afterDays(0), List.of())),
                new TierDefinition("silver", "Silver", 50, "", 0, perks(10000))), 0, null, null);

        // a malformed tier id, name, multiplier or benefit is the contract's (ProgramContractLimitsTest)
        assertThat(violations(bad)).containsExactlyInAnyOrder("internal_name", "window",
                "tiers[0].tag", "tiers[0].rank", "tiers[0].perks.entry_reward_expiry.days",
                "tiers[0].perks.entry_reward.store_credit.fixed_amount.currency_code", "tiers[1].threshold");
    }

    @Test
    void r_prog_10_anUpdateOfATierProgramChecksOnlyTheFieldsItSets() {
        TierProgramVersion partial = new TierProgramVersion("", "", "", null, null, null, List.of(threshold("gold", 5),
                threshold("gold", 3)), 0, null, null);
        Violations v = new Violations();
        TierProgramRules.validateContextFree(partial, java.util.Set.of("tiers"), v);
        // the criterion is the stored one: thresholds versus tags are decided on the merged program
        assertThat(v.list()).extracting(FieldViolation::field).containsExactly("tiers[1].tier_id");
    }

    @Test
    void r_tier_7_thresholdsChangeOnAnActiveProgramAsANewVersion() {
        TierProgramVersion active = stored(ProgramStatus.ACTIVE);
        TierProgramVersion lower = program(TierBasis.POINTS_EARNED, QualifyingWindow.ROLLING_365_DAYS_FROM_UPGRADE,
                List.of(threshold("gold", 800), threshold("platinum", 4000)));
        TierProgramVersion next = TierProgramRules.update(active, lower, T0.plusSeconds(60));
        assertThat(next.version()).isEqualTo(active.version() + 1);
        assertThat(next.status()).isEqualTo(ProgramStatus.ACTIVE);
        assertThat(next.tiers()).extracting(TierDefinition::threshold).containsExactly(800L, 4000L);
        assertThat(next.createTime()).isEqualTo(T0);
    }

    @Test
    void r_tier_1_criterionAndWindowAreFixedOnceActivated() {
        TierProgramVersion tags = program(TierBasis.CUSTOMER_TAG, null, List.of(tagged("a", "a", 1)));
        assertThat(TierProgramRules.update(stored(ProgramStatus.DRAFT), tags, T0).criterion())
                .isEqualTo(TierBasis.CUSTOMER_TAG);
        assertThatThrownBy(() -> TierProgramRules.update(stored(ProgramStatus.ACTIVE), tags, T0))
                .isInstanceOfSatisfying(FailedPreconditionException.class,
                        e -> assertThat(e.reason()).isEqualTo("CRITERION_IMMUTABLE"));
        TierProgramVersion calendar = program(TierBasis.POINTS_EARNED, QualifyingWindow.CALENDAR_YEAR, goldPlatinum().tiers());
        assertThatThrownBy(() -> TierProgramRules.update(stored(ProgramStatus.ACTIVE), calendar, T0))
                .isInstanceOfSatisfying(FailedPreconditionException.class,
                        e -> assertThat(e.reason()).isEqualTo("WINDOW_IMMUTABLE"));
    }

    @Test
    void r_tier_1_lifecycleDraftActiveArchived() {
        TierProgramVersion draft = stored(ProgramStatus.DRAFT);
        TierProgramVersion active = TierProgramRules.activate(draft, T0.plusSeconds(3));
        assertThat(active.status()).isEqualTo(ProgramStatus.ACTIVE);
        assertThat(active.version()).isEqualTo(2);
        assertThat(TierProgramRules.activate(active, T0)).isSameAs(active);
        TierProgramVersion archived = TierProgramRules.archive(active, T0);
        assertThat(archived.status()).isEqualTo(ProgramStatus.ARCHIVED);
        assertThat(TierProgramRules.archive(archived, T0)).isSameAs(archived);
        assertThat(TierProgramRules.archive(draft, T0).status()).isEqualTo(ProgramStatus.ARCHIVED);
        for (Runnable readOnly : List.<Runnable>of(() -> TierProgramRules.activate(archived, T0),
                () -> TierProgramRules.update(archived, goldPlatinum(), T0))) {
            assertThatThrownBy(readOnly::run).isInstanceOfSatisfying(FailedPreconditionException.class,
                    e -> assertThat(e.reason()).isEqualTo("PROGRAM_ARCHIVED"));
        }
    }

    @Test
    void r_prog_9_aStaleVersionIsAConflict() {
        assertThatThrownBy(() -> TierProgramRules.requireVersion(stored(ProgramStatus.ACTIVE), 1))
                .isInstanceOfSatisfying(ConflictException.class,
                        e -> assertThat(e.metadata()).containsEntry("current_version", "2"));
    }
}
