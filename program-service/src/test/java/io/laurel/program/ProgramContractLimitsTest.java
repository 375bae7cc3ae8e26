package io.laurel.program;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Message;
import io.laurel.platform.error.FieldViolation;
import io.laurel.platform.grpc.RequestShape;
import io.laurel.program.support.ProgramFixtures;
import io.laurel.proto.common.v1.FreeProductReward;
import io.laurel.proto.common.v1.Money;
import io.laurel.proto.common.v1.PointsExpiryPolicy;
import io.laurel.proto.common.v1.PointsExpiryPolicyKind;
import io.laurel.proto.common.v1.PointsReward;
import io.laurel.proto.common.v1.RewardSpec;
import io.laurel.proto.common.v1.StoreCreditReward;
import io.laurel.proto.program.v1.ActivateMilestoneProgramRequest;
import io.laurel.proto.program.v1.ActivateTierProgramRequest;
import io.laurel.proto.program.v1.ArchiveMilestoneProgramRequest;
import io.laurel.proto.program.v1.ArchiveTierProgramRequest;
import io.laurel.proto.program.v1.Condition;
import io.laurel.proto.program.v1.ConditionList;
import io.laurel.proto.program.v1.CreateMilestoneProgramRequest;
import io.laurel.proto.program.v1.CreateTierProgramRequest;
import io.laurel.proto.program.v1.CurrentTierCondition;
import io.laurel.proto.program.v1.CustomerTagCondition;
import io.laurel.proto.program.v1.GetMilestoneProgramRequest;
import io.laurel.proto.program.v1.GetStoreSettingsRequest;
import io.laurel.proto.program.v1.GetTierProgramRequest;
import io.laurel.proto.program.v1.ListCurrentConfigRequest;
import io.laurel.proto.program.v1.ListMilestoneProgramVersionsRequest;
import io.laurel.proto.program.v1.ListMilestoneProgramsRequest;
import io.laurel.proto.program.v1.ListTierProgramVersionsRequest;
import io.laurel.proto.program.v1.ListTierProgramsRequest;
import io.laurel.proto.program.v1.Milestone;
import io.laurel.proto.program.v1.MilestoneProgram;
import io.laurel.proto.program.v1.MinimumOrderAmountCondition;
import io.laurel.proto.program.v1.PauseMilestoneProgramRequest;
import io.laurel.proto.program.v1.StoreSettings;
import io.laurel.proto.program.v1.TagMatch;
import io.laurel.proto.program.v1.Tier;
import io.laurel.proto.program.v1.TierPerks;
import io.laurel.proto.program.v1.TierProgram;
import io.laurel.proto.program.v1.UpdateMilestoneProgramRequest;
import io.laurel.proto.program.v1.UpdateStoreSettingsRequest;
import io.laurel.proto.program.v1.UpdateTierProgramRequest;
import io.laurel.proto.program.v1.WatchConfigChangesRequest;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The limits program-service's contracts state in buf.validate rules (milestone_program.proto,
 * tier_program.proto, store_settings.proto, their services, the config feed and the common/v1 types
 * they carry), as platform's RequestShapeInterceptor enforces them for every RPC before the service
 * runs (L-API-3): each test breaks one limit and expects its field path, so it fails if the
 * annotation goes. The services' own rules (increasing targets, the store's currency, update masks)
 * are the endpoint and domain tests'.
 */
class ProgramContractLimitsTest {

    private static final String EMOJI = "\uD83C\uDF89"; // one character, two UTF-16 units

    private final RequestShape shape = new RequestShape();

    private List<String> fields(Message request) {
        return shape.violations(request).stream().map(FieldViolation::field).toList();
    }

    private static CreateMilestoneProgramRequest create(MilestoneProgram program) {
        return CreateMilestoneProgramRequest.newBuilder().setRequestId("r-1").setStoreId("s-1")
                .setMilestoneProgram(program).build();
    }

