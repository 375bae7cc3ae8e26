package io.laurel.program.domain.milestone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.laurel.platform.common.ExpiryPolicy;
import io.laurel.platform.common.Money;
import io.laurel.platform.error.ConflictException;
import io.laurel.platform.error.FailedPreconditionException;
import io.laurel.platform.error.FieldViolation;
import io.laurel.platform.error.Violations;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class MilestoneProgramRulesTest {

    private static final Instant T0 = Instant.parse("2026-05-01T10:00:00Z");
    private static final Set<String> TIERS = Set.of("gold", "platinum");

    private static Reward points(long n) {
        return new Reward.Points(n, null);
    }

    private static Reward percentPoints(int bps) {
        return new Reward.Points(null, bps);
    }

    private static MilestoneProgramVersion program(Metric metric, List<MilestoneStep> milestones) {
        return new MilestoneProgramVersion("", "store-1", "Orders 2026", "", null, ProgramSchedule.ALWAYS, metric, null, milestones,
                new ExpiryPolicy(ExpiryPolicy.Kind.STORE_DEFAULT, 0), RefundRule.KEEP, 0, null, null);
    }

    /** "5 orders → 100 points, 20 orders → 500 points, 30 orders → a free shirt". */
    private static MilestoneProgramVersion shirtProgram() {
        return program(Metric.ORDER_COUNT, List.of(new MilestoneStep(5, points(100)), new MilestoneStep(20, points(500)),
                new MilestoneStep(30, new Reward.FreeProduct("shirt", "", 1))));
    }

    private static MilestoneProgramVersion with(MilestoneProgramVersion p, Eligibility condition) {
        return new MilestoneProgramVersion(p.programId(), p.storeId(), p.internalName(), p.title(), p.status(), p.schedule(),
                p.metric(), condition, p.milestones(), p.pointsExpiry(), p.refundPolicy(), p.version(), p.createTime(),
                p.updateTime());
    }

    private static MilestoneProgramVersion withSchedule(MilestoneProgramVersion p, ProgramSchedule schedule) {
        return new MilestoneProgramVersion(p.programId(), p.storeId(), p.internalName(), p.title(), p.status(), schedule,
                p.metric(), p.condition(), p.milestones(), p.pointsExpiry(), p.refundPolicy(), p.version(),
                p.createTime(), p.updateTime());
    }

    private static MilestoneProgramVersion named(MilestoneProgramVersion p, String name, String title) {
        return new MilestoneProgramVersion(p.programId(), p.storeId(), name, title, p.status(), p.schedule(), p.metric(),
                p.condition(), p.milestones(), p.pointsExpiry(), p.refundPolicy(), p.version(), p.createTime(),
                p.updateTime());
    }

    private static MilestoneProgramVersion expiring(MilestoneProgramVersion p, ExpiryPolicy policy) {
        return new MilestoneProgramVersion(p.programId(), p.storeId(), p.internalName(), p.title(), p.status(), p.schedule(),
                p.metric(), p.condition(), p.milestones(), policy, p.refundPolicy(), p.version(), p.createTime(),
                p.updateTime());
    }

    private static List<String> violations(MilestoneProgramVersion p) {
        Violations v = new Violations();
        MilestoneProgramRules.validate(p, "USD", TIERS, v);
        return v.list().stream().map(FieldViolation::field).toList();
    }

    private static MilestoneProgramVersion stored(ProgramStatus status) {
        MilestoneProgramVersion created = MilestoneProgramRules.create(shirtProgram(), "p-1", "store-1", T0);
        return status == ProgramStatus.DRAFT ? created : created.withStatus(status, T0.plusSeconds(1));
    }

    @Test
    void r_prog_1_theBriefsExampleIsValidAndCreatedAsDraftVersion1() {
        assertThat(violations(shirtProgram())).isEmpty();
        MilestoneProgramVersion created = MilestoneProgramRules.create(shirtProgram(), "p-1", "store-1", T0);
        assertThat(created.status()).isEqualTo(ProgramStatus.DRAFT);
        assertThat(created.version()).isEqualTo(1);
        assertThat(created.createTime()).isEqualTo(T0);
        assertThat(created.updateTime()).isEqualTo(T0);
        assertThat(created.programId()).isEqualTo("p-1");
    }

    @Test
    void r_prog_1_theInternalNameIsRequiredAndTheTitleOptional() {
        // their lengths, and a name of only spaces, are the contract's (ProgramContractLimitsTest)
        assertThat(violations(named(shirtProgram(), "", ""))).containsExactly("internal_name");
        assertThat(violations(named(shirtProgram(), "x".repeat(200), "t".repeat(200)))).isEmpty();
    }

    @Test
    void r_prog_1_theScheduleMustEndAfterItStarts() {
        assertThat(violations(withSchedule(shirtProgram(), new ProgramSchedule(T0, T0.minusSeconds(1)))))
                .containsExactly("schedule.end_time");
        assertThat(violations(withSchedule(shirtProgram(), new ProgramSchedule(T0, T0)))).containsExactly("schedule.end_time");
        assertThat(violations(withSchedule(shirtProgram(), new ProgramSchedule(T0, T0.plusSeconds(1))))).isEmpty();
        assertThat(violations(withSchedule(shirtProgram(), new ProgramSchedule(null, T0)))).isEmpty();
        assertThat(violations(withSchedule(shirtProgram(), new ProgramSchedule(T0, null)))).isEmpty();
    }

    @Test
    void r_prog_2_everyMetricIsAcceptedAndTheMetricIsRequired() {
        for (Metric metric : Metric.values()) {
            assertThat(violations(program(metric, List.of(new MilestoneStep(5, points(100)))))).as(metric.name()).isEmpty();
        }
        assertThat(violations(program(null, List.of(new MilestoneStep(5, points(100)))))).containsExactly("metric");
    }

    @Test
    void r_prog_3_targetsAreStrictlyIncreasing() {
        // that each is positive is the contract's (ProgramContractLimitsTest)
        assertThat(violations(program(Metric.ORDER_COUNT, List.of(new MilestoneStep(1, points(1)),
                new MilestoneStep(5, points(1)), new MilestoneStep(5, points(1)), new MilestoneStep(4, points(1)),
                new MilestoneStep(6, points(1))))))
                .containsExactly("milestones[2].target", "milestones[3].target");
    }

    @Test
    void r_prog_3_atLeastOneMilestone() {
        // at most 1000 is the contract's (ProgramContractLimitsTest)
        assertThat(violations(program(Metric.ORDER_COUNT, List.of()))).containsExactly("milestones");
        List<MilestoneStep> thousand = IntStream.rangeClosed(1, 1000).mapToObj(i -> new MilestoneStep(i, points(1))).toList();
        assertThat(violations(program(Metric.ORDER_COUNT, thousand))).isEmpty();
    }

    @Test
    void r_prog_4_fixedRewardsOfEveryKind() {
        assertThat(violations(program(Metric.ORDER_COUNT, List.of(
                new MilestoneStep(5, new Reward.StoreCredit(new Money(1000, "USD"), null)),
                new MilestoneStep(10, new Reward.StoreCredit(new Money(2500, "USD"), null)),
                new MilestoneStep(20, new Reward.FreeProduct("shirt", "shirt-blue-m", 2)))))).isEmpty();
    }

    @Test
    void r_prog_4_percentageRewardsOnlyForMetricsWithAnOrder() {
        for (Metric metric : List.of(Metric.ORDER_COUNT, Metric.AMOUNT_SPENT)) {
            assertThat(violations(program(metric, List.of(new MilestoneStep(5, percentPoints(1000)),
                    new MilestoneStep(6, new Reward.StoreCredit(null, 10000)))))).as(metric.name()).isEmpty();
        }
        for (Metric metric : List.of(Metric.POINTS_EARNED, Metric.REVIEW_COUNT, Metric.INACTIVITY_DAYS)) {
            assertThat(violations(program(metric, List.of(new MilestoneStep(5, percentPoints(1000)),
                    new MilestoneStep(6, new Reward.StoreCredit(null, 500))))))
                    .as(metric.name())
                    .containsExactly("milestones[0].reward.points.percent_of_order_bps",
                            "milestones[1].reward.store_credit.percent_of_order_bps");
        }
    }

    @Test
    void l_track_14_anInactivityTargetIsAtMostAHundredYears() {
        assertThat(violations(program(Metric.INACTIVITY_DAYS, List.of(new MilestoneStep(36_500, points(1)),
                new MilestoneStep(1_000_000_000_000L, points(2)))))).containsExactly("milestones[1].target");
        assertThat(violations(program(Metric.ORDER_COUNT, List.of(new MilestoneStep(1_000_000_000_000L, points(2))))))
                .isEmpty();
    }

    @Test
    void r_prog_4_fixedStoreCreditIsPositiveInACurrencyIso4217Knows() {
        // a reward's kind, amounts, ranges and product are the contract's (ProgramContractLimitsTest)
        assertThat(violations(program(Metric.ORDER_COUNT, List.of(
                new MilestoneStep(5, new Reward.StoreCredit(new Money(0, "usd"), null)),
                new MilestoneStep(6, new Reward.StoreCredit(new Money(-1, "XXQ"), null))))))
                .containsExactly("milestones[0].reward.store_credit.fixed_amount.amount_minor",
                        "milestones[0].reward.store_credit.fixed_amount.currency_code",
                        "milestones[1].reward.store_credit.fixed_amount.amount_minor",
                        "milestones[1].reward.store_credit.fixed_amount.currency_code");
    }

    @Test
    void r_store_3_moneyIsInTheStoreCurrency() {
        assertThat(violations(program(Metric.ORDER_COUNT, List.of(
                new MilestoneStep(5, new Reward.StoreCredit(new Money(1000, "EUR"), null)),
                new MilestoneStep(6, new Reward.StoreCredit(new Money(1000, "ZZZ"), null))))))
                .containsExactlyInAnyOrder("milestones[0].reward.store_credit.fixed_amount.currency_code",
                        "milestones[1].reward.store_credit.fixed_amount.currency_code");
    }

    @Test
    void r_prog_5_aWellFormedConditionTreePasses() {
        Eligibility tree = new Eligibility.AllOf(List.of(
                new Eligibility.CustomerTags(Eligibility.TagMatch.ANY, List.of("vip", "wholesale")),
                new Eligibility.Not(new Eligibility.CustomerTags(Eligibility.TagMatch.NONE, List.of("banned"))),
                new Eligibility.AnyOf(List.of(new Eligibility.CurrentTier(List.of("gold", "platinum")),
                        new Eligibility.MinimumOrderAmount(new Money(5000, "USD"))))));
        assertThat(violations(with(shirtProgram(), tree))).isEmpty();
        assertThat(violations(with(shirtProgram(), null))).as("no condition: every customer").isEmpty();
    }

    @Test
    void r_prog_5_malformedConditionsNameEveryBadNode() {
        // a node without a kind, tags, tier id lists and child lists are the contract's
        // (ProgramContractLimitsTest); here the store's tiers and currency, and a positive amount
        Eligibility tree = new Eligibility.AnyOf(List.of(
                new Eligibility.CustomerTags(Eligibility.TagMatch.ALL, List.of("ok")),
                new Eligibility.CurrentTier(List.of("gold", "bronze")),
                new Eligibility.MinimumOrderAmount(new Money(0, "EUR"))));
        assertThat(violations(with(shirtProgram(), tree))).containsExactlyInAnyOrder(
                "condition.any_of.conditions[1].current_tier.tier_ids[1]",
                "condition.any_of.conditions[2].minimum_order_amount.amount.amount_minor",
                "condition.any_of.conditions[2].minimum_order_amount.amount.currency_code");
    }

    @Test
    void r_prog_5_aMinimumOrderAmountOnlyForMetricsWithOrders() {
        Eligibility min = new Eligibility.MinimumOrderAmount(new Money(5000, "USD"));
        assertThat(violations(with(program(Metric.AMOUNT_SPENT, List.of(new MilestoneStep(1, points(1)))), min))).isEmpty();
        assertThat(violations(with(program(Metric.REVIEW_COUNT, List.of(new MilestoneStep(1, points(1)))), min)))
                .containsExactly("condition.minimum_order_amount");
    }

    @Test
    void r_prog_5_conditionsNestAtMostEightLevelsAndAHundredNodes() {
        Eligibility eight = new Eligibility.CustomerTags(Eligibility.TagMatch.ANY, List.of("vip"));
        for (int i = 0; i < 7; i++) {
            eight = new Eligibility.Not(eight);
        }
        assertThat(violations(with(shirtProgram(), eight))).isEmpty();
        assertThat(violations(with(shirtProgram(), new Eligibility.Not(eight)))).hasSize(1).first().asString()
                .startsWith("condition.not.not.not.not.not.not.not.not");

        Eligibility leaf = new Eligibility.CustomerTags(Eligibility.TagMatch.ANY, List.of("vip"));
        List<Eligibility> twenty = java.util.Collections.nCopies(20, leaf);
        Eligibility wide = new Eligibility.AllOf(java.util.Collections.nCopies(5, new Eligibility.AnyOf(twenty)));
        assertThat(violations(with(shirtProgram(), wide))).as("106 nodes").containsExactly("condition.all_of.conditions[4].any_of.conditions[14]");
    }

    @Test
    void r_prog_6_expiryIsStoreDefaultNeverOrAfterNDays() {
        assertThat(violations(expiring(shirtProgram(), ExpiryPolicy.never()))).isEmpty();
        assertThat(violations(expiring(shirtProgram(), ExpiryPolicy.afterDays(3650)))).isEmpty();
        // at most 3650 days, and a kind, are the contract's (ProgramContractLimitsTest)
        assertThat(violations(expiring(shirtProgram(), ExpiryPolicy.afterDays(0)))).containsExactly("points_expiry.days");
        assertThat(violations(expiring(shirtProgram(), new ExpiryPolicy(ExpiryPolicy.Kind.NEVER, 3))))
                .containsExactly("points_expiry.days");
        assertThat(violations(expiring(shirtProgram(), null))).containsExactly("points_expiry");
    }

    @Test
    void r_prog_10_everyViolationIsCollectedAtOnce() {
        MilestoneProgramVersion bad = new MilestoneProgramVersion("", "store-1", "", "t".repeat(201), null,
                new ProgramSchedule(T0, T0.minusSeconds(1)), Metric.REVIEW_COUNT,
                new Eligibility.AllOf(List.of(new Eligibility.CurrentTier(List.of("diamond")), new Eligibility.Unset(),
                        new Eligibility.MinimumOrderAmount(new Money(500, "EUR")))),
                List.of(new MilestoneStep(5, percentPoints(100)), new MilestoneStep(5, new Reward.StoreCredit(new Money(0, "EUR"), null))),
                ExpiryPolicy.afterDays(0), null, 0, null, null);

        // the title's length and the node without a kind are the contract's (ProgramContractLimitsTest)
        assertThat(violations(bad)).containsExactlyInAnyOrder(
                "internal_name", "schedule.end_time", "milestones[0].reward.points.percent_of_order_bps",
                "milestones[1].target", "milestones[1].reward.store_credit.fixed_amount.amount_minor",
                "milestones[1].reward.store_credit.fixed_amount.currency_code", "points_expiry.days",
                "condition.all_of.conditions[0].current_tier.tier_ids[0]",
                "condition.all_of.conditions[2].minimum_order_amount",
                "condition.all_of.conditions[2].minimum_order_amount.amount.currency_code");
    }

    @Test
    void r_prog_10_theContextFreeChecksNeedNoStoreAndTheStoreChecksOnlyTheStore() {
        MilestoneProgramVersion wrongStore = with(program(Metric.ORDER_COUNT, List.of(new MilestoneStep(5,
                        new Reward.StoreCredit(new Money(1000, "EUR"), null)))),
                new Eligibility.CurrentTier(List.of("gold", "diamond")));
        Violations shape = new Violations();
        MilestoneProgramRules.validateContextFree(wrongStore, MilestoneProgramRules.FIELDS, shape);
        assertThat(shape.list()).isEmpty();
        Violations store = new Violations();
        MilestoneProgramRules.validateInStore(wrongStore, "USD", TIERS, store);
        assertThat(store.list()).extracting(FieldViolation::field).containsExactlyInAnyOrder(
                "milestones[0].reward.store_credit.fixed_amount.currency_code", "condition.current_tier.tier_ids[1]");
    }

    @Test
    void r_prog_10_anUpdateChecksOnlyTheFieldsItSets() {
        MilestoneProgramVersion partial = new MilestoneProgramVersion("", "", "", "t", null, ProgramSchedule.ALWAYS, null, null,
                List.of(new MilestoneStep(5, percentPoints(100)), new MilestoneStep(3, points(1))), null, null, 0, null,
                null);
        Violations v = new Violations();
        MilestoneProgramRules.validateContextFree(partial, Set.of("title", "milestones"), v);
        // the empty name, metric and expiry are not set by this update; the metric is the stored one:
        // whether a percentage is allowed is decided on the merged program
        assertThat(v.list()).extracting(FieldViolation::field).containsExactlyInAnyOrder("milestones[1].target");
    }

    @Test
    void r_prog_7_inactivityProgramsAreHiddenFromShoppers() {
        assertThat(program(Metric.INACTIVITY_DAYS, List.of()).hiddenFromShoppers()).isTrue();
        for (Metric metric : List.of(Metric.ORDER_COUNT, Metric.AMOUNT_SPENT, Metric.POINTS_EARNED, Metric.REVIEW_COUNT)) {
            assertThat(program(metric, List.of()).hiddenFromShoppers()).as(metric.name()).isFalse();
        }
    }

    @Test
    void r_prog_9_aStaleVersionIsAConflictNamingTheCurrentVersion() {
        MilestoneProgramVersion v1 = stored(ProgramStatus.DRAFT);
        MilestoneProgramRules.requireVersion(v1, 1);
        assertThatThrownBy(() -> MilestoneProgramRules.requireVersion(v1, 3))
                .isInstanceOfSatisfying(ConflictException.class,
                        e -> assertThat(e.metadata()).containsEntry("current_version", "1"));
    }

    @Test
    void r_prog_9_anUpdateMakesTheNextVersionAndKeepsStatusAndCreateTime() {
        MilestoneProgramVersion active = stored(ProgramStatus.ACTIVE);
        MilestoneProgramVersion next = MilestoneProgramRules.update(active, named(shirtProgram(), "renamed", "t"),
                T0.plusSeconds(60));
        assertThat(next.version()).isEqualTo(active.version() + 1);
        assertThat(next.status()).isEqualTo(ProgramStatus.ACTIVE);
        assertThat(next.internalName()).isEqualTo("renamed");
        assertThat(next.createTime()).isEqualTo(T0);
        assertThat(next.updateTime()).isEqualTo(T0.plusSeconds(60));
    }

    @Test
    void r_prog_9_theMetricChangesOnlyBeforeActivation() {
        MilestoneProgramVersion reviews = program(Metric.REVIEW_COUNT, shirtProgram().milestones());
        assertThat(MilestoneProgramRules.update(stored(ProgramStatus.DRAFT), reviews, T0).metric())
                .isEqualTo(Metric.REVIEW_COUNT);
        for (ProgramStatus status : List.of(ProgramStatus.ACTIVE, ProgramStatus.PAUSED)) {
            assertThatThrownBy(() -> MilestoneProgramRules.update(stored(status), reviews, T0))
                    .isInstanceOfSatisfying(FailedPreconditionException.class,
                            e -> assertThat(e.reason()).isEqualTo("METRIC_IMMUTABLE"));
        }
    }

    @Test
    void r_prog_1_anArchivedProgramIsReadOnly() {
        MilestoneProgramVersion archived = stored(ProgramStatus.ARCHIVED);
        assertThatThrownBy(() -> MilestoneProgramRules.update(archived, shirtProgram(), T0))
                .isInstanceOfSatisfying(FailedPreconditionException.class,
                        e -> assertThat(e.reason()).isEqualTo("PROGRAM_ARCHIVED"));
        assertThatThrownBy(() -> MilestoneProgramRules.activate(archived, T0))
                .isInstanceOfSatisfying(FailedPreconditionException.class,
                        e -> assertThat(e.reason()).isEqualTo("PROGRAM_ARCHIVED"));
        assertThat(MilestoneProgramRules.archive(archived, T0)).isSameAs(archived);
    }

    @Test
    void r_prog_1_statusTransitionsMakeNewVersions() {
        MilestoneProgramVersion draft = stored(ProgramStatus.DRAFT);
        MilestoneProgramVersion active = MilestoneProgramRules.activate(draft, T0.plusSeconds(5));
        assertThat(active.status()).isEqualTo(ProgramStatus.ACTIVE);
        assertThat(active.version()).isEqualTo(2);
        assertThat(active.updateTime()).isEqualTo(T0.plusSeconds(5));
        assertThat(MilestoneProgramRules.activate(active, T0)).as("no-op").isSameAs(active);

        MilestoneProgramVersion paused = MilestoneProgramRules.pause(active, T0);
        assertThat(paused.status()).isEqualTo(ProgramStatus.PAUSED);
        assertThat(MilestoneProgramRules.pause(paused, T0)).as("no-op").isSameAs(paused);
        assertThat(MilestoneProgramRules.activate(paused, T0).status()).isEqualTo(ProgramStatus.ACTIVE);

        assertThat(MilestoneProgramRules.archive(draft, T0).status()).isEqualTo(ProgramStatus.ARCHIVED);
        assertThat(MilestoneProgramRules.archive(paused, T0).status()).isEqualTo(ProgramStatus.ARCHIVED);
    }

    @Test
    void r_prog_1_onlyAnActiveProgramCanBePaused() {
        for (ProgramStatus status : List.of(ProgramStatus.DRAFT, ProgramStatus.ARCHIVED)) {
            assertThatThrownBy(() -> MilestoneProgramRules.pause(stored(status), T0))
                    .isInstanceOfSatisfying(FailedPreconditionException.class,
                            e -> assertThat(e.reason()).isEqualTo("PROGRAM_NOT_ACTIVE"));
        }
    }

    @Test
    void r_prog_8_aProgramWhoseScheduleEndedCannotBeActivated() {
        MilestoneProgramVersion ending = withSchedule(stored(ProgramStatus.DRAFT), new ProgramSchedule(null, T0.plusSeconds(10)));
        assertThat(MilestoneProgramRules.activate(ending, T0.plusSeconds(9)).status())
                .isEqualTo(ProgramStatus.ACTIVE);
        assertThatThrownBy(() -> MilestoneProgramRules.activate(ending, T0.plusSeconds(10)))
                .isInstanceOfSatisfying(FailedPreconditionException.class,
                        e -> assertThat(e.reason()).isEqualTo("SCHEDULE_ENDED"));
    }
}
