package io.laurel.tier.grpc;

import static io.laurel.tier.grpc.TierFixtures.JANE;
import static io.laurel.tier.grpc.TierFixtures.at;
import static io.laurel.tier.grpc.TierFixtures.newId;
import static io.laurel.tier.grpc.TierFixtures.newStore;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.laurel.devstack.LaurelTestResource;
import io.laurel.platform.error.StatusDetails;
import io.laurel.platform.grpc.ProtoTime;
import io.laurel.proto.common.v1.Actor;
import io.laurel.proto.common.v1.ActorKind;
import io.laurel.proto.program.v1.TierProgramStatus;
import io.laurel.proto.progress.v1.IngestEventsRequest;
import io.laurel.proto.reward.v1.RecordTierChangeRequest;
import io.laurel.proto.tier.v1.AssignTierRequest;
import io.laurel.proto.tier.v1.AssignTierResponse;
import io.laurel.proto.tier.v1.CustomerTier;
import io.laurel.proto.tier.v1.GetCustomerTierRequest;
import io.laurel.proto.tier.v1.ListTierHistoryRequest;
import io.laurel.proto.tier.v1.ListTierHistoryResponse;
import io.laurel.proto.tier.v1.RemoveManualTierRequest;
import io.laurel.proto.tier.v1.TierChange;
import io.laurel.proto.tier.v1.TierChangeCause;
import io.laurel.proto.tier.v1.TierServiceGrpc.TierServiceBlockingStub;
import io.laurel.proto.tier.v1.TierSource;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * AssignTier, RemoveManualTier, GetCustomerTier and ListTierHistory over real gRPC against real
 * Postgres (R-TIER-6, R-STORE-1), with the outbox rows they leave for reward- and progress-service.
 */
@QuarkusTest
@WithTestResource(value = LaurelTestResource.class,
        initArgs = {@ResourceArg(name = LaurelTestResource.DATABASE, value = "laurel_tier"),
                    @ResourceArg(name = LaurelTestResource.REDIS, value = "false")})
class ManualTierEndpointTest {

    @GrpcClient("tier")
    TierServiceBlockingStub tier;

    @Inject
    TierFixtures fixtures;

    private AssignTierRequest.Builder assign(String store, String customer, String tierId) {
        return AssignTierRequest.newBuilder().setRequestId(newId()).setStoreId(store).setCustomerId(customer)
                .setTierId(tierId).setReason("VIP complaint").setActor(JANE);
    }

    private RemoveManualTierRequest.Builder remove(String store, String customer) {
        return RemoveManualTierRequest.newBuilder().setRequestId(newId()).setStoreId(store).setCustomerId(customer)
                .setReason("resolved").setActor(JANE);
    }

    private CustomerTier get(String store, String customer) {
        return tier.getCustomerTier(GetCustomerTierRequest.newBuilder().setStoreId(store).setCustomerId(customer)
                .build()).getCustomerTier();
    }

    private List<TierChange> history(String store, String customer) {
        return tier.listTierHistory(ListTierHistoryRequest.newBuilder().setStoreId(store).setCustomerId(customer)
                .build()).getChangesList();
    }

    @Test
    void r_tier_6_anAssignedTierOverridesAndIsReadBackWithItsPerks() {
        String store = fixtures.storeWithProgram();
        Instant end = fixtures.clock().instant().plus(Duration.ofDays(30));

        CustomerTier assigned = tier.assignTier(assign(store, "cust-1", "gold").setEndTime(at(end)).build())
                .getCustomerTier();

        assertThat(assigned.getTierId()).isEqualTo("gold");
        assertThat(assigned.getTierName()).isEqualTo("Gold");
        assertThat(assigned.getEarningMultiplierBps()).isEqualTo(15_000);
        assertThat(assigned.getBenefitsList()).containsExactly("Free shipping");
        assertThat(assigned.getSource()).isEqualTo(TierSource.TIER_SOURCE_MANUAL);
        assertThat(assigned.getComputedTierId()).isEmpty();
        assertThat(assigned.getTierProgramId()).isEqualTo("tp-" + store);
        assertThat(assigned.getTierProgramVersion()).isEqualTo(2);
        assertThat(assigned.getManualAssignment().getReason()).isEqualTo("VIP complaint");
        assertThat(assigned.getManualAssignment().getActor()).isEqualTo(JANE);
        assertThat(ProtoTime.toInstant(assigned.getManualAssignment().getEndTime())).isEqualTo(end);
        assertThat(assigned.getNextTier().getTierId()).as("measured from the computed tier").isEqualTo("silver");
        assertThat(get(store, "cust-1")).isEqualTo(assigned);
    }