    private static MilestoneProgram shirt() {
        return ProgramFixtures.ordersToPointsAndShirt();
    }

    private static MilestoneProgram withReward(RewardSpec reward) {
        return shirt().toBuilder().setMilestones(0, Milestone.newBuilder().setTarget(5).setReward(reward)).build();
    }

    private static MilestoneProgram withCondition(Condition condition) {
        return shirt().toBuilder().setCondition(condition).build();
    }

    private static Condition tags(TagMatch match, List<String> tags) {
        return Condition.newBuilder().setCustomerTags(CustomerTagCondition.newBuilder().setMatch(match).addAllTags(tags))
                .build();
    }

    private static CreateTierProgramRequest create(TierProgram program) {
        return CreateTierProgramRequest.newBuilder().setRequestId("r-1").setStoreId("s-1").setTierProgram(program).build();
    }

    private static TierProgram goldPlatinum() {
        return ProgramFixtures.goldPlatinum();
    }

    private static TierProgram withTier(Tier tier) {
        return goldPlatinum().toBuilder().setTiers(0, tier).build();
    }

    private static Tier gold() {
        return goldPlatinum().getTiers(0);
    }

    private static UpdateStoreSettingsRequest settings(StoreSettings settings) {
        return UpdateStoreSettingsRequest.newBuilder().setRequestId("r-1").setStoreId("s-1").setSettings(settings).build();
    }

    @Test
    void theExamplesKeepEveryLimit() {
        assertThat(fields(create(shirt()))).isEmpty();
        assertThat(fields(create(ProgramFixtures.storeCreditAtOrders()))).isEmpty();
        assertThat(fields(create(goldPlatinum()))).isEmpty();
        assertThat(fields(settings(ProgramFixtures.usdSettings()))).isEmpty();
    }

    // ---- ids and versions of every request

    @Test
    void l_api_3_theIdsARequestNamesAreRequiredAndAnIdOfOnlySpacesBreaksTheIdRule() {
        assertThat(fields(CreateMilestoneProgramRequest.getDefaultInstance())).containsExactly("request_id", "store_id");
        assertThat(fields(CreateTierProgramRequest.getDefaultInstance())).containsExactly("request_id", "store_id");
        assertThat(fields(UpdateMilestoneProgramRequest.getDefaultInstance()))
                .containsExactly("request_id", "store_id", "expected_version");
        assertThat(fields(UpdateTierProgramRequest.getDefaultInstance()))
                .containsExactly("request_id", "store_id", "expected_version");
        assertThat(fields(UpdateStoreSettingsRequest.getDefaultInstance())).containsExactly("request_id", "store_id");
        for (Message statusChange : List.of(ActivateMilestoneProgramRequest.getDefaultInstance(),
                PauseMilestoneProgramRequest.getDefaultInstance(), ArchiveMilestoneProgramRequest.getDefaultInstance())) {
            assertThat(fields(statusChange)).containsExactly("request_id", "store_id", "program_id", "expected_version");
        }
        for (Message statusChange : List.of(ActivateTierProgramRequest.getDefaultInstance(),
                ArchiveTierProgramRequest.getDefaultInstance())) {
            assertThat(fields(statusChange)).containsExactly("request_id", "store_id", "tier_program_id",
                    "expected_version");
        }
        assertThat(fields(GetMilestoneProgramRequest.getDefaultInstance())).containsExactly("store_id", "program_id");
        assertThat(fields(GetTierProgramRequest.getDefaultInstance())).containsExactly("store_id", "tier_program_id");
        assertThat(fields(GetStoreSettingsRequest.getDefaultInstance())).containsExactly("store_id");
        assertThat(fields(ListMilestoneProgramsRequest.getDefaultInstance())).containsExactly("store_id");
        assertThat(fields(ListTierProgramsRequest.getDefaultInstance())).containsExactly("store_id");
        assertThat(fields(ListMilestoneProgramVersionsRequest.getDefaultInstance())).containsExactly("store_id", "program_id");
        assertThat(fields(ListTierProgramVersionsRequest.getDefaultInstance()))
                .containsExactly("store_id", "tier_program_id");

        assertThat(fields(GetMilestoneProgramRequest.newBuilder().setStoreId("   ").setProgramId("p").build()))
                .containsExactly("store_id");
        assertThat(fields(GetMilestoneProgramRequest.newBuilder().setStoreId("s").setProgramId("p").build())).isEmpty();
    }

