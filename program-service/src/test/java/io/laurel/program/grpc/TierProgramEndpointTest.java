package io.laurel.program.grpc;

import static io.laurel.program.support.ProgramFixtures.concurrently;
import static io.laurel.program.support.ProgramFixtures.configuredStore;
import static io.laurel.program.support.ProgramFixtures.failure;
import static io.laurel.program.support.ProgramFixtures.goldPlatinum;
import static io.laurel.program.support.ProgramFixtures.newStore;
import static io.laurel.program.support.ProgramFixtures.ordersToPointsAndShirt;
import static io.laurel.program.support.ProgramFixtures.percentPoints;
import static io.laurel.program.support.ProgramFixtures.points;
import static io.laurel.program.support.ProgramFixtures.reason;
import static io.laurel.program.support.ProgramFixtures.requestId;
import static io.laurel.program.support.ProgramFixtures.tier;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.FieldMask;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.laurel.devstack.LaurelTestResource;
import io.laurel.platform.error.StatusDetails;
import io.laurel.program.support.ConfigFeedRows;
import io.laurel.proto.program.v1.ActivateTierProgramRequest;
import io.laurel.proto.program.v1.ArchiveTierProgramRequest;
import io.laurel.proto.program.v1.Condition;
import io.laurel.proto.program.v1.ConfigChange;
import io.laurel.proto.program.v1.ConfigKind;
import io.laurel.proto.program.v1.CreateMilestoneProgramRequest;
import io.laurel.proto.program.v1.CreateTierProgramRequest;
import io.laurel.proto.program.v1.CurrentTierCondition;
import io.laurel.proto.program.v1.GetTierProgramRequest;
import io.laurel.proto.program.v1.ListTierProgramVersionsRequest;
import io.laurel.proto.program.v1.ListTierProgramsRequest;
import io.laurel.proto.program.v1.ListTierProgramsResponse;
import io.laurel.proto.program.v1.MilestoneProgramServiceGrpc.MilestoneProgramServiceBlockingStub;
import io.laurel.proto.program.v1.StoreSettingsServiceGrpc.StoreSettingsServiceBlockingStub;
import io.laurel.proto.program.v1.Tier;
import io.laurel.proto.program.v1.TierCriterion;
import io.laurel.proto.program.v1.TierPerks;
import io.laurel.proto.program.v1.TierProgram;
import io.laurel.proto.program.v1.TierProgramServiceGrpc.TierProgramServiceBlockingStub;
import io.laurel.proto.program.v1.TierProgramStatus;
import io.laurel.proto.program.v1.TierWindow;
import io.laurel.proto.program.v1.UpdateTierProgramRequest;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/** TierProgramService over real gRPC against real Postgres (R-TIER-1, 2, 7, R-STORE-1). */
@QuarkusTest
@WithTestResource(value = LaurelTestResource.class,
        initArgs = {@ResourceArg(name = LaurelTestResource.DATABASE, value = "laurel_program"),
                    @ResourceArg(name = LaurelTestResource.REDIS, value = "false")})
class TierProgramEndpointTest {

    private static final TierProgramStatus DRAFT = TierProgramStatus.TIER_PROGRAM_STATUS_DRAFT;
    private static final TierProgramStatus ACTIVE = TierProgramStatus.TIER_PROGRAM_STATUS_ACTIVE;
    private static final TierProgramStatus ARCHIVED = TierProgramStatus.TIER_PROGRAM_STATUS_ARCHIVED;

    @GrpcClient("program")
    TierProgramServiceBlockingStub tiers;

    @GrpcClient("program")
    MilestoneProgramServiceBlockingStub milestones;

    @GrpcClient("program")
    StoreSettingsServiceBlockingStub settings;

    @Inject
    Pool pool;

    private TierProgram create(String store, TierProgram program) {
        return tiers.createTierProgram(CreateTierProgramRequest.newBuilder().setRequestId(requestId())
                .setStoreId(store).setTierProgram(program).build()).getTierProgram();
    }

    private TierProgram get(String store, String id, long version) {
        return tiers.getTierProgram(GetTierProgramRequest.newBuilder().setStoreId(store).setTierProgramId(id)
                .setVersion(version).build()).getTierProgram();
    }

