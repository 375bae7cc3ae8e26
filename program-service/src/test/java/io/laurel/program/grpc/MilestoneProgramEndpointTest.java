package io.laurel.program.grpc;

import static io.laurel.program.support.ProgramFixtures.concurrently;
import static io.laurel.program.support.ProgramFixtures.configuredStore;
import static io.laurel.program.support.ProgramFixtures.credit;
import static io.laurel.program.support.ProgramFixtures.failure;
import static io.laurel.program.support.ProgramFixtures.freeProduct;
import static io.laurel.program.support.ProgramFixtures.milestone;
import static io.laurel.program.support.ProgramFixtures.newStore;
import static io.laurel.program.support.ProgramFixtures.ordersToPointsAndShirt;
import static io.laurel.program.support.ProgramFixtures.percentPoints;
import static io.laurel.program.support.ProgramFixtures.points;
import static io.laurel.program.support.ProgramFixtures.reason;
import static io.laurel.program.support.ProgramFixtures.requestId;
import static io.laurel.program.support.ProgramFixtures.storeCreditAtOrders;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.FieldMask;
import com.google.protobuf.Timestamp;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.laurel.devstack.LaurelTestResource;
import io.laurel.platform.error.StatusDetails;
import io.laurel.program.support.ConfigFeedRows;
import io.laurel.proto.common.v1.MilestoneMetric;
import io.laurel.proto.common.v1.Money;
import io.laurel.proto.common.v1.PointsExpiryPolicy;
import io.laurel.proto.common.v1.PointsExpiryPolicyKind;
import io.laurel.proto.common.v1.RewardSpec;
import io.laurel.proto.common.v1.StoreCreditReward;
import io.laurel.proto.program.v1.ActivateMilestoneProgramRequest;
import io.laurel.proto.program.v1.ArchiveMilestoneProgramRequest;
import io.laurel.proto.program.v1.Condition;
import io.laurel.proto.program.v1.ConditionList;
import io.laurel.proto.program.v1.ConfigChange;
import io.laurel.proto.program.v1.ConfigKind;
import io.laurel.proto.program.v1.CreateMilestoneProgramRequest;
import io.laurel.proto.program.v1.CreateMilestoneProgramResponse;
import io.laurel.proto.program.v1.CurrentTierCondition;
import io.laurel.proto.program.v1.CustomerTagCondition;
import io.laurel.proto.program.v1.GetMilestoneProgramRequest;
import io.laurel.proto.program.v1.ListMilestoneProgramVersionsRequest;
import io.laurel.proto.program.v1.ListMilestoneProgramsRequest;
import io.laurel.proto.program.v1.ListMilestoneProgramsResponse;
import io.laurel.proto.program.v1.MilestoneProgram;
import io.laurel.proto.program.v1.MilestoneProgramServiceGrpc.MilestoneProgramServiceBlockingStub;
import io.laurel.proto.program.v1.MilestoneProgramStatus;
import io.laurel.proto.program.v1.MinimumOrderAmountCondition;
import io.laurel.proto.program.v1.PauseMilestoneProgramRequest;
import io.laurel.proto.program.v1.Schedule;
import io.laurel.proto.program.v1.StoreSettingsServiceGrpc.StoreSettingsServiceBlockingStub;
import io.laurel.proto.program.v1.TagMatch;
import io.laurel.proto.program.v1.UpdateMilestoneProgramRequest;
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

/** MilestoneProgramService over real gRPC against real Postgres (R-PROG-1..10, R-STORE-1). */
@QuarkusTest
@WithTestResource(value = LaurelTestResource.class,
        initArgs = {@ResourceArg(name = LaurelTestResource.DATABASE, value = "laurel_program"),
                    @ResourceArg(name = LaurelTestResource.REDIS, value = "false")})
class MilestoneProgramEndpointTest {

    private static final MilestoneProgramStatus DRAFT = MilestoneProgramStatus.MILESTONE_PROGRAM_STATUS_DRAFT;
    private static final MilestoneProgramStatus ACTIVE = MilestoneProgramStatus.MILESTONE_PROGRAM_STATUS_ACTIVE;
    private static final MilestoneProgramStatus PAUSED = MilestoneProgramStatus.MILESTONE_PROGRAM_STATUS_PAUSED;
    private static final MilestoneProgramStatus ARCHIVED = MilestoneProgramStatus.MILESTONE_PROGRAM_STATUS_ARCHIVED;

    @GrpcClient("program")
    MilestoneProgramServiceBlockingStub programs;

    @GrpcClient("program")
    StoreSettingsServiceBlockingStub settings;

    @Inject
    Pool pool;

    private MilestoneProgram create(String store, MilestoneProgram program) {
        return programs.createMilestoneProgram(CreateMilestoneProgramRequest.newBuilder().setRequestId(requestId())
                .setStoreId(store).setMilestoneProgram(program).build()).getMilestoneProgram();
    }

    private MilestoneProgram get(String store, String programId, long version) {
        return programs.getMilestoneProgram(GetMilestoneProgramRequest.newBuilder().setStoreId(store)
                .setProgramId(programId).setVersion(version).build()).getMilestoneProgram();
    }

    private MilestoneProgram activate(String store, MilestoneProgram p) {
        return programs.activateMilestoneProgram(ActivateMilestoneProgramRequest.newBuilder().setRequestId(requestId())
                .setStoreId(store).setProgramId(p.getProgramId()).setExpectedVersion(p.getVersion()).build())
                .getMilestoneProgram();
    }

    private MilestoneProgram pause(String store, MilestoneProgram p) {
        return programs.pauseMilestoneProgram(PauseMilestoneProgramRequest.newBuilder().setRequestId(requestId())
                .setStoreId(store).setProgramId(p.getProgramId()).setExpectedVersion(p.getVersion()).build())
                .getMilestoneProgram();
    }