    @Test
    void r_prog_9_versionsAreNotNegativeAndAChangeNamesTheVersionItIsBasedOn() {
        assertThat(fields(GetMilestoneProgramRequest.newBuilder().setStoreId("s").setProgramId("p").setVersion(-1).build()))
                .containsExactly("version");
        assertThat(fields(GetTierProgramRequest.newBuilder().setStoreId("s").setTierProgramId("t").setVersion(-1).build()))
                .containsExactly("version");
        assertThat(fields(GetStoreSettingsRequest.newBuilder().setStoreId("s").setVersion(-1).build()))
                .containsExactly("version");
        assertThat(fields(ActivateMilestoneProgramRequest.newBuilder().setRequestId("r").setStoreId("s").setProgramId("p")
                .setExpectedVersion(-1).build())).containsExactly("expected_version");
        assertThat(fields(ActivateMilestoneProgramRequest.newBuilder().setRequestId("r").setStoreId("s").setProgramId("p")
                .setExpectedVersion(1).build())).isEmpty();
        // settings are created from version 0
        assertThat(fields(settings(ProgramFixtures.usdSettings()).toBuilder().setExpectedVersion(-1).build()))
                .containsExactly("expected_version");
    }

    @Test
    void r_prog_1_listFiltersNameDefinedStatusesAndMetrics() {
        assertThat(fields(ListMilestoneProgramsRequest.newBuilder().setStoreId("s").addStatusesValue(1)
                .addStatusesValue(0).addStatusesValue(9).addMetricsValue(0).addMetricsValue(5).addMetricsValue(6).build()))
                .containsExactly("statuses[1]", "statuses[2]", "metrics[0]", "metrics[2]");
        assertThat(fields(ListTierProgramsRequest.newBuilder().setStoreId("s").addStatusesValue(0).addStatusesValue(3)
                .addStatusesValue(4).build())).containsExactly("statuses[0]", "statuses[2]");
    }

    // ---- milestone programs

    @Test
    void r_prog_1_theNameIsAtMost200CharactersNotOnlySpacesAndTheTitleAtMost200() {
        assertThat(fields(create(shirt().toBuilder().setInternalName(EMOJI.repeat(200)).setTitle(EMOJI.repeat(200))
                .build()))).isEmpty();
        assertThat(fields(create(shirt().toBuilder().setInternalName("x".repeat(201)).setTitle("t".repeat(201)).build())))
                .containsExactly("milestone_program.internal_name", "milestone_program.title");
        assertThat(fields(create(shirt().toBuilder().setInternalName(" \t ").build())))
                .containsExactly("milestone_program.internal_name");
        assertThat(fields(create(shirt().toBuilder().setInternalName("").build())))
                .as("an empty name is the service's to refuse: an update may leave it out").isEmpty();
    }

    @Test
    void r_prog_2_theMetricAndTheRefundPolicyAreDefinedValues() {
        assertThat(fields(create(shirt().toBuilder().setMetricValue(6).setRefundPolicyValue(3).build())))
                .containsExactly("milestone_program.metric", "milestone_program.refund_policy");
    }