    private TierProgram activate(String store, TierProgram p) {
        return tiers.activateTierProgram(ActivateTierProgramRequest.newBuilder().setRequestId(requestId())
                .setStoreId(store).setTierProgramId(p.getTierProgramId()).setExpectedVersion(p.getVersion()).build())
                .getTierProgram();
    }

    private TierProgram archive(String store, TierProgram p) {
        return tiers.archiveTierProgram(ArchiveTierProgramRequest.newBuilder().setRequestId(requestId())
                .setStoreId(store).setTierProgramId(p.getTierProgramId()).setExpectedVersion(p.getVersion()).build())
                .getTierProgram();
    }

    private TierProgram update(String store, TierProgram values, long expected, String... mask) {
        return tiers.updateTierProgram(UpdateTierProgramRequest.newBuilder().setRequestId(requestId())
                .setStoreId(store).setTierProgram(values).setExpectedVersion(expected)
                .setUpdateMask(FieldMask.newBuilder().addAllPaths(List.of(mask))).build()).getTierProgram();
    }

    private static TierProgram tagTiers() {
        return TierProgram.newBuilder().setInternalName("Tag tiers")
                .setCriterion(TierCriterion.TIER_CRITERION_CUSTOMER_TAG)
                .addTiers(Tier.newBuilder().setTierId("friend").setName("Friend").setTag("friend").setRank(1)
                        .setPerks(TierPerks.newBuilder().setEarningMultiplierBps(10000)))
                .addTiers(Tier.newBuilder().setTierId("family").setName("Family").setTag("family").setRank(5)
                        .setPerks(TierPerks.newBuilder().setEarningMultiplierBps(20000)))
                .build();
    }

    @Test
    void r_tier_2_goldAndPlatinumOver365DaysFromTheLastUpgradeAreStoredExactly() {
        String store = configuredStore(settings);
        TierProgram created = create(store, goldPlatinum());

        assertThat(created.getStatus()).isEqualTo(DRAFT);
        assertThat(created.getVersion()).isEqualTo(1);
        assertThat(created.getStoreId()).isEqualTo(store);
        assertThat(created.getTierProgramId()).isNotBlank();
        assertThat(created.toBuilder().clearTierProgramId().clearStoreId().clearStatus().clearVersion()
                .clearCreateTime().clearUpdateTime().build()).isEqualTo(goldPlatinum());
        assertThat(get(store, created.getTierProgramId(), 0)).isEqualTo(created);
        assertThat(created.getTiers(0).getThreshold()).isEqualTo(1000);
        assertThat(created.getTiers(1).getThreshold()).isEqualTo(5000);
        assertThat(created.getWindow()).isEqualTo(TierWindow.TIER_WINDOW_ROLLING_365_DAYS_FROM_UPGRADE);
    }

    @Test
    void r_tier_2_tagTiersAreRankedAndStored() {
        String store = configuredStore(settings);
        TierProgram created = create(store, tagTiers());
        assertThat(get(store, created.getTierProgramId(), 1).getTiersList()).isEqualTo(tagTiers().getTiersList());
    }

    @Test
    void r_tier_1_aStoreHasAtMostOneProgramThatIsNotArchived() {
        String store = configuredStore(settings);
        TierProgram first = create(store, goldPlatinum());

        StatusRuntimeException exists = failure(() -> create(store, tagTiers()));
        assertThat(exists.getStatus().getCode()).isEqualTo(Status.Code.ALREADY_EXISTS);
        assertThat(StatusDetails.errorInfo(exists).orElseThrow().getMetadataMap())
                .containsEntry("tier_program_id", first.getTierProgramId())
                .containsEntry("resource_id", first.getTierProgramId());

        archive(store, first);
        TierProgram second = create(store, tagTiers());
        assertThat(second.getTierProgramId()).isNotEqualTo(first.getTierProgramId());
        assertThat(tiers.listTierPrograms(ListTierProgramsRequest.newBuilder().setStoreId(store).build())
                .getTierProgramsList()).extracting(TierProgram::getTierProgramId)
                .containsExactly(second.getTierProgramId(), first.getTierProgramId());
    }