    private MilestoneProgram archive(String store, MilestoneProgram p) {
        return programs.archiveMilestoneProgram(ArchiveMilestoneProgramRequest.newBuilder().setRequestId(requestId())
                .setStoreId(store).setProgramId(p.getProgramId()).setExpectedVersion(p.getVersion()).build())
                .getMilestoneProgram();
    }

    private static UpdateMilestoneProgramRequest.Builder update(String store, MilestoneProgram values, long expected) {
        return UpdateMilestoneProgramRequest.newBuilder().setRequestId(requestId()).setStoreId(store)
                .setMilestoneProgram(values).setExpectedVersion(expected);
    }

    @Test
    void r_prog_3_theBriefsExamplesAreStoredAndReadBackExactly() {
        String store = configuredStore(settings);
        MilestoneProgram shirt = create(store, ordersToPointsAndShirt());
        MilestoneProgram credit = create(store, storeCreditAtOrders());

        assertThat(shirt.getProgramId()).isNotBlank();
        assertThat(shirt.getStoreId()).isEqualTo(store);
        assertThat(shirt.getStatus()).isEqualTo(DRAFT);
        assertThat(shirt.getVersion()).isEqualTo(1);
        assertThat(shirt.getCreateTime()).isEqualTo(shirt.getUpdateTime());
        assertThat(shirt.getHiddenFromShoppers()).isFalse();
        assertThat(shirt.getMilestonesList()).containsExactly(milestone(5, points(100)), milestone(20, points(500)),
                milestone(30, freeProduct("shirt-1", 1)));
        assertThat(shirt.getPointsExpiry()).isEqualTo(ordersToPointsAndShirt().getPointsExpiry());
        assertThat(get(store, shirt.getProgramId(), 0)).isEqualTo(shirt);
        assertThat(shirt.toBuilder().clearProgramId().clearStoreId().clearStatus().clearVersion().clearCreateTime()
                .clearUpdateTime().clearRefundPolicy().build()).isEqualTo(ordersToPointsAndShirt());

        assertThat(credit.getMilestonesList()).containsExactly(milestone(5, credit(1000, "USD")),
                milestone(10, credit(2500, "USD")));
        assertThat(credit.getPointsExpiry().getDays()).isEqualTo(90);
        assertThat(get(store, credit.getProgramId(), 1)).isEqualTo(credit);
        // everything the caller said comes back unchanged, plus the output-only fields
        assertThat(credit.toBuilder().clearProgramId().clearStoreId().clearStatus().clearVersion().clearCreateTime()
                .clearUpdateTime().clearRefundPolicy().build()).isEqualTo(storeCreditAtOrders());
    }

    @Test
    void r_prog_5_aConditionTreeAndScheduleAreStoredExactly() {
        String store = configuredStore(settings);
        Condition condition = Condition.newBuilder().setAllOf(ConditionList.newBuilder()
                .addConditions(Condition.newBuilder().setCustomerTags(CustomerTagCondition.newBuilder()
                        .setMatch(TagMatch.TAG_MATCH_ANY).addTags("vip").addTags("wholesale")))
                .addConditions(Condition.newBuilder().setNot(Condition.newBuilder().setCustomerTags(
                        CustomerTagCondition.newBuilder().setMatch(TagMatch.TAG_MATCH_ALL).addTags("banned"))))
                .addConditions(Condition.newBuilder().setAnyOf(ConditionList.newBuilder()
                        .addConditions(Condition.newBuilder().setMinimumOrderAmount(MinimumOrderAmountCondition
                                .newBuilder().setAmount(Money.newBuilder().setAmountMinor(5000).setCurrencyCode("USD"))))
                        .addConditions(Condition.newBuilder().setCustomerTags(CustomerTagCondition.newBuilder()
                                .setMatch(TagMatch.TAG_MATCH_NONE).addTags("new")))))).build();
        Schedule schedule = Schedule.newBuilder().setStartTime(Timestamp.newBuilder().setSeconds(1_800_000_000))
                .setEndTime(Timestamp.newBuilder().setSeconds(1_900_000_000)).build();

        MilestoneProgram created = create(store, ordersToPointsAndShirt().toBuilder().setCondition(condition)
                .setSchedule(schedule).setMetric(MilestoneMetric.MILESTONE_METRIC_AMOUNT_SPENT)
                .setMilestones(0, milestone(5, percentPoints(1000))).build());

        MilestoneProgram read = get(store, created.getProgramId(), 0);
        assertThat(read.getCondition()).isEqualTo(condition);
        assertThat(read.getSchedule()).isEqualTo(schedule);
        assertThat(read.getMilestones(0).getReward()).isEqualTo(percentPoints(1000));
    }

    @Test
    void r_prog_7_inactivityProgramsAreHiddenFromShoppers() {
        String store = configuredStore(settings);
        MilestoneProgram winBack = create(store, ordersToPointsAndShirt().toBuilder()
                .setMetric(MilestoneMetric.MILESTONE_METRIC_INACTIVITY_DAYS).build());
        assertThat(winBack.getHiddenFromShoppers()).isTrue();
        assertThat(get(store, winBack.getProgramId(), 0).getHiddenFromShoppers()).isTrue();
    }