    @Test
    void r_prog_3_atMostAThousandMilestonesEachWithAPositiveTargetAndAReward() {
        List<Milestone> thousand = IntStream.rangeClosed(1, 1000)
                .mapToObj(i -> ProgramFixtures.milestone(i, ProgramFixtures.points(1))).toList();
        assertThat(fields(create(shirt().toBuilder().clearMilestones().addAllMilestones(thousand).build()))).isEmpty();
        assertThat(fields(create(shirt().toBuilder().clearMilestones().addAllMilestones(thousand)
                .addMilestones(ProgramFixtures.milestone(1001, ProgramFixtures.points(1))).build())))
                .containsExactly("milestone_program.milestones");
        assertThat(fields(create(shirt().toBuilder()
                .setMilestones(0, ProgramFixtures.milestone(0, ProgramFixtures.points(1)))
                .setMilestones(1, ProgramFixtures.milestone(-1, ProgramFixtures.points(1)))
                .setMilestones(2, Milestone.newBuilder().setTarget(30)).build())))
                .containsExactly("milestone_program.milestones[0].target", "milestone_program.milestones[1].target",
                        "milestone_program.milestones[2].reward");
    }

    @Test
    void r_prog_4_aRewardHasOneKindAndOneAmountInRange() {
        String reward = "milestone_program.milestones[0].reward";
        assertThat(fields(create(withReward(RewardSpec.getDefaultInstance())))).containsExactly(reward);
        assertThat(fields(create(withReward(RewardSpec.newBuilder().setPoints(PointsReward.getDefaultInstance()).build()))))
                .containsExactly(reward + ".points");
        assertThat(fields(create(withReward(RewardSpec.newBuilder()
                .setStoreCredit(StoreCreditReward.getDefaultInstance()).build())))).containsExactly(reward + ".store_credit");
        for (long points : List.of(0L, -1L, 1_000_000_001L)) {
            assertThat(fields(create(withReward(ProgramFixtures.points(points))))).as("%d points", points)
                    .containsExactly(reward + ".points.fixed_points");
        }
        assertThat(fields(create(withReward(ProgramFixtures.points(1_000_000_000L))))).isEmpty();
        for (int bps : List.of(0, -5, 10_001)) {
            assertThat(fields(create(withReward(ProgramFixtures.percentPoints(bps))))).as("%d bps", bps)
                    .containsExactly(reward + ".points.percent_of_order_bps");
            assertThat(fields(create(withReward(RewardSpec.newBuilder().setStoreCredit(StoreCreditReward.newBuilder()
                    .setPercentOfOrderBps(bps)).build())))).as("%d bps of credit", bps)
                    .containsExactly(reward + ".store_credit.percent_of_order_bps");
        }
        assertThat(fields(create(withReward(ProgramFixtures.percentPoints(10_000))))).isEmpty();
    }

    @Test
    void r_prog_4_aFreeProductNamesItsProductAndOneToAHundredUnits() {
        String product = "milestone_program.milestones[0].reward.free_product";
        assertThat(fields(create(withReward(ProgramFixtures.freeProduct("", 0)))))
                .containsExactly(product + ".product_id", product + ".quantity");
        assertThat(fields(create(withReward(ProgramFixtures.freeProduct("mug", 101))))).containsExactly(product + ".quantity");
        assertThat(fields(create(withReward(RewardSpec.newBuilder().setFreeProduct(FreeProductReward.newBuilder()
                .setProductId("mug").setVariantId("v".repeat(129)).setQuantity(100)).build()))))
                .containsExactly(product + ".variant_id");
        assertThat(fields(create(withReward(ProgramFixtures.freeProduct("mug", 100))))).isEmpty();
    }

    @Test
    void r_store_3_moneyNamesACurrencyCodeOfThreeCharacters() {
        for (String code : List.of("", "US", "DOLLARS")) {
            assertThat(fields(create(withReward(ProgramFixtures.credit(100, code))))).as(code)
                    .containsExactly("milestone_program.milestones[0].reward.store_credit.fixed_amount.currency_code");
        }
        // whether ISO 4217 knows it, and whether it is the store's, is the service's (a registry, the store)
        assertThat(fields(create(withReward(ProgramFixtures.credit(100, "XXQ"))))).isEmpty();
    }