    @Test
    void r_tier_6_everyChangeIsInHistoryNewestFirstWithItsCauseAndAnnouncedThroughTheOutbox() {
        String store = fixtures.storeWithProgram();
        tier.assignTier(assign(store, "cust-1", "gold").build());
        CustomerTier removed = tier.removeManualTier(remove(store, "cust-1").build()).getCustomerTier();

        assertThat(removed.getTierId()).isEmpty();
        assertThat(removed.getSource()).isEqualTo(TierSource.TIER_SOURCE_UNSPECIFIED);
        assertThat(removed.getEarningMultiplierBps()).isEqualTo(10_000);
        assertThat(removed.hasManualAssignment()).isFalse();
        List<TierChange> changes = history(store, "cust-1");
        assertThat(changes).extracting(TierChange::getCause)
                .containsExactly(TierChangeCause.TIER_CHANGE_CAUSE_MANUAL_REMOVE, TierChangeCause.TIER_CHANGE_CAUSE_MANUAL_ASSIGN);
        TierChange assigned = changes.get(1);
        assertThat(assigned.getFromTierId()).isEmpty();
        assertThat(assigned.getToTierId()).isEqualTo("gold");
        assertThat(assigned.getReason()).isEqualTo("VIP complaint");
        assertThat(assigned.getActor()).isEqualTo(JANE);
        assertThat(assigned.getTierProgramId()).isEqualTo("tp-" + store);
        assertThat(ProtoTime.toInstant(assigned.getEffectiveTime())).isEqualTo(fixtures.clock().instant());
        assertThat(changes.get(0).getFromTierId()).isEqualTo("gold");
        assertThat(changes.get(0).getToTierId()).isEmpty();
        assertThat(changes.get(0).getReason()).isEqualTo("resolved");

        List<TierFixtures.OutboxRow> toAssign = fixtures.outbox(assigned.getChangeId());
        assertThat(toAssign).extracting(TierFixtures.OutboxRow::destination).containsExactly("progress", "reward");
        assertThat(toAssign.get(1).method()).isEqualTo("laurel.reward.v1.EarningService/RecordTierChange");
        RecordTierChangeRequest earning = toAssign.get(1).parse(RecordTierChangeRequest.parser());
        assertThat(earning.getChangeId()).isEqualTo(assigned.getChangeId());
        assertThat(earning.getRequestId()).isEqualTo(assigned.getChangeId());
        assertThat(earning.getStoreId()).isEqualTo(store);
        assertThat(earning.getCustomerId()).isEqualTo("cust-1");
        assertThat(earning.getTierProgramId()).isEqualTo("tp-" + store);
        assertThat(earning.getTierId()).isEqualTo("gold");
        assertThat(earning.getEarningMultiplierBps()).isEqualTo(15_000);
        assertThat(earning.getEffectiveTime()).isEqualTo(assigned.getEffectiveTime());
        assertThat(toAssign.get(0).method()).isEqualTo("laurel.progress.v1.ProgressService/IngestEvents");
        IngestEventsRequest event = toAssign.get(0).parse(IngestEventsRequest.parser());
        assertThat(event.getStoreId()).isEqualTo(store);
        assertThat(event.getEventsList()).singleElement().satisfies(e -> {
            assertThat(e.getEventId()).isEqualTo(assigned.getChangeId());
            assertThat(e.getCustomerId()).isEqualTo("cust-1");
            assertThat(e.getOccurredAt()).isEqualTo(assigned.getEffectiveTime());
            assertThat(e.getCustomerTierChanged().getTierId()).isEqualTo("gold");
            assertThat(e.getCustomerTierChanged().getTierProgramId()).isEqualTo("tp-" + store);
        });
        RecordTierChangeRequest back = fixtures.outbox(changes.get(0).getChangeId()).get(1)
                .parse(RecordTierChangeRequest.parser());
        assertThat(back.getTierId()).isEmpty();
        assertThat(back.getEarningMultiplierBps()).isEqualTo(10_000);
    }