    @Test
    void r_prog_10_l_api_3_anInvalidProgramNamesEveryBadFieldAndStoresNothing() {
        String store = configuredStore(settings);
        MilestoneProgram bad = MilestoneProgram.newBuilder()
                .setInternalName("")
                .setMetric(MilestoneMetric.MILESTONE_METRIC_REVIEW_COUNT)
                .setSchedule(Schedule.newBuilder().setStartTime(Timestamp.newBuilder().setSeconds(2_000))
                        .setEndTime(Timestamp.newBuilder().setSeconds(1_000)))
                .addMilestones(milestone(10, percentPoints(500)))
                .addMilestones(milestone(10, points(5)))
                .addMilestones(milestone(-3, freeProduct("", 0)))
                .addMilestones(milestone(40, credit(500, "XXQ")))
                .setCondition(Condition.newBuilder().setAllOf(ConditionList.newBuilder()
                        .addConditions(Condition.newBuilder().setCurrentTier(CurrentTierCondition.newBuilder()
                                .addTierIds("gold")))
                        .addConditions(Condition.getDefaultInstance())))
                .setPointsExpiry(PointsExpiryPolicy.getDefaultInstance())
                .build();

        // L-API-3: the contract's limits answer first, every one of them
        StatusRuntimeException invalid = failure(() -> create(store, bad));

        assertThat(invalid.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(StatusDetails.badFields(invalid)).containsExactlyInAnyOrder(
                "milestone_program.milestones[2].target",
                "milestone_program.milestones[2].reward.free_product.product_id",
                "milestone_program.milestones[2].reward.free_product.quantity",
                "milestone_program.points_expiry.kind",
                "milestone_program.condition.all_of.conditions[1]");
        assertThat(invalid.getStatus().getDescription()).doesNotContain("Exception");

        // then the program's own rules, every one of them
        MilestoneProgram withinTheContract = bad.toBuilder()
                .setMilestones(2, milestone(3, freeProduct("shirt-1", 1)))
                .setCondition(Condition.newBuilder().setCurrentTier(CurrentTierCondition.newBuilder().addTierIds("gold")))
                .clearPointsExpiry()
                .build();
        invalid = failure(() -> create(store, withinTheContract));
        assertThat(StatusDetails.badFields(invalid)).containsExactlyInAnyOrder(
                "milestone_program.internal_name",
                "milestone_program.schedule.end_time",
                "milestone_program.milestones[0].reward.points.percent_of_order_bps",
                "milestone_program.milestones[1].target",
                "milestone_program.milestones[2].target",
                "milestone_program.milestones[3].reward.store_credit.fixed_amount.currency_code",
                "milestone_program.points_expiry");
        // the unknown tier id "gold" needs the store's tier program: it is named once the rest is valid
        assertThat(programs.listMilestonePrograms(ListMilestoneProgramsRequest.newBuilder().setStoreId(store).build())
                .getMilestoneProgramsList()).isEmpty();
        assertThat(ConfigFeedRows.of(pool, store, "MILESTONE_PROGRAM")).isEmpty();
    }

    @Test
    void r_prog_10_noMilestonesAndAnOverLongNameAreRefused() {
        String store = configuredStore(settings);
        StatusRuntimeException invalid = failure(() -> create(store, ordersToPointsAndShirt().toBuilder()
                .setInternalName("x".repeat(201)).clearMilestones().setStoreId("another-store").build()));
        // L-API-3: the name's length is the contract's, answered first
        assertThat(StatusDetails.badFields(invalid)).containsExactly("milestone_program.internal_name");
        invalid = failure(() -> create(store, ordersToPointsAndShirt().toBuilder()
                .setInternalName("x".repeat(200)).clearMilestones().setStoreId("another-store").build()));
        assertThat(StatusDetails.badFields(invalid)).containsExactlyInAnyOrder("milestone_program.store_id",
                "milestone_program.milestones");

        invalid = failure(() -> create(store, ordersToPointsAndShirt().toBuilder()
                .setInternalName("x").clearMilestones().clearMetric().build()));
        assertThat(StatusDetails.badFields(invalid)).containsExactlyInAnyOrder("milestone_program.metric",
                "milestone_program.milestones");
    }

    @Test
    void createRequestShapeErrorsAreListedTogether() {
        StatusRuntimeException invalid = failure(() -> programs.createMilestoneProgram(
                CreateMilestoneProgramRequest.newBuilder().setMilestoneProgram(ordersToPointsAndShirt()).build()));
        assertThat(invalid.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(StatusDetails.badFields(invalid)).containsExactly("request_id", "store_id");
    }

    @Test
    void aStoreWithoutSettingsCannotCreatePrograms() {
        StatusRuntimeException refused = failure(() -> create(newStore(), ordersToPointsAndShirt()));
        assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
        assertThat(reason(refused)).isEqualTo("STORE_NOT_CONFIGURED");
    }

    @Test
    void r_store_3_storeCreditInAnotherCurrencyIsRefused() {
        String store = configuredStore(settings);
        StatusRuntimeException invalid = failure(() -> create(store, storeCreditAtOrders().toBuilder()
                .setMilestones(1, milestone(10, credit(2500, "EUR"))).build()));
        assertThat(StatusDetails.badFields(invalid))
                .containsExactly("milestone_program.milestones[1].reward.store_credit.fixed_amount.currency_code");
    }

    @Test
    void aRetriedCreateReplaysTheFirstProgram() {
        String store = configuredStore(settings);
        CreateMilestoneProgramRequest request = CreateMilestoneProgramRequest.newBuilder().setRequestId(requestId())
                .setStoreId(store).setMilestoneProgram(ordersToPointsAndShirt()).build();
        CreateMilestoneProgramResponse first = programs.createMilestoneProgram(request);
        CreateMilestoneProgramResponse retry = programs.createMilestoneProgram(request);

        assertThat(retry).isEqualTo(first);
        assertThat(programs.listMilestonePrograms(ListMilestoneProgramsRequest.newBuilder().setStoreId(store).build())
                .getMilestoneProgramsCount()).isEqualTo(1);
        StatusRuntimeException reused = failure(() -> programs.createMilestoneProgram(request.toBuilder()
                .setMilestoneProgram(storeCreditAtOrders()).build()));
        assertThat(reason(reused)).isEqualTo("REQUEST_ID_REUSED");
    }

    @Test
    void r_prog_9_everyChangeIsANewVersionAndEarlierOnesStayReadable() {
        String store = configuredStore(settings);
        MilestoneProgram v1 = create(store, ordersToPointsAndShirt());
        MilestoneProgram v2 = programs.updateMilestoneProgram(update(store, MilestoneProgram.newBuilder()
                .setProgramId(v1.getProgramId()).setTitle("New title").build(), 1)
                .setUpdateMask(FieldMask.newBuilder().addPaths("title")).build()).getMilestoneProgram();
        MilestoneProgram v3 = activate(store, v2);

        assertThat(v2.getVersion()).isEqualTo(2);
        assertThat(v2.getTitle()).isEqualTo("New title");
        assertThat(v2.getMilestonesList()).isEqualTo(v1.getMilestonesList());
        assertThat(v2.getCreateTime()).isEqualTo(v1.getCreateTime());
        assertThat(v3.getVersion()).isEqualTo(3);
        assertThat(get(store, v1.getProgramId(), 1)).isEqualTo(v1);
        assertThat(get(store, v1.getProgramId(), 2)).isEqualTo(v2);
        assertThat(get(store, v1.getProgramId(), 0)).isEqualTo(v3);
        assertThat(programs.listMilestoneProgramVersions(ListMilestoneProgramVersionsRequest.newBuilder()
                .setStoreId(store).setProgramId(v1.getProgramId()).build()).getMilestoneProgramsList())
                .containsExactly(v3, v2, v1);

        StatusRuntimeException missing = failure(() -> get(store, v1.getProgramId(), 4));
        assertThat(missing.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
    }

    @Test
    void r_prog_9_aStaleVersionIsAbortedNamingTheCurrentOne() {
        String store = configuredStore(settings);
        MilestoneProgram v1 = create(store, ordersToPointsAndShirt());
        programs.updateMilestoneProgram(update(store, ordersToPointsAndShirt().toBuilder()
                .setProgramId(v1.getProgramId()).setTitle("first writer").build(), 1).build());

        StatusRuntimeException stale = failure(() -> programs.updateMilestoneProgram(update(store,
                ordersToPointsAndShirt().toBuilder().setProgramId(v1.getProgramId()).setTitle("second").build(), 1)
                .build()));

        assertThat(stale.getStatus().getCode()).isEqualTo(Status.Code.ABORTED);
        assertThat(reason(stale)).isEqualTo("VERSION_CONFLICT");
        assertThat(StatusDetails.errorInfo(stale).orElseThrow().getMetadataMap()).containsEntry("current_version", "2");
        assertThat(get(store, v1.getProgramId(), 0).getTitle()).isEqualTo("first writer");
        StatusRuntimeException staleActivate = failure(() -> activate(store, v1));
        assertThat(staleActivate.getStatus().getCode()).isEqualTo(Status.Code.ABORTED);
    }

    @Test
    void r_prog_10_anInvalidUpdateNamesEveryFieldAndChangesNothing() {
        String store = configuredStore(settings);
        MilestoneProgram v1 = create(store, ordersToPointsAndShirt());
        StatusRuntimeException invalid = failure(() -> programs.updateMilestoneProgram(update(store,
                MilestoneProgram.newBuilder().setProgramId(v1.getProgramId())
                        .addMilestones(milestone(7, points(0))).addMilestones(milestone(3, points(10))).build(), 1)
                .setUpdateMask(FieldMask.newBuilder().addPaths("milestones").addPaths("status")).build()));
        // L-API-3: the contract's limits first, then the update's own faults
        assertThat(StatusDetails.badFields(invalid))
                .containsExactly("milestone_program.milestones[0].reward.points.fixed_points");
        invalid = failure(() -> programs.updateMilestoneProgram(update(store,
                MilestoneProgram.newBuilder().setProgramId(v1.getProgramId())
                        .addMilestones(milestone(7, points(1))).addMilestones(milestone(3, points(10))).build(), 1)
                .setUpdateMask(FieldMask.newBuilder().addPaths("milestones").addPaths("status")).build()));
        assertThat(StatusDetails.badFields(invalid)).containsExactlyInAnyOrder("update_mask.paths[1]",
                "milestone_program.milestones[1].target");
        assertThat(get(store, v1.getProgramId(), 0)).isEqualTo(v1);
        assertThat(ConfigFeedRows.of(pool, store, "MILESTONE_PROGRAM")).hasSize(1);
    }

    @Test
    void r_prog_10_l_api_3_theContractsFaultsAreListedTogetherThenTheProgramsOwn() {
        CreateMilestoneProgramRequest create = CreateMilestoneProgramRequest.newBuilder()
                .setMilestoneProgram(ordersToPointsAndShirt().toBuilder().setInternalName("")
                        .setMilestones(1, milestone(2, points(500)))).build();
        StatusRuntimeException contract = failure(() -> programs.createMilestoneProgram(create));
        assertThat(contract.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(StatusDetails.badFields(contract)).containsExactlyInAnyOrder("request_id", "store_id");
        StatusRuntimeException own = failure(() -> programs.createMilestoneProgram(create.toBuilder()
                .setRequestId(requestId()).setStoreId(configuredStore(settings)).build()));
        assertThat(StatusDetails.badFields(own)).containsExactlyInAnyOrder("milestone_program.internal_name",
                "milestone_program.milestones[1].target");

        UpdateMilestoneProgramRequest update = UpdateMilestoneProgramRequest.newBuilder().setStoreId("s")
                .setMilestoneProgram(MilestoneProgram.newBuilder()
                        .setTitle("t".repeat(201)).addMilestones(milestone(0, points(5))))
                .setUpdateMask(FieldMask.newBuilder().addPaths("title").addPaths("milestones").addPaths("version"))
                .build();
        contract = failure(() -> programs.updateMilestoneProgram(update));
        assertThat(StatusDetails.badFields(contract)).containsExactlyInAnyOrder("request_id", "expected_version",
                "milestone_program.title", "milestone_program.milestones[0].target");
        own = failure(() -> programs.updateMilestoneProgram(update.toBuilder().setRequestId(requestId())
                .setExpectedVersion(1).setMilestoneProgram(MilestoneProgram.newBuilder().setTitle("t")
                        .addMilestones(milestone(5, points(5)))).build()));
        assertThat(StatusDetails.badFields(own)).containsExactlyInAnyOrder("milestone_program.program_id",
                "update_mask.paths[2]");
    }

    @Test
    void updateRequestShapeErrorsAreListedTogether() {
        StatusRuntimeException invalid = failure(() -> programs.updateMilestoneProgram(
                UpdateMilestoneProgramRequest.newBuilder().setStoreId("s").build()));
        // L-API-3: the contract's faults first
        assertThat(StatusDetails.badFields(invalid)).containsExactly("request_id", "expected_version");
        invalid = failure(() -> programs.updateMilestoneProgram(UpdateMilestoneProgramRequest.newBuilder()
                .setRequestId(requestId()).setStoreId("s").setExpectedVersion(1).build()));
        // no mask: every settable field is set, so the empty program's own bad fields come too (R-PROG-10)
        assertThat(StatusDetails.badFields(invalid)).containsExactly("milestone_program.program_id",
                "milestone_program.internal_name", "milestone_program.metric",
                "milestone_program.milestones", "milestone_program.points_expiry");
    }

    @Test
    void r_prog_1_theLifecycleDraftActivePausedArchived() {
        String store = configuredStore(settings);
        MilestoneProgram draft = create(store, ordersToPointsAndShirt());

        StatusRuntimeException notActive = failure(() -> pause(store, draft));
        assertThat(notActive.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
        assertThat(reason(notActive)).isEqualTo("PROGRAM_NOT_ACTIVE");

        MilestoneProgram active = activate(store, draft);
        assertThat(active.getStatus()).isEqualTo(ACTIVE);
        assertThat(activate(store, active)).as("activating an active program is a no-op").isEqualTo(active);
        MilestoneProgram paused = pause(store, active);
        assertThat(paused.getStatus()).isEqualTo(PAUSED);
        assertThat(paused.getVersion()).isEqualTo(3);
        assertThat(pause(store, paused)).as("pausing a paused program is a no-op").isEqualTo(paused);
        MilestoneProgram again = activate(store, paused);
        assertThat(again.getStatus()).isEqualTo(ACTIVE);
        MilestoneProgram archived = archive(store, again);
        assertThat(archived.getStatus()).isEqualTo(ARCHIVED);
        assertThat(archived.getVersion()).isEqualTo(5);
        assertThat(archive(store, archived)).isEqualTo(archived);

        StatusRuntimeException readOnly = failure(() -> programs.updateMilestoneProgram(update(store,
                ordersToPointsAndShirt().toBuilder().setProgramId(draft.getProgramId()).build(), 5).build()));
        assertThat(readOnly.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
        assertThat(reason(readOnly)).isEqualTo("PROGRAM_ARCHIVED");
        assertThat(reason(failure(() -> activate(store, archived)))).isEqualTo("PROGRAM_ARCHIVED");
        assertThat(reason(failure(() -> pause(store, archived)))).isEqualTo("PROGRAM_NOT_ACTIVE");
        assertThat(get(store, draft.getProgramId(), 0).getVersion()).isEqualTo(5);
    }

    @Test
    void r_prog_9_theMetricIsFixedOnceActivated() {
        String store = configuredStore(settings);
        MilestoneProgram draft = create(store, ordersToPointsAndShirt());
        MilestoneProgram reviews = programs.updateMilestoneProgram(update(store, MilestoneProgram.newBuilder()
                .setProgramId(draft.getProgramId()).setMetric(MilestoneMetric.MILESTONE_METRIC_REVIEW_COUNT).build(), 1)
                .setUpdateMask(FieldMask.newBuilder().addPaths("metric")).build()).getMilestoneProgram();
        assertThat(reviews.getMetric()).isEqualTo(MilestoneMetric.MILESTONE_METRIC_REVIEW_COUNT);
        MilestoneProgram active = activate(store, reviews);

        StatusRuntimeException refused = failure(() -> programs.updateMilestoneProgram(update(store,
                MilestoneProgram.newBuilder().setProgramId(draft.getProgramId())
                        .setMetric(MilestoneMetric.MILESTONE_METRIC_ORDER_COUNT).build(), active.getVersion())
                .setUpdateMask(FieldMask.newBuilder().addPaths("metric")).build()));
        assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
        assertThat(reason(refused)).isEqualTo("METRIC_IMMUTABLE");
    }

    @Test
    void aProgramWhoseScheduleHasEndedCannotBeActivated() {
        String store = configuredStore(settings);
        MilestoneProgram ended = create(store, ordersToPointsAndShirt().toBuilder().setSchedule(Schedule.newBuilder()
                .setEndTime(Timestamp.newBuilder().setSeconds(1_600_000_000))).build());
        StatusRuntimeException refused = failure(() -> activate(store, ended));
        assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
        assertThat(reason(refused)).isEqualTo("SCHEDULE_ENDED");
    }

    @Test
    void r_store_1_anotherStoresProgramIsNotFoundAndUnchangeable() {
        String storeA = configuredStore(settings);
        String storeB = configuredStore(settings);
        MilestoneProgram a = create(storeA, ordersToPointsAndShirt());

        for (StatusRuntimeException hidden : List.of(
                failure(() -> get(storeB, a.getProgramId(), 0)),
                failure(() -> get(storeB, a.getProgramId(), 1)),
                failure(() -> activate(storeB, a)),
                failure(() -> pause(storeB, a)),
                failure(() -> archive(storeB, a)),
                failure(() -> programs.updateMilestoneProgram(update(storeB, ordersToPointsAndShirt().toBuilder()
                        .setProgramId(a.getProgramId()).build(), 1).build())),
                failure(() -> programs.listMilestoneProgramVersions(ListMilestoneProgramVersionsRequest.newBuilder()
                        .setStoreId(storeB).setProgramId(a.getProgramId()).build())))) {
            assertThat(hidden.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
        }
        assertThat(programs.listMilestonePrograms(ListMilestoneProgramsRequest.newBuilder().setStoreId(storeB).build())
                .getMilestoneProgramsList()).isEmpty();
        assertThat(get(storeA, a.getProgramId(), 0)).isEqualTo(a);
    }

    @Test
    void getAndListRefuseBadArguments() {
        StatusRuntimeException get = failure(() -> programs.getMilestoneProgram(
                GetMilestoneProgramRequest.newBuilder().setVersion(-1).build()));
        assertThat(get.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(StatusDetails.badFields(get)).containsExactly("store_id", "program_id", "version");

        // L-API-3: the contract's faults (the ids, the enum values) first, then paging's
        StatusRuntimeException list = failure(() -> programs.listMilestonePrograms(ListMilestoneProgramsRequest
                .newBuilder().setPageSize(-1).setPageToken("garbage!").addStatuses(DRAFT)
                .addStatusesValue(0).addMetricsValue(99).build()));
        assertThat(StatusDetails.badFields(list)).containsExactly("store_id", "statuses[1]", "metrics[0]", "page_size");
        list = failure(() -> programs.listMilestonePrograms(ListMilestoneProgramsRequest
                .newBuilder().setStoreId("s").setPageSize(-1).setPageToken("garbage!").build()));
        assertThat(StatusDetails.badFields(list)).containsExactly("page_size");
        list = failure(() -> programs.listMilestonePrograms(ListMilestoneProgramsRequest
                .newBuilder().setStoreId("s").setPageToken("garbage!").build()));
        assertThat(StatusDetails.badFields(list)).containsExactly("page_token");

        StatusRuntimeException versions = failure(() -> programs.listMilestoneProgramVersions(
                ListMilestoneProgramVersionsRequest.newBuilder().setPageSize(-5).build()));
        assertThat(StatusDetails.badFields(versions)).containsExactly("store_id", "program_id", "page_size");
        versions = failure(() -> programs.listMilestoneProgramVersions(
                ListMilestoneProgramVersionsRequest.newBuilder().setStoreId("s").setProgramId("p").setPageSize(-5).build()));
        assertThat(StatusDetails.badFields(versions)).containsExactly("page_size");
    }

    @Test
    void listPagesThroughProgramsOldestFirstAndFiltersByStatusAndMetric() {
        String store = configuredStore(settings);
        List<MilestoneProgram> created = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            created.add(create(store, ordersToPointsAndShirt().toBuilder().setInternalName("program " + i).build()));
        }
        MilestoneProgram reviews = create(store, ordersToPointsAndShirt().toBuilder()
                .setMetric(MilestoneMetric.MILESTONE_METRIC_REVIEW_COUNT).build());
        MilestoneProgram active = activate(store, created.get(1));

        List<MilestoneProgram> seen = new ArrayList<>();
        String token = "";
        int pages = 0;
        do {
            ListMilestoneProgramsResponse page = programs.listMilestonePrograms(ListMilestoneProgramsRequest
                    .newBuilder().setStoreId(store).setPageSize(2).setPageToken(token).build());
            seen.addAll(page.getMilestoneProgramsList());
            token = page.getNextPageToken();
            pages++;
        } while (!token.isEmpty());
        assertThat(pages).isEqualTo(3);
        assertThat(seen).extracting(MilestoneProgram::getProgramId).containsExactly(created.get(0).getProgramId(),
                created.get(1).getProgramId(), created.get(2).getProgramId(), created.get(3).getProgramId(),
                created.get(4).getProgramId(), reviews.getProgramId());
        assertThat(seen.get(1)).as("the latest version").isEqualTo(active);

        assertThat(programs.listMilestonePrograms(ListMilestoneProgramsRequest.newBuilder().setStoreId(store)
                .addStatuses(ACTIVE).build()).getMilestoneProgramsList()).containsExactly(active);
        assertThat(programs.listMilestonePrograms(ListMilestoneProgramsRequest.newBuilder().setStoreId(store)
                .addMetrics(MilestoneMetric.MILESTONE_METRIC_REVIEW_COUNT).addStatuses(DRAFT).build())
                .getMilestoneProgramsList()).containsExactly(reviews);

        String firstToken = programs.listMilestonePrograms(ListMilestoneProgramsRequest.newBuilder().setStoreId(store)
                .setPageSize(2).build()).getNextPageToken();
        StatusRuntimeException otherFilters = failure(() -> programs.listMilestonePrograms(ListMilestoneProgramsRequest
                .newBuilder().setStoreId(store).setPageSize(2).addStatuses(DRAFT).setPageToken(firstToken).build()));
        assertThat(StatusDetails.badFields(otherFilters)).containsExactly("page_token");
    }

    @RepeatedTest(5) // a race: repeat so the interleaving where the loser waits on the winner's lock occurs
    void r_prog_9_ofTwoConcurrentUpdatesFromTheSameVersionExactlyOneWins() throws Exception {
        String store = configuredStore(settings);
        MilestoneProgram v1 = create(store, ordersToPointsAndShirt());
        List<Runnable> writers = List.of("writer A", "writer B").stream().<Runnable>map(title -> () ->
                programs.updateMilestoneProgram(update(store, ordersToPointsAndShirt().toBuilder()
                        .setProgramId(v1.getProgramId()).setTitle(title).build(), 1).build())).toList();
        assertThat(concurrently(writers)).containsExactlyInAnyOrder(Status.Code.OK, Status.Code.ABORTED);
        assertThat(get(store, v1.getProgramId(), 0).getVersion()).isEqualTo(2);
        assertThat(ConfigFeedRows.of(pool, store, "MILESTONE_PROGRAM")).hasSize(2);
    }

    @Test
    void aRetriedStatusChangeReplaysItsAnswer() {
        String store = configuredStore(settings);
        MilestoneProgram v1 = create(store, ordersToPointsAndShirt());
        ActivateMilestoneProgramRequest request = ActivateMilestoneProgramRequest.newBuilder().setRequestId(requestId())
                .setStoreId(store).setProgramId(v1.getProgramId()).setExpectedVersion(1).build();
        MilestoneProgram first = programs.activateMilestoneProgram(request).getMilestoneProgram();
        assertThat(programs.activateMilestoneProgram(request).getMilestoneProgram()).isEqualTo(first);
        assertThat(first.getVersion()).isEqualTo(2);
        assertThat(get(store, v1.getProgramId(), 0).getVersion()).isEqualTo(2);
    }

    @Test
    void everyStoredVersionLandsOnTheConfigurationFeedInItsTransaction() {
        String store = configuredStore(settings);
        MilestoneProgram v1 = create(store, ordersToPointsAndShirt());
        MilestoneProgram v2 = activate(store, v1);
        activate(store, v2); // a no-op stores no version and no change
        StatusRuntimeException stale = failure(() -> pause(store, v1)); // stale: refused, nothing stored
        assertThat(stale.getStatus().getCode()).isEqualTo(Status.Code.ABORTED);
        assertThat(reason(stale)).isEqualTo("VERSION_CONFLICT");

        List<ConfigChange> changes = ConfigFeedRows.of(pool, store, "MILESTONE_PROGRAM");
        assertThat(changes).hasSize(2);
        assertThat(changes.get(0).getKind()).isEqualTo(ConfigKind.CONFIG_KIND_MILESTONE_PROGRAM);
        assertThat(changes.get(0).getResourceId()).isEqualTo(v1.getProgramId());
        assertThat(changes.get(0).getVersion()).isEqualTo(1);
        assertThat(changes.get(0).getChangeTime()).isEqualTo(v1.getUpdateTime());
        assertThat(changes.get(0).getMilestoneProgram()).isEqualTo(v1);
        assertThat(changes.get(1).getMilestoneProgram()).isEqualTo(v2);
    }

    private static void assertInvalid(StatusRuntimeException e, String... fields) {
        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(reason(e)).isEqualTo("INVALID_FIELDS");
        assertThat(StatusDetails.badFields(e)).containsExactlyInAnyOrder(fields);
    }

    private static void assertVersionConflict(StatusRuntimeException e, String programId, long expected, long current) {
        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.ABORTED);
        assertThat(reason(e)).isEqualTo("VERSION_CONFLICT");
        assertThat(StatusDetails.errorInfo(e).orElseThrow().getMetadataMap())
                .containsEntry("resource_id", programId)
                .containsEntry("expected_version", Long.toString(expected))
                .containsEntry("current_version", Long.toString(current));
    }

    @Test
    void updateRefusesARequestIdReusedForADifferentChange() {
        String store = configuredStore(settings);
        MilestoneProgram v1 = create(store, ordersToPointsAndShirt());
        UpdateMilestoneProgramRequest first = update(store, MilestoneProgram.newBuilder()
                .setProgramId(v1.getProgramId()).setTitle("first").build(), 1)
                .setUpdateMask(FieldMask.newBuilder().addPaths("title")).build();
        MilestoneProgram v2 = programs.updateMilestoneProgram(first).getMilestoneProgram();
        assertThat(programs.updateMilestoneProgram(first).getMilestoneProgram()).as("a retry replays").isEqualTo(v2);

        StatusRuntimeException reused = failure(() -> programs.updateMilestoneProgram(first.toBuilder()
                .setMilestoneProgram(first.getMilestoneProgram().toBuilder().setTitle("second")).build()));
        assertThat(reused.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(reason(reused)).isEqualTo("REQUEST_ID_REUSED");
        assertThat(StatusDetails.badFields(reused)).containsExactly("request_id");
        assertThat(get(store, v1.getProgramId(), 0)).isEqualTo(v2);
    }

    @Test
    void statusChangesRefuseEmptyIdsAndAMissingVersion() {
        assertInvalid(failure(() -> programs.activateMilestoneProgram(
                ActivateMilestoneProgramRequest.getDefaultInstance())),
                "request_id", "store_id", "program_id", "expected_version");
        assertInvalid(failure(() -> programs.pauseMilestoneProgram(PauseMilestoneProgramRequest.newBuilder()
                .setRequestId(requestId()).setStoreId("s").build())), "program_id", "expected_version");
        assertInvalid(failure(() -> programs.archiveMilestoneProgram(ArchiveMilestoneProgramRequest.newBuilder()
                .setProgramId("p").setExpectedVersion(-1).build())), "request_id", "store_id", "expected_version");
    }

    @Test
    void r_prog_9_staleStatusChangesAreAbortedNamingTheCurrentVersion() {
        String store = configuredStore(settings);
        MilestoneProgram v1 = create(store, ordersToPointsAndShirt());
        MilestoneProgram v2 = activate(store, v1);

        assertVersionConflict(failure(() -> activate(store, v1)), v1.getProgramId(), 1, 2);
        assertVersionConflict(failure(() -> pause(store, v1)), v1.getProgramId(), 1, 2);
        assertVersionConflict(failure(() -> archive(store, v1)), v1.getProgramId(), 1, 2);
        assertThat(get(store, v1.getProgramId(), 0)).isEqualTo(v2);
        assertThat(ConfigFeedRows.of(pool, store, "MILESTONE_PROGRAM")).hasSize(2);

        ActivateMilestoneProgramRequest activation = ActivateMilestoneProgramRequest.newBuilder()
                .setRequestId(requestId()).setStoreId(store).setProgramId(v1.getProgramId()).setExpectedVersion(2)
                .build();
        programs.activateMilestoneProgram(activation); // a no-op on the active v2, stored under its request id
        StatusRuntimeException reused = failure(() -> programs.activateMilestoneProgram(activation.toBuilder()
                .setExpectedVersion(1).build()));
        assertThat(reused.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(reason(reused)).isEqualTo("REQUEST_ID_REUSED");
        assertThat(StatusDetails.badFields(reused)).containsExactly("request_id");
    }

    @Test
    void r_prog_4_aPercentageOutsideZeroToAHundredPercentIsRefusedWithItsPath() {
        String store = configuredStore(settings);
        StatusRuntimeException invalid = failure(() -> create(store, ordersToPointsAndShirt().toBuilder()
                .setMilestones(0, milestone(5, percentPoints(0)))
                .setMilestones(1, milestone(20, percentPoints(10_001)))
                .addMilestones(milestone(40, RewardSpec.newBuilder().setStoreCredit(StoreCreditReward.newBuilder()
                        .setPercentOfOrderBps(-5)).build())).build()));
        assertInvalid(invalid,
                "milestone_program.milestones[0].reward.points.percent_of_order_bps",
                "milestone_program.milestones[1].reward.points.percent_of_order_bps",
                "milestone_program.milestones[3].reward.store_credit.percent_of_order_bps");
        assertThat(create(store, ordersToPointsAndShirt().toBuilder()
                .setMilestones(0, milestone(5, percentPoints(10_000))).build()).getMilestones(0).getReward())
                .as("100 % is the upper bound, included").isEqualTo(percentPoints(10_000));
    }

    @Test
    void r_prog_2_r_prog_4_r_prog_6_pointsEarnedAPercentageOfStoreCreditAndNeverExpiringAreStoredExactly() {
        String store = configuredStore(settings);
        MilestoneProgram pointsEarned = MilestoneProgram.newBuilder()
                .setInternalName("Points earned milestones")
                .setMetric(MilestoneMetric.MILESTONE_METRIC_POINTS_EARNED)
                .addMilestones(milestone(1000, credit(500, "USD")))
                .addMilestones(milestone(5000, freeProduct("mug-7", 2)))
                .setPointsExpiry(PointsExpiryPolicy.newBuilder()
                        .setKind(PointsExpiryPolicyKind.POINTS_EXPIRY_POLICY_KIND_NEVER))
                .build();
        MilestoneProgram creditShare = MilestoneProgram.newBuilder()
                .setInternalName("Store credit share")
                .setMetric(MilestoneMetric.MILESTONE_METRIC_AMOUNT_SPENT)
                .addMilestones(milestone(10_000, RewardSpec.newBuilder().setStoreCredit(StoreCreditReward.newBuilder()
                        .setPercentOfOrderBps(250)).build()))
                .setPointsExpiry(PointsExpiryPolicy.newBuilder()
                        .setKind(PointsExpiryPolicyKind.POINTS_EXPIRY_POLICY_KIND_NEVER))
                .build();

        for (MilestoneProgram sent : List.of(pointsEarned, creditShare)) {
            MilestoneProgram stored = create(store, sent);
            assertThat(get(store, stored.getProgramId(), 0)).isEqualTo(stored);
            assertThat(stored.toBuilder().clearProgramId().clearStoreId().clearStatus().clearVersion()
                    .clearCreateTime().clearUpdateTime().clearRefundPolicy().build()).isEqualTo(sent);
        }
    }

    @Test
    void r_prog_8_aScheduleTimeOutsideTimestampsRangeIsRefusedNotInternal() {
        String store = configuredStore(settings);
        Schedule bad = Schedule.newBuilder().setStartTime(Timestamp.newBuilder().setSeconds(Long.MAX_VALUE))
                .setEndTime(Timestamp.newBuilder().setSeconds(1_900_000_000).setNanos(1_000_000_000)).build();
        assertInvalid(failure(() -> create(store, ordersToPointsAndShirt().toBuilder().setSchedule(bad).build())),
                "milestone_program.schedule.start_time", "milestone_program.schedule.end_time");
        assertInvalid(failure(() -> create(store, ordersToPointsAndShirt().toBuilder().setSchedule(Schedule.newBuilder()
                        .setStartTime(Timestamp.newBuilder().setSeconds(1_800_000_000).setNanos(-1))).build())),
                "milestone_program.schedule.start_time");

        // an instant that cannot exist is refused wherever it is, even in a field the call ignores (L-API-3)
        assertInvalid(failure(() -> create(store, ordersToPointsAndShirt().toBuilder()
                        .setCreateTime(Timestamp.newBuilder().setSeconds(Long.MIN_VALUE)).build())),
                "milestone_program.create_time");
        MilestoneProgram v1 = create(store, ordersToPointsAndShirt().toBuilder()
                .setCreateTime(Timestamp.newBuilder().setSeconds(1_500_000_000)).build()); // output-only: ignored
        assertThat(v1.getCreateTime().getSeconds()).isNotEqualTo(1_500_000_000);
        assertInvalid(failure(() -> programs.updateMilestoneProgram(update(store, MilestoneProgram.newBuilder()
                        .setProgramId(v1.getProgramId()).setSchedule(bad).build(), 1)
                        .setUpdateMask(FieldMask.newBuilder().addPaths("schedule")).build())),
                "milestone_program.schedule.start_time", "milestone_program.schedule.end_time");
        Schedule later = Schedule.newBuilder().setStartTime(Timestamp.newBuilder().setSeconds(1_900_000_000)).build();
        MilestoneProgram v2 = programs.updateMilestoneProgram(update(store, MilestoneProgram.newBuilder()
                .setProgramId(v1.getProgramId()).setTitle("renamed").setSchedule(later).build(), 1)
                .setUpdateMask(FieldMask.newBuilder().addPaths("title")).build()).getMilestoneProgram();
        assertThat(v2.hasSchedule()).as("a schedule the mask leaves out is ignored").isFalse();
    }
}