    @Test
    void r_prog_6_anExpiryPolicyHasADefinedKindAndAtMost3650Days() {
        assertThat(fields(create(shirt().toBuilder().setPointsExpiry(PointsExpiryPolicy.getDefaultInstance()).build())))
                .containsExactly("milestone_program.points_expiry.kind");
        assertThat(fields(create(shirt().toBuilder().setPointsExpiry(PointsExpiryPolicy.newBuilder().setKindValue(7))
                .build()))).containsExactly("milestone_program.points_expiry.kind");
        for (int days : List.of(-1, 3651)) {
            assertThat(fields(create(shirt().toBuilder().setPointsExpiry(PointsExpiryPolicy.newBuilder()
                    .setKind(PointsExpiryPolicyKind.POINTS_EXPIRY_POLICY_KIND_AFTER_DAYS).setDays(days)).build()))).as("%d", days)
                    .containsExactly("milestone_program.points_expiry.days");
        }
        assertThat(fields(create(shirt().toBuilder().setPointsExpiry(PointsExpiryPolicy.newBuilder()
                .setKind(PointsExpiryPolicyKind.POINTS_EXPIRY_POLICY_KIND_AFTER_DAYS).setDays(3650)).build()))).isEmpty();
    }

    @Test
    void r_prog_5_everyConditionNodeIsWellFormed() {
        Condition tree = Condition.newBuilder().setAnyOf(ConditionList.newBuilder()
                .addConditions(Condition.getDefaultInstance())
                .addConditions(tags(TagMatch.TAG_MATCH_UNSPECIFIED, List.of()))
                .addConditions(tags(TagMatch.TAG_MATCH_ALL, List.of("ok", "", EMOJI.repeat(255), EMOJI.repeat(256))))
                .addConditions(Condition.newBuilder().setCurrentTier(CurrentTierCondition.getDefaultInstance()))
                .addConditions(Condition.newBuilder().setMinimumOrderAmount(MinimumOrderAmountCondition.getDefaultInstance()))
                .addConditions(Condition.newBuilder().setAllOf(ConditionList.getDefaultInstance()))
                .addConditions(Condition.newBuilder().setNot(Condition.getDefaultInstance()))
                .addConditions(Condition.newBuilder().setMinimumOrderAmount(MinimumOrderAmountCondition.newBuilder()
                        .setAmount(Money.newBuilder().setAmountMinor(100).setCurrencyCode("usd1"))))).build();
        String at = "milestone_program.condition.any_of.conditions";
        assertThat(fields(create(withCondition(tree)))).containsExactly(
                at + "[0]",
                at + "[1].customer_tags.match",
                at + "[1].customer_tags.tags",
                at + "[2].customer_tags.tags[1]",
                at + "[2].customer_tags.tags[3]",
                at + "[3].current_tier.tier_ids",
                at + "[4].minimum_order_amount.amount",
                at + "[5].all_of.conditions",
                at + "[6].not",
                at + "[7].minimum_order_amount.amount.currency_code");
    }

    @Test
    void r_prog_5_conditionListsHaveBounds() {
        Condition leaf = tags(TagMatch.TAG_MATCH_ANY, List.of("vip"));
        assertThat(fields(create(withCondition(Condition.newBuilder().setAllOf(ConditionList.newBuilder()
                .addAllConditions(Collections.nCopies(20, leaf))).build())))).isEmpty();
        assertThat(fields(create(withCondition(Condition.newBuilder().setAllOf(ConditionList.newBuilder()
                .addAllConditions(Collections.nCopies(21, leaf))).build()))))
                .containsExactly("milestone_program.condition.all_of.conditions");
        assertThat(fields(create(withCondition(tags(TagMatch.TAG_MATCH_ANY, Collections.nCopies(100, "t")))))).isEmpty();
        assertThat(fields(create(withCondition(tags(TagMatch.TAG_MATCH_ANY, Collections.nCopies(101, "t"))))))
                .containsExactly("milestone_program.condition.customer_tags.tags");
        assertThat(fields(create(withCondition(Condition.newBuilder().setCurrentTier(CurrentTierCondition.newBuilder()
                .addAllTierIds(Collections.nCopies(50, "gold"))).build())))).isEmpty();
        assertThat(fields(create(withCondition(Condition.newBuilder().setCurrentTier(CurrentTierCondition.newBuilder()
                .addAllTierIds(Collections.nCopies(51, "gold"))).build()))))
                .containsExactly("milestone_program.condition.current_tier.tier_ids");
    }