    @Test
    void r_tier_6_reassigningTheSameTierIsRecordedButMovesNothingDownstream() {
        String store = fixtures.storeWithProgram();
        tier.assignTier(assign(store, "cust-1", "gold").build());
        tier.assignTier(assign(store, "cust-1", "gold").setReason("extended").build());

        List<TierChange> changes = history(store, "cust-1");
        assertThat(changes).hasSize(2);
        assertThat(changes.get(0).getReason()).isEqualTo("extended");
        assertThat(fixtures.outbox(changes.get(0).getChangeId())).isEmpty();
        assertThat(fixtures.outbox(changes.get(1).getChangeId())).hasSize(2);
        assertThat(get(store, "cust-1").getManualAssignment().getReason()).isEqualTo("extended");
    }

    @Test
    void l_tier_4_anAssignmentEndsAtItsEndTimeReadsWriteNothingAndTheJobRecordsTheEndOnce() {
        String store = fixtures.storeWithProgram();
        Instant end = fixtures.clock().instant().plus(Duration.ofHours(1));
        tier.assignTier(assign(store, "cust-1", "gold").setEndTime(at(end)).build());

        fixtures.clock().advance(Duration.ofMinutes(59));
        assertThat(get(store, "cust-1").getTierId()).isEqualTo("gold");
        fixtures.clock().advance(Duration.ofMinutes(2));
        CustomerTier after = get(store, "cust-1");

        assertThat(after.getTierId()).isEmpty();
        assertThat(after.hasManualAssignment()).isFalse();
        assertThat(after.getEarningMultiplierBps()).isEqualTo(10_000);
        assertThat(history(store, "cust-1")).as("a read writes nothing").hasSize(1);
        fixtures.runJobs();
        List<TierChange> changes = history(store, "cust-1");
        assertThat(changes).extracting(TierChange::getCause)
                .containsExactly(TierChangeCause.TIER_CHANGE_CAUSE_MANUAL_EXPIRED, TierChangeCause.TIER_CHANGE_CAUSE_MANUAL_ASSIGN);
        TierChange expired = changes.get(0);
        assertThat(ProtoTime.toInstant(expired.getEffectiveTime())).isEqualTo(end);
        assertThat(ProtoTime.toInstant(expired.getCreateTime())).isEqualTo(fixtures.clock().instant());
        assertThat(expired.getActor().getKind()).isEqualTo(ActorKind.ACTOR_KIND_SYSTEM);
        assertThat(expired.getFromTierId()).isEqualTo("gold");
        RecordTierChangeRequest earning = fixtures.outbox(expired.getChangeId()).get(1).parse(RecordTierChangeRequest.parser());
        assertThat(ProtoTime.toInstant(earning.getEffectiveTime())).isEqualTo(end);
        assertThat(earning.getEarningMultiplierBps()).isEqualTo(10_000);
        // booked once: running the job again records nothing more
        fixtures.runJobs();
        assertThat(history(store, "cust-1")).hasSize(2);
    }

    @Test
    void r_tier_6_anEndedAssignmentCannotBeRemoved() {
        String store = fixtures.storeWithProgram();
        tier.assignTier(assign(store, "cust-1", "gold").setEndTime(at(fixtures.clock().instant().plusSeconds(10))).build());
        fixtures.clock().advance(Duration.ofSeconds(11));

        StatusRuntimeException refused = catchThrowableOfType(StatusRuntimeException.class,
                () -> tier.removeManualTier(remove(store, "cust-1").build()));

        assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
        assertThat(StatusDetails.errorInfo(refused).orElseThrow().getReason()).isEqualTo("NO_MANUAL_ASSIGNMENT");
    }

    @Test
    void r_tier_6_removingWhenNothingWasAssignedIsAFailedPrecondition() {
        String store = fixtures.storeWithProgram();
        StatusRuntimeException unknown = catchThrowableOfType(StatusRuntimeException.class,
                () -> tier.removeManualTier(remove(store, "never-seen").build()));
        tier.assignTier(assign(store, "cust-1", "gold").build());
        tier.removeManualTier(remove(store, "cust-1").build());
        StatusRuntimeException twice = catchThrowableOfType(StatusRuntimeException.class,
                () -> tier.removeManualTier(remove(store, "cust-1").build()));

        for (StatusRuntimeException e : List.of(unknown, twice)) {
            assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
            assertThat(StatusDetails.errorInfo(e).orElseThrow().getReason()).isEqualTo("NO_MANUAL_ASSIGNMENT");
        }
        assertThat(history(store, "cust-1")).hasSize(2);
    }