    @RepeatedTest(5) // a race: repeat so the interleaving where the loser waits on the winner's lock occurs
    void r_tier_1_ofTwoConcurrentCreatesExactlyOneWins() throws Exception {
        String store = configuredStore(settings);
        Runnable createGoldPlatinum = () -> create(store, goldPlatinum());
        assertThat(concurrently(List.of(createGoldPlatinum, createGoldPlatinum)))
                .containsExactlyInAnyOrder(Status.Code.OK, Status.Code.ALREADY_EXISTS);
        assertThat(tiers.listTierPrograms(ListTierProgramsRequest.newBuilder().setStoreId(store).build())
                .getTierProgramsCount()).isEqualTo(1);
    }

    @Test
    void r_tier_2_l_api_3_anInvalidProgramNamesEveryBadFieldAndStoresNothing() {
        String store = configuredStore(settings);
        TierProgram bad = TierProgram.newBuilder()
                .setInternalName(" ")
                .setCriterion(TierCriterion.TIER_CRITERION_AMOUNT_SPENT)
                .addTiers(tier("Gold!", "Gold", 1000, 15000))
                .addTiers(tier("silver", "", 1000, 0).toBuilder().setTag("silver").build())
                .addTiers(tier("silver", "Silver", 2000, 10000).toBuilder().setPerks(TierPerks.newBuilder()
                        .setEarningMultiplierBps(10000).setEntryReward(percentPoints(500))).build())
                .build();

        // L-API-3: the contract's limits answer first, every one of them
        StatusRuntimeException invalid = failure(() -> create(store, bad));

        assertThat(invalid.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(StatusDetails.badFields(invalid)).containsExactlyInAnyOrder(
                "tier_program.internal_name",
                "tier_program.tiers[0].tier_id",
                "tier_program.tiers[1].name",
                "tier_program.tiers[1].perks.earning_multiplier_bps");

        // then the program's own rules, every one of them
        TierProgram withinTheContract = bad.toBuilder().setInternalName("")
                .setTiers(0, bad.getTiers(0).toBuilder().setTierId("gold"))
                .setTiers(1, bad.getTiers(1).toBuilder().setName("Silver")
                        .setPerks(TierPerks.newBuilder().setEarningMultiplierBps(10000)))
                .build();
        invalid = failure(() -> create(store, withinTheContract));
        assertThat(StatusDetails.badFields(invalid)).containsExactlyInAnyOrder(
                "tier_program.internal_name",
                "tier_program.window",
                "tier_program.tiers[1].threshold",
                "tier_program.tiers[1].tag",
                "tier_program.tiers[2].tier_id",
                "tier_program.tiers[2].perks.entry_reward.points.percent_of_order_bps",
                "tier_program.tiers[2].perks.entry_reward_expiry");
        assertThat(tiers.listTierPrograms(ListTierProgramsRequest.newBuilder().setStoreId(store).build())
                .getTierProgramsList()).isEmpty();
        assertThat(ConfigFeedRows.of(pool, store, "TIER_PROGRAM")).isEmpty();
    }

    @Test
    void r_tier_1_aTagProgramHasNoWindowAndNoThresholds() {
        String store = configuredStore(settings);
        TierProgram bad = tagTiers().toBuilder().setWindow(TierWindow.TIER_WINDOW_LIFETIME)
                .setTiers(1, tagTiers().getTiers(1).toBuilder().setRank(1).setThreshold(5).setTag("friend")).build();
        StatusRuntimeException invalid = failure(() -> create(store, bad));
        assertThat(StatusDetails.badFields(invalid)).containsExactlyInAnyOrder("tier_program.window",
                "tier_program.tiers[1].threshold", "tier_program.tiers[1].tag", "tier_program.tiers[1].rank");
    }

    @Test
    void createNeedsStoreSettingsAndAWellFormedRequest() {
        StatusRuntimeException refused = failure(() -> create(newStore(), goldPlatinum()));
        assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
        assertThat(reason(refused)).isEqualTo("STORE_NOT_CONFIGURED");

        // L-API-3: the contract's faults first (request_id), then the request's own (a second store id)
        CreateTierProgramRequest twoStores = CreateTierProgramRequest.newBuilder()
                .setStoreId("a").setTierProgram(goldPlatinum().toBuilder().setStoreId("b")).build();
        StatusRuntimeException shape = failure(() -> tiers.createTierProgram(twoStores));
        assertThat(StatusDetails.badFields(shape)).containsExactly("request_id");
        shape = failure(() -> tiers.createTierProgram(twoStores.toBuilder().setRequestId(requestId()).build()));
        assertThat(StatusDetails.badFields(shape)).containsExactly("tier_program.store_id");

        // R-PROG-10: the program's own bad fields in one refusal, once the contract's limits hold
        CreateTierProgramRequest bad = CreateTierProgramRequest.newBuilder()
                .setTierProgram(goldPlatinum().toBuilder().setInternalName("")
                        .setTiers(1, tier("platinum", "Platinum", 1000, 20000))).build();
        StatusRuntimeException both = failure(() -> tiers.createTierProgram(bad));
        assertThat(StatusDetails.badFields(both)).containsExactlyInAnyOrder("request_id", "store_id");
        both = failure(() -> tiers.createTierProgram(bad.toBuilder().setRequestId(requestId())
                .setStoreId(configuredStore(settings)).build()));
        assertThat(StatusDetails.badFields(both)).containsExactlyInAnyOrder("tier_program.internal_name",
                "tier_program.tiers[1].threshold");
        UpdateTierProgramRequest update = UpdateTierProgramRequest.newBuilder()
                .setStoreId("s").setTierProgram(TierProgram.newBuilder().addTiers(tier("Gold!", "Gold", 5, 15000)))
                .setUpdateMask(FieldMask.newBuilder().addPaths("tiers").addPaths("status")).build();
        StatusRuntimeException updated = failure(() -> tiers.updateTierProgram(update));
        assertThat(StatusDetails.badFields(updated)).containsExactlyInAnyOrder("request_id", "expected_version",
                "tier_program.tiers[0].tier_id");
        updated = failure(() -> tiers.updateTierProgram(update.toBuilder().setRequestId(requestId()).setExpectedVersion(1)
                .setTierProgram(TierProgram.newBuilder().addTiers(tier("gold", "Gold", 5, 15000))).build()));
        assertThat(StatusDetails.badFields(updated)).containsExactlyInAnyOrder("tier_program.tier_program_id",
                "update_mask.paths[1]");
    }

    @Test
    void r_tier_7_thresholdsChangeWhileActiveButCriterionAndWindowAreFixed() {
        String store = configuredStore(settings);
        TierProgram v1 = create(store, goldPlatinum());
        TierProgram v2 = activate(store, v1);
        assertThat(v2.getStatus()).isEqualTo(ACTIVE);
        assertThat(activate(store, v2)).as("no-op on an active program").isEqualTo(v2);

        TierProgram lower = goldPlatinum().toBuilder().setTierProgramId(v1.getTierProgramId())
                .setTiers(0, goldPlatinum().getTiers(0).toBuilder().setThreshold(800)).build();
        TierProgram v3 = update(store, lower, 2, "tiers");
        assertThat(v3.getVersion()).isEqualTo(3);
        assertThat(v3.getStatus()).isEqualTo(ACTIVE);
        assertThat(v3.getTiers(0).getThreshold()).isEqualTo(800);
        assertThat(get(store, v1.getTierProgramId(), 2).getTiers(0).getThreshold()).isEqualTo(1000);

        StatusRuntimeException criterion = failure(() -> update(store, lower.toBuilder()
                .setCriterion(TierCriterion.TIER_CRITERION_AMOUNT_SPENT).build(), 3));
        assertThat(criterion.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
        assertThat(reason(criterion)).isEqualTo("CRITERION_IMMUTABLE");
        StatusRuntimeException window = failure(() -> update(store, lower.toBuilder()
                .setWindow(TierWindow.TIER_WINDOW_CALENDAR_YEAR).build(), 3));
        assertThat(reason(window)).isEqualTo("WINDOW_IMMUTABLE");

        assertThat(tiers.listTierProgramVersions(ListTierProgramVersionsRequest.newBuilder().setStoreId(store)
                .setTierProgramId(v1.getTierProgramId()).setPageSize(2).build()).getTierProgramsList())
                .extracting(TierProgram::getVersion).containsExactly(3L, 2L);
    }

    @Test
    void aDraftMayStillChangeItsCriterion() {
        String store = configuredStore(settings);
        TierProgram v1 = create(store, goldPlatinum());
        TierProgram v2 = update(store, tagTiers().toBuilder().setTierProgramId(v1.getTierProgramId()).build(), 1);
        assertThat(v2.getCriterion()).isEqualTo(TierCriterion.TIER_CRITERION_CUSTOMER_TAG);
        assertThat(v2.getWindow()).isEqualTo(TierWindow.TIER_WINDOW_UNSPECIFIED);
    }

    @Test
    void r_prog_9_aStaleVersionIsAbortedAndAnArchivedProgramIsReadOnly() {
        String store = configuredStore(settings);
        TierProgram v1 = create(store, goldPlatinum());
        TierProgram v2 = update(store, goldPlatinum().toBuilder().setTierProgramId(v1.getTierProgramId())
                .setInternalName("renamed").build(), 1, "internal_name");

        StatusRuntimeException stale = failure(() -> archive(store, v1));
        assertThat(stale.getStatus().getCode()).isEqualTo(Status.Code.ABORTED);
        assertThat(StatusDetails.errorInfo(stale).orElseThrow().getMetadataMap()).containsEntry("current_version", "2");

        TierProgram archived = archive(store, v2);
        assertThat(archived.getStatus()).isEqualTo(ARCHIVED);
        assertThat(archive(store, archived)).isEqualTo(archived);
        assertThat(reason(failure(() -> activate(store, archived)))).isEqualTo("PROGRAM_ARCHIVED");
        assertThat(reason(failure(() -> update(store, goldPlatinum().toBuilder()
                .setTierProgramId(v1.getTierProgramId()).build(), 3)))).isEqualTo("PROGRAM_ARCHIVED");
    }

    @Test
    void r_store_1_anotherStoresTierProgramIsNotFoundAndUnchangeable() {
        String storeA = configuredStore(settings);
        String storeB = configuredStore(settings);
        TierProgram a = create(storeA, goldPlatinum());

        for (StatusRuntimeException hidden : List.of(
                failure(() -> get(storeB, a.getTierProgramId(), 0)),
                failure(() -> activate(storeB, a)),
                failure(() -> archive(storeB, a)),
                failure(() -> update(storeB, goldPlatinum().toBuilder().setTierProgramId(a.getTierProgramId()).build(), 1)),
                failure(() -> tiers.listTierProgramVersions(ListTierProgramVersionsRequest.newBuilder()
                        .setStoreId(storeB).setTierProgramId(a.getTierProgramId()).build())))) {
            assertThat(hidden.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
        }
        assertThat(tiers.listTierPrograms(ListTierProgramsRequest.newBuilder().setStoreId(storeB).build())
                .getTierProgramsList()).isEmpty();
        // B's own program does not collide with A's
        create(storeB, goldPlatinum());
        assertThat(get(storeA, a.getTierProgramId(), 0)).isEqualTo(a);
    }

    @Test
    void listPagesNewestFirstAndFiltersByStatus() {
        String store = configuredStore(settings);
        List<TierProgram> created = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            TierProgram p = create(store, goldPlatinum());
            created.add(i < 2 ? archive(store, p) : p);
        }
        List<String> seen = new ArrayList<>();
        String token = "";
        do {
            ListTierProgramsResponse page = tiers.listTierPrograms(ListTierProgramsRequest.newBuilder()
                    .setStoreId(store).setPageSize(1).setPageToken(token).build());
            page.getTierProgramsList().forEach(p -> seen.add(p.getTierProgramId()));
            token = page.getNextPageToken();
        } while (!token.isEmpty());
        assertThat(seen).containsExactly(created.get(2).getTierProgramId(), created.get(1).getTierProgramId(),
                created.get(0).getTierProgramId());
        assertThat(tiers.listTierPrograms(ListTierProgramsRequest.newBuilder().setStoreId(store).addStatuses(DRAFT)
                .build()).getTierProgramsList()).containsExactly(created.get(2));

        // L-API-3: the contract's faults first, then paging's
        StatusRuntimeException bad = failure(() -> tiers.listTierPrograms(ListTierProgramsRequest.newBuilder()
                .setPageSize(-1).addStatuses(TierProgramStatus.TIER_PROGRAM_STATUS_UNSPECIFIED).build()));
        assertThat(StatusDetails.badFields(bad)).containsExactly("store_id", "statuses[0]", "page_size");
        bad = failure(() -> tiers.listTierPrograms(ListTierProgramsRequest.newBuilder().setStoreId(store)
                .setPageSize(-1).build()));
        assertThat(StatusDetails.badFields(bad)).containsExactly("page_size");
        StatusRuntimeException get = failure(() -> tiers.getTierProgram(GetTierProgramRequest.newBuilder()
                .setStoreId(store).setVersion(-2).build()));
        assertThat(StatusDetails.badFields(get)).containsExactly("tier_program_id", "version");
    }

    @Test
    void everyStoredVersionLandsOnTheConfigurationFeed() {
        String store = configuredStore(settings);
        TierProgram v1 = create(store, goldPlatinum());
        TierProgram v2 = activate(store, v1);
        StatusRuntimeException invalid = failure(() -> update(store, goldPlatinum().toBuilder()
                .setTierProgramId(v1.getTierProgramId())
                .setTiers(1, tier("platinum", "Platinum", 10, 20000)).build(), 2)); // invalid: not increasing
        assertThat(invalid.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(StatusDetails.badFields(invalid)).containsExactly("tier_program.tiers[1].threshold");

        List<ConfigChange> changes = ConfigFeedRows.of(pool, store, "TIER_PROGRAM");
        assertThat(changes).extracting(ConfigChange::getKind)
                .containsExactly(ConfigKind.CONFIG_KIND_TIER_PROGRAM, ConfigKind.CONFIG_KIND_TIER_PROGRAM);
        assertThat(changes).extracting(ConfigChange::getTierProgram).containsExactly(v1, v2);
        assertThat(changes.get(1).getResourceId()).isEqualTo(v1.getTierProgramId());
        assertThat(changes.get(1).getVersion()).isEqualTo(2);
        assertThat(changes.get(1).getChangeTime()).isEqualTo(v2.getUpdateTime());
    }

    @Test
    void r_prog_5_aMilestoneConditionMayNameTiersOfTheStoresTierProgramOnly() {
        String store = configuredStore(settings);
        create(store, goldPlatinum());
        Condition tiersCondition = Condition.newBuilder().setCurrentTier(CurrentTierCondition.newBuilder()
                .addTierIds("gold").addTierIds("diamond").addTierIds("platinum")).build();

        StatusRuntimeException unknown = failure(() -> milestones.createMilestoneProgram(CreateMilestoneProgramRequest
                .newBuilder().setRequestId(requestId()).setStoreId(store)
                .setMilestoneProgram(ordersToPointsAndShirt().toBuilder().setCondition(tiersCondition)).build()));
        assertThat(StatusDetails.badFields(unknown))
                .containsExactly("milestone_program.condition.current_tier.tier_ids[1]");

        Condition known = Condition.newBuilder().setCurrentTier(CurrentTierCondition.newBuilder()
                .addTierIds("gold").addTierIds("platinum")).build();
        assertThat(milestones.createMilestoneProgram(CreateMilestoneProgramRequest.newBuilder().setRequestId(requestId())
                .setStoreId(store).setMilestoneProgram(ordersToPointsAndShirt().toBuilder().setCondition(known)
                        .setMilestones(0, io.laurel.program.support.ProgramFixtures.milestone(5, points(100))))
                .build()).getMilestoneProgram().getCondition()).isEqualTo(known);
    }

    private static void assertInvalid(StatusRuntimeException e, String... fields) {
        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(reason(e)).isEqualTo("INVALID_FIELDS");
        assertThat(StatusDetails.badFields(e)).containsExactlyInAnyOrder(fields);
    }

    private static void assertVersionConflict(StatusRuntimeException e, String id, long expected, long current) {
        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.ABORTED);
        assertThat(reason(e)).isEqualTo("VERSION_CONFLICT");
        assertThat(StatusDetails.errorInfo(e).orElseThrow().getMetadataMap())
                .containsEntry("resource_id", id)
                .containsEntry("expected_version", Long.toString(expected))
                .containsEntry("current_version", Long.toString(current));
    }

    private static void assertRequestIdReused(StatusRuntimeException e) {
        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(reason(e)).isEqualTo("REQUEST_ID_REUSED");
        assertThat(StatusDetails.badFields(e)).containsExactly("request_id");
    }

    @Test
    void createRefusesARequestIdReusedForADifferentProgram() {
        String store = configuredStore(settings);
        CreateTierProgramRequest request = CreateTierProgramRequest.newBuilder().setRequestId(requestId())
                .setStoreId(store).setTierProgram(goldPlatinum()).build();
        TierProgram first = tiers.createTierProgram(request).getTierProgram();
        assertThat(tiers.createTierProgram(request).getTierProgram()).as("a retry replays").isEqualTo(first);

        assertRequestIdReused(failure(() -> tiers.createTierProgram(request.toBuilder().setTierProgram(tagTiers())
                .build())));
        assertThat(tiers.listTierPrograms(ListTierProgramsRequest.newBuilder().setStoreId(store).build())
                .getTierProgramsList()).containsExactly(first);
    }

    @Test
    void getOfAMissingVersionOfAnExistingProgramIsNotFound() {
        String store = configuredStore(settings);
        TierProgram v1 = create(store, goldPlatinum());
        StatusRuntimeException missing = failure(() -> get(store, v1.getTierProgramId(), 2));
        assertThat(missing.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
        assertThat(reason(missing)).isEqualTo("TIER_PROGRAM_NOT_FOUND");
        assertThat(StatusDetails.errorInfo(missing).orElseThrow().getMetadataMap())
                .containsEntry("resource_id", v1.getTierProgramId() + " version 2");
    }

    @Test
    void listsRefuseABadPageTokenEmptyIdsAndANegativePageSize() {
        String store = configuredStore(settings);
        assertInvalid(failure(() -> tiers.listTierPrograms(ListTierProgramsRequest.newBuilder().setStoreId(store)
                .setPageToken("not-a-token").build())), "page_token");
        String versionsToken = tiers.listTierProgramVersions(ListTierProgramVersionsRequest.newBuilder()
                .setStoreId(store).setTierProgramId(create(store, goldPlatinum()).getTierProgramId()).build())
                .getNextPageToken();
        assertThat(versionsToken).as("one version: one page").isEmpty();
        // L-API-3: the contract's faults first, then paging's
        assertInvalid(failure(() -> tiers.listTierProgramVersions(ListTierProgramVersionsRequest.newBuilder()
                .setPageSize(-1).build())), "store_id", "tier_program_id", "page_size");
        assertInvalid(failure(() -> tiers.listTierProgramVersions(ListTierProgramVersionsRequest.newBuilder()
                .setStoreId(store).setTierProgramId("t").setPageSize(-1).build())), "page_size");
    }

    @Test
    void updateRefusesABadMaskPathAReusedRequestIdAndAStaleVersion() {
        String store = configuredStore(settings);
        TierProgram v1 = create(store, goldPlatinum());
        TierProgram renamed = goldPlatinum().toBuilder().setTierProgramId(v1.getTierProgramId())
                .setInternalName("renamed").build();

        assertInvalid(failure(() -> update(store, renamed, 1, "internal_name", "status", "tiers.name")),
                "update_mask.paths[1]", "update_mask.paths[2]");

        UpdateTierProgramRequest request = UpdateTierProgramRequest.newBuilder().setRequestId(requestId())
                .setStoreId(store).setTierProgram(renamed).setExpectedVersion(1)
                .setUpdateMask(FieldMask.newBuilder().addPaths("internal_name")).build();
        TierProgram v2 = tiers.updateTierProgram(request).getTierProgram();
        assertRequestIdReused(failure(() -> tiers.updateTierProgram(request.toBuilder()
                .setTierProgram(renamed.toBuilder().setInternalName("other")).build())));

        assertVersionConflict(failure(() -> update(store, renamed, 1, "internal_name")), v1.getTierProgramId(), 1, 2);
        assertThat(get(store, v1.getTierProgramId(), 0)).isEqualTo(v2);
    }

    @Test
    void activateAndArchiveRefuseEmptyIdsAndActivateAStaleVersion() {
        assertInvalid(failure(() -> tiers.activateTierProgram(ActivateTierProgramRequest.getDefaultInstance())),
                "request_id", "store_id", "tier_program_id", "expected_version");
        assertInvalid(failure(() -> tiers.archiveTierProgram(ArchiveTierProgramRequest.newBuilder()
                .setRequestId(requestId()).setStoreId("s").setExpectedVersion(-3).build())),
                "tier_program_id", "expected_version");

        String store = configuredStore(settings);
        TierProgram v1 = create(store, goldPlatinum());
        TierProgram v2 = update(store, goldPlatinum().toBuilder().setTierProgramId(v1.getTierProgramId())
                .setInternalName("renamed").build(), 1, "internal_name");
        assertVersionConflict(failure(() -> activate(store, v1)), v1.getTierProgramId(), 1, 2);
        assertThat(get(store, v1.getTierProgramId(), 0)).isEqualTo(v2);
    }

    @RepeatedTest(5) // a race: the loser of the unique index reads the winner again and names it
    void r_tier_1_theLoserOfTwoConcurrentCreatesIsToldTheWinnersId() throws Exception {
        String store = configuredStore(settings);
        java.util.concurrent.ExecutorService two = java.util.concurrent.Executors.newFixedThreadPool(2);
        List<Object> outcomes = new ArrayList<>();
        try {
            List<java.util.concurrent.Future<Object>> futures = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                futures.add(two.submit(() -> {
                    try {
                        return create(store, goldPlatinum());
                    } catch (StatusRuntimeException e) {
                        return e;
                    }
                }));
            }
            for (var future : futures) {
                outcomes.add(future.get(30, java.util.concurrent.TimeUnit.SECONDS));
            }
        } finally {
            two.shutdownNow();
        }
        TierProgram winner = (TierProgram) outcomes.stream().filter(TierProgram.class::isInstance).findFirst()
                .orElseThrow();
        StatusRuntimeException loser = (StatusRuntimeException) outcomes.stream()
                .filter(StatusRuntimeException.class::isInstance).findFirst().orElseThrow();
        assertThat(loser.getStatus().getCode()).isEqualTo(Status.Code.ALREADY_EXISTS);
        assertThat(reason(loser)).isEqualTo("TIER_PROGRAM_ALREADY_EXISTS");
        assertThat(StatusDetails.errorInfo(loser).orElseThrow().getMetadataMap())
                .containsEntry("tier_program_id", winner.getTierProgramId());
    }

    @Test
    void r_prog_5_activationRechecksTheTiersTheConditionNames() {
        String store = configuredStore(settings);
        TierProgram tierProgram = create(store, goldPlatinum());
        io.laurel.proto.program.v1.MilestoneProgram draft = milestones.createMilestoneProgram(
                CreateMilestoneProgramRequest.newBuilder().setRequestId(requestId()).setStoreId(store)
                        .setMilestoneProgram(ordersToPointsAndShirt().toBuilder().setCondition(Condition.newBuilder()
                                .setCurrentTier(CurrentTierCondition.newBuilder().addTierIds("gold")
                                        .addTierIds("platinum")))).build()).getMilestoneProgram();
        update(store, goldPlatinum().toBuilder().setTierProgramId(tierProgram.getTierProgramId())
                .removeTiers(1).build(), 1, "tiers"); // platinum is gone

        StatusRuntimeException refused = failure(() -> milestones.activateMilestoneProgram(
                io.laurel.proto.program.v1.ActivateMilestoneProgramRequest.newBuilder().setRequestId(requestId())
                        .setStoreId(store).setProgramId(draft.getProgramId()).setExpectedVersion(1).build()));
        assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
        assertThat(reason(refused)).isEqualTo("UNKNOWN_TIER");
        assertThat(StatusDetails.errorInfo(refused).orElseThrow().getMetadataMap()).containsEntry("tier_ids", "platinum");
        assertThat(ConfigFeedRows.of(pool, store, "MILESTONE_PROGRAM")).hasSize(1);
    }
}