    // ---- tier programs

    @Test
    void r_tier_1_theNameIsAtMost200CharactersAndCriterionAndWindowAreDefinedValues() {
        assertThat(fields(create(goldPlatinum().toBuilder().setInternalName("x".repeat(201)).setCriterionValue(4)
                .setWindowValue(4).build())))
                .containsExactly("tier_program.internal_name", "tier_program.criterion", "tier_program.window");
        assertThat(fields(create(goldPlatinum().toBuilder().setInternalName("  ").build())))
                .containsExactly("tier_program.internal_name");
    }

    @Test
    void r_tier_2_atMostFiftyTiersEachWithAWellFormedIdAndAName() {
        List<Tier> fifty = IntStream.range(0, 50).mapToObj(i -> ProgramFixtures.tier("t" + i, "T", i, 10000)).toList();
        assertThat(fields(create(goldPlatinum().toBuilder().clearTiers().addAllTiers(fifty).build()))).isEmpty();
        assertThat(fields(create(goldPlatinum().toBuilder().clearTiers().addAllTiers(fifty)
                .addTiers(ProgramFixtures.tier("t50", "T", 50, 10000)).build()))).containsExactly("tier_program.tiers");

        for (String id : List.of("", "Gold", "1st", "gold_", "a".repeat(64))) {
            assertThat(fields(create(withTier(gold().toBuilder().setTierId(id).build())))).as(id)
                    .containsExactly("tier_program.tiers[0].tier_id");
        }
        assertThat(fields(create(withTier(gold().toBuilder().setTierId("a" + "-9".repeat(31)).build())))).isEmpty();
        for (String name : List.of("", " ", "n".repeat(101))) {
            assertThat(fields(create(withTier(gold().toBuilder().setName(name).build())))).as(name)
                    .containsExactly("tier_program.tiers[0].name");
        }
        assertThat(fields(create(withTier(gold().toBuilder().setName(EMOJI.repeat(100)).build())))).isEmpty();
    }

    @Test
    void r_tier_2_thresholdAndRankAreNotNegativeAndATagIsAtMost255Characters() {
        assertThat(fields(create(withTier(gold().toBuilder().setThreshold(-1).setRank(-1).setTag(EMOJI.repeat(256))
                .build())))).containsExactly("tier_program.tiers[0].threshold", "tier_program.tiers[0].tag",
                "tier_program.tiers[0].rank");
        assertThat(fields(create(withTier(gold().toBuilder().setTag(EMOJI.repeat(255)).build()))))
                .as("tags are counted in characters; that a threshold tier has none is the service's").isEmpty();
    }