    @Test
    void r_tier_6_withoutAnActiveTierProgramNothingCanBeAssigned() {
        String noProgram = newStore();
        String draft = newStore();
        fixtures.apply(TierFixtures.program(draft, 1, TierProgramStatus.TIER_PROGRAM_STATUS_DRAFT));

        for (String store : List.of(noProgram, draft)) {
            StatusRuntimeException refused = catchThrowableOfType(StatusRuntimeException.class,
                    () -> tier.assignTier(assign(store, "cust-1", "gold").build()));
            assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
            assertThat(StatusDetails.errorInfo(refused).orElseThrow().getReason()).isEqualTo("NO_ACTIVE_TIER_PROGRAM");
            assertThat(history(store, "cust-1")).isEmpty();
        }
    }

    @Test
    void r_tier_6_aTierNotInTheActiveProgramIsNotFoundAndNothingIsRecorded() {
        String store = fixtures.storeWithProgram();

        StatusRuntimeException missing = catchThrowableOfType(StatusRuntimeException.class,
                () -> tier.assignTier(assign(store, "cust-1", "diamond").build()));

        assertThat(missing.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
        assertThat(StatusDetails.errorInfo(missing).orElseThrow().getMetadataMap()).containsEntry("resource_id", "diamond");
        assertThat(history(store, "cust-1")).isEmpty();
        assertThat(get(store, "cust-1").getTierId()).isEmpty();
    }

    @Test
    void r_tier_6_l_api_3_anInvalidAssignmentNamesEveryBadField() {
        StatusRuntimeException invalid = catchThrowableOfType(StatusRuntimeException.class,
                () -> tier.assignTier(AssignTierRequest.newBuilder()
                        .setEndTime(at(fixtures.clock().instant().minusSeconds(1))).build()));

        // the contract's limits first (L-API-3): ids, reason and actor are required
        assertThat(invalid.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(StatusDetails.badFields(invalid)).containsExactly("request_id", "store_id", "customer_id",
                "tier_id", "reason", "actor");
        assertThat(invalid.getStatus().getDescription()).doesNotContain("Exception");
        // then the service's: an end in the past
        invalid = catchThrowableOfType(StatusRuntimeException.class, () -> tier.assignTier(assign(newStore(), "c", "gold")
                .setEndTime(at(fixtures.clock().instant().minusSeconds(1))).build()));
        assertThat(StatusDetails.badFields(invalid)).containsExactly("end_time");
    }

    @Test
    void r_tier_6_limitsOnReasonActorAndIdsAreEnforced() {
        String store = fixtures.storeWithProgram();
        StatusRuntimeException invalid = catchThrowableOfType(StatusRuntimeException.class,
                () -> tier.assignTier(assign(store, "c".repeat(129), "gold")
                        .setReason("r".repeat(501))
                        .setActor(Actor.newBuilder().setKind(ActorKind.ACTOR_KIND_SYSTEM).setId("tier-service")
                                .setDisplayName("n".repeat(201)))
                        .setEndTime(at(fixtures.clock().instant())).build()));

        // the contract's limits first (L-API-3): the id rule, the reason's and display name's lengths
        assertThat(StatusDetails.badFields(invalid)).containsExactly("customer_id", "reason", "actor.display_name");
        // then the service's own rules, each step naming all of its faults: no SYSTEM actor, an end in the future
        StatusRuntimeException rules = catchThrowableOfType(StatusRuntimeException.class,
                () -> tier.assignTier(assign(store, "c".repeat(128), "gold")
                        .setReason("r".repeat(500))
                        .setActor(Actor.newBuilder().setKind(ActorKind.ACTOR_KIND_SYSTEM).setId("tier-service")
                                .setDisplayName("n".repeat(200)))
                        .setEndTime(at(fixtures.clock().instant())).build()));
        assertThat(StatusDetails.badFields(rules)).containsExactly("actor.kind", "end_time");
    }

    @Test
    void r_tier_6_anInvalidRemovalNamesEveryBadField() {
        StatusRuntimeException invalid = catchThrowableOfType(StatusRuntimeException.class,
                () -> tier.removeManualTier(RemoveManualTierRequest.newBuilder()
                        .setActor(Actor.newBuilder().setKind(ActorKind.ACTOR_KIND_PLATFORM)).build()));

        assertThat(invalid.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(StatusDetails.badFields(invalid)).containsExactly("request_id", "store_id", "customer_id",
                "reason", "actor.id");
    }

    @Test
    void aRetriedAssignmentReplaysTheFirstAnswerAndChangesNothingAgain() {
        String store = fixtures.storeWithProgram();
        AssignTierRequest request = assign(store, "cust-1", "gold").build();

        AssignTierResponse first = tier.assignTier(request);
        fixtures.clock().advance(Duration.ofSeconds(5));
        AssignTierResponse retry = tier.assignTier(request);

        assertThat(retry).isEqualTo(first);
        assertThat(history(store, "cust-1")).hasSize(1);
        StatusRuntimeException reused = catchThrowableOfType(StatusRuntimeException.class,
                () -> tier.assignTier(request.toBuilder().setTierId("silver").build()));
        assertThat(reused.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(StatusDetails.errorInfo(reused).orElseThrow().getReason()).isEqualTo("REQUEST_ID_REUSED");
        assertThat(StatusDetails.badFields(reused)).containsExactly("request_id");
    }

    @Test
    void aRetriedRemovalReplaysTheFirstAnswer() {
        String store = fixtures.storeWithProgram();
        tier.assignTier(assign(store, "cust-1", "gold").build());
        RemoveManualTierRequest request = remove(store, "cust-1").build();

        var first = tier.removeManualTier(request);
        var retry = tier.removeManualTier(request);

        assertThat(retry).isEqualTo(first);
        assertThat(history(store, "cust-1")).hasSize(2);
    }

    @Test
    void r_store_1_anotherStoreSeesNothingOfTheCustomer() {
        String storeA = fixtures.storeWithProgram();
        String storeB = fixtures.storeWithProgram();
        tier.assignTier(assign(storeA, "shared-customer", "gold").build());

        CustomerTier inB = get(storeB, "shared-customer");
        assertThat(inB.getTierId()).isEmpty();
        assertThat(inB.hasManualAssignment()).isFalse();
        assertThat(inB.getTierProgramId()).isEqualTo("tp-" + storeB);
        assertThat(history(storeB, "shared-customer")).isEmpty();
        StatusRuntimeException refused = catchThrowableOfType(StatusRuntimeException.class,
                () -> tier.removeManualTier(remove(storeB, "shared-customer").build()));
        assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
        assertThat(get(storeA, "shared-customer").getTierId()).isEqualTo("gold");
        // a store without a program reveals nothing either
        CustomerTier noProgram = get(newStore(), "shared-customer");
        assertThat(noProgram.getTierProgramId()).isEmpty();
        assertThat(noProgram.getEarningMultiplierBps()).isEqualTo(10_000);
    }

    @Test
    void r_tier_4_aNeverSeenCustomerGetsTheZeroThresholdTier() {
        String ordered = newStore();
        fixtures.apply(TierFixtures.program(ordered, 1, TierProgramStatus.TIER_PROGRAM_STATUS_ACTIVE)
                .toBuilder().clearTiers()
                .addTiers(TierFixtures.tier("bronze", "Bronze", 0, 10_000, "Birthday gift"))
                .addTiers(TierFixtures.tier("silver", "Silver", 1000, 12_500)).build());

        CustomerTier fresh = get(ordered, "never-seen");

        assertThat(fresh.getTierId()).isEqualTo("bronze");
        assertThat(fresh.getSource()).isEqualTo(TierSource.TIER_SOURCE_COMPUTED);
        assertThat(fresh.getBenefitsList()).containsExactly("Birthday gift");
        assertThat(fresh.getNextTier().getTierId()).isEqualTo("silver");
        assertThat(fresh.getNextTier().getRemaining()).isEqualTo(1000);
        assertThat(fresh.hasTierSince()).isFalse();
        assertThat(history(ordered, "never-seen")).isEmpty();
        // removing a manual tier brings the customer back to it
        tier.assignTier(assign(ordered, "cust-1", "silver").build());
        CustomerTier back = tier.removeManualTier(remove(ordered, "cust-1").build()).getCustomerTier();
        assertThat(back.getTierId()).isEqualTo("bronze");
        assertThat(history(ordered, "cust-1").get(1).getFromTierId()).isEqualTo("bronze");
    }

    @Test
    void historyPagesAreStableNewestFirstAndBoundToTheirRequest() {
        String store = fixtures.storeWithProgram();
        for (String t : List.of("gold", "silver", "gold", "silver", "gold")) {
            fixtures.clock().advance(Duration.ofSeconds(1));
            tier.assignTier(assign(store, "cust-1", t).build());
        }
        List<TierChange> all = history(store, "cust-1");
        assertThat(all).hasSize(5);
        assertThat(all).extracting(c -> ProtoTime.toInstant(c.getEffectiveTime())).isSortedAccordingTo(
                (a, b) -> b.compareTo(a));

        List<TierChange> paged = new ArrayList<>();
        String token = "";
        int pages = 0;
        do {
            ListTierHistoryResponse page = tier.listTierHistory(ListTierHistoryRequest.newBuilder().setStoreId(store)
                    .setCustomerId("cust-1").setPageSize(2).setPageToken(token).build());
            paged.addAll(page.getChangesList());
            token = page.getNextPageToken();
            pages++;
        } while (!token.isEmpty());
        assertThat(pages).isEqualTo(3);
        assertThat(paged).isEqualTo(all);

        String firstToken = tier.listTierHistory(ListTierHistoryRequest.newBuilder().setStoreId(store)
                .setCustomerId("cust-1").setPageSize(2).build()).getNextPageToken();
        StatusRuntimeException other = catchThrowableOfType(StatusRuntimeException.class,
                () -> tier.listTierHistory(ListTierHistoryRequest.newBuilder().setStoreId(store)
                        .setCustomerId("cust-2").setPageToken(firstToken).build()));
        assertThat(StatusDetails.badFields(other)).containsExactly("page_token");
    }

    @Test
    void r_tier_6_concurrentChangesForOneCustomerAreSerializedIntoOneConsistentHistory() throws Exception {
        String store = fixtures.storeWithProgram();
        Instant end = fixtures.clock().instant().plus(Duration.ofMinutes(1));
        tier.assignTier(assign(store, "cust-1", "silver").setEndTime(at(end)).build());
        fixtures.clock().advance(Duration.ofMinutes(2));
        List<Callable<Object>> calls = new ArrayList<>();
        for (String t : List.of("gold", "silver", "gold", "silver")) {
            calls.add(() -> tier.assignTier(assign(store, "cust-1", t).build()));
            calls.add(() -> get(store, "cust-1"));
        }
        ExecutorService callers = Executors.newFixedThreadPool(calls.size());
        try {
            for (Future<Object> done : callers.invokeAll(calls)) {
                done.get();
            }
        } finally {
            callers.shutdown();
        }

        List<TierChange> changes = history(store, "cust-1");
        assertThat(changes).hasSize(6);
        assertThat(changes).filteredOn(c -> c.getCause() == TierChangeCause.TIER_CHANGE_CAUSE_MANUAL_EXPIRED)
                .as("the end is recorded once however many noticed it").hasSize(1);
        // recorded one after another: each change starts where the one recorded before it ended
        List<TierChange> recorded = new ArrayList<>(changes.subList(0, 5));
        Collections.reverse(recorded);
        for (int i = 1; i < recorded.size(); i++) {
            assertThat(recorded.get(i).getFromTierId()).isEqualTo(recorded.get(i - 1).getToTierId());
        }
        assertThat(get(store, "cust-1").getTierId()).isEqualTo(recorded.get(4).getToTierId());
    }

    @Test
    void readsNameEveryBadField() {
        StatusRuntimeException get = catchThrowableOfType(StatusRuntimeException.class,
                () -> tier.getCustomerTier(GetCustomerTierRequest.getDefaultInstance()));
        assertThat(get.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(StatusDetails.badFields(get)).containsExactly("store_id", "customer_id");

        // the contract's faults first (L-API-3), then paging's
        StatusRuntimeException list = catchThrowableOfType(StatusRuntimeException.class,
                () -> tier.listTierHistory(ListTierHistoryRequest.newBuilder().setPageSize(-1)
                        .setPageToken("garbage!").build()));
        assertThat(list.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(StatusDetails.badFields(list)).containsExactly("store_id", "customer_id", "page_size");
        list = catchThrowableOfType(StatusRuntimeException.class,
                () -> tier.listTierHistory(ListTierHistoryRequest.newBuilder().setStoreId("s").setCustomerId("c")
                        .setPageToken("garbage!").build()));
        assertThat(StatusDetails.badFields(list)).containsExactly("page_token");
    }
}