    @Test
    void r_tier_2_perksAreRequiredWithAMultiplierInRangeAndUpToTwentyShortBenefits() {
        assertThat(fields(create(withTier(gold().toBuilder().clearPerks().build()))))
                .containsExactly("tier_program.tiers[0].perks");
        String perks = "tier_program.tiers[0].perks";
        for (int bps : List.of(0, 1_000_001)) {
            assertThat(fields(create(withTier(gold().toBuilder().setPerks(TierPerks.newBuilder()
                    .setEarningMultiplierBps(bps)).build())))).as("%d", bps).containsExactly(perks + ".earning_multiplier_bps");
        }
        assertThat(fields(create(withTier(gold().toBuilder().setPerks(TierPerks.newBuilder().setEarningMultiplierBps(1)
                .addBenefits("ok").addBenefits("").addBenefits("  ").addBenefits("b".repeat(201))).build()))))
                .containsExactly(perks + ".benefits[1]", perks + ".benefits[2]", perks + ".benefits[3]");
        assertThat(fields(create(withTier(gold().toBuilder().setPerks(TierPerks.newBuilder().setEarningMultiplierBps(1)
                .addAllBenefits(Collections.nCopies(21, "b"))).build())))).containsExactly(perks + ".benefits");
        assertThat(fields(create(withTier(gold().toBuilder().setPerks(TierPerks.newBuilder().setEarningMultiplierBps(1_000_000)
                .addAllBenefits(Collections.nCopies(20, "b".repeat(200)))).build())))).isEmpty();
        // an entry reward is a RewardSpec like a milestone's, with its expiry policy
        assertThat(fields(create(withTier(gold().toBuilder().setPerks(gold().getPerks().toBuilder()
                .setEntryReward(ProgramFixtures.points(0)).setEntryRewardExpiry(PointsExpiryPolicy.getDefaultInstance()))
                .build())))).containsExactly(perks + ".entry_reward.points.fixed_points", perks + ".entry_reward_expiry.kind");
    }

    // ---- store settings

    @Test
    void r_store_2_ratesAreInRangeAndCodesShortWhenTheChangeSendsThem() {
        StoreSettings usd = ProgramFixtures.usdSettings();
        assertThat(fields(settings(usd.toBuilder().setCurrencyCode("DOLLARS").setTimeZone("z".repeat(65))
                .setBaseEarningRateMilli(-1).setPointValueMinorMilli(-1).build())))
                .containsExactly("settings.currency_code", "settings.time_zone", "settings.base_earning_rate_milli",
                        "settings.point_value_minor_milli");
        assertThat(fields(settings(usd.toBuilder().setBaseEarningRateMilli(1_000_000_001L)
                .setPointValueMinorMilli(1_000_000_001L).build())))
                .containsExactly("settings.base_earning_rate_milli", "settings.point_value_minor_milli");
        assertThat(fields(settings(usd.toBuilder().setBaseEarningRateMilli(1_000_000_000L)
                .setPointValueMinorMilli(1_000_000_000L).build()))).isEmpty();
        assertThat(fields(settings(StoreSettings.newBuilder().setTimeZone("Asia/Tokyo").build())))
                .as("an update that leaves the other fields out of its mask sends them empty").isEmpty();
        assertThat(fields(settings(usd.toBuilder().setDefaultPointsExpiry(PointsExpiryPolicy.newBuilder()
                .setKind(PointsExpiryPolicyKind.POINTS_EXPIRY_POLICY_KIND_AFTER_DAYS).setDays(3651)).build())))
                .containsExactly("settings.default_points_expiry.days");
    }

    // ---- the configuration feed

    @Test
    void l_api_3_theFeedSelectsAtMostAThousandNamedStoresFromACursorNotBelowZero() {
        assertThat(fields(WatchConfigChangesRequest.newBuilder().setAfterSequence(-1)
                .addAllStoreIds(Collections.nCopies(1001, "s")).build()))
                .containsExactly("store_ids", "after_sequence");
        assertThat(fields(WatchConfigChangesRequest.newBuilder().addStoreIds("s").addStoreIds("").build()))
                .containsExactly("store_ids[1]");
        assertThat(fields(ListCurrentConfigRequest.newBuilder().addAllStoreIds(Collections.nCopies(1001, "s")).build()))
                .containsExactly("store_ids");
        assertThat(fields(ListCurrentConfigRequest.newBuilder().addAllStoreIds(Collections.nCopies(1000, "s")).build()))
                .isEmpty();
    }
}
