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
import io.laurel.proto.program.v1.Tier;
import io.laurel.proto.program.v1.TierCriterion;
import io.laurel.proto.program.v1.TierPerks;
import io.laurel.proto.program.v1.TierProgramStatus;
import io.laurel.proto.program.v1.TierWindow;
import io.laurel.proto.reward.v1.RecordTierChangeRequest;
import io.laurel.proto.tier.v1.AssignTierRequest;
import io.laurel.proto.tier.v1.ListTierHistoryRequest;
import io.laurel.proto.tier.v1.RecordCustomerTagsRequest;
import io.laurel.proto.tier.v1.RecordCustomerTagsResponse;
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
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** RecordCustomerTags over real gRPC against real Postgres (R-TIER-5, R-TIER-6, R-STORE-1). */
@QuarkusTest
@WithTestResource(value = LaurelTestResource.class,
        initArgs = {@ResourceArg(name = LaurelTestResource.DATABASE, value = "laurel_tier"),
                    @ResourceArg(name = LaurelTestResource.REDIS, value = "false")})
class CustomerTagsEndpointTest {

    @GrpcClient("tier")
    TierServiceBlockingStub tier;

    @Inject
    TierFixtures fixtures;

    private static Tier tagTier(String id, String tag, int rank, int multiplierBps) {
        return Tier.newBuilder().setTierId(id).setName(id.toUpperCase()).setTag(tag).setRank(rank)
                .setPerks(TierPerks.newBuilder().setEarningMultiplierBps(multiplierBps)).build();
    }

    private String tagStore() {
        String store = newStore();
        fixtures.apply(TierFixtures.program(store, 1, TierProgramStatus.TIER_PROGRAM_STATUS_ACTIVE)
                .toBuilder().setCriterion(TierCriterion.TIER_CRITERION_CUSTOMER_TAG)
                .setWindow(TierWindow.TIER_WINDOW_UNSPECIFIED).clearTiers()
                .addTiers(tagTier("vip", "vip", 1, 15_000)).addTiers(tagTier("vvip", "vvip", 2, 20_000)).build());
        return store;
    }

    private RecordCustomerTagsRequest.Builder tags(String store, String customer, Instant occurredAt, String... tags) {
        return RecordCustomerTagsRequest.newBuilder().setRequestId(newId()).setStoreId(store).setCustomerId(customer)
                .setActivityId("evt-" + newId()).setOccurredAt(at(occurredAt)).addAllTags(List.of(tags));
    }

    private List<TierChange> history(String store, String customer) {
        return tier.listTierHistory(ListTierHistoryRequest.newBuilder().setStoreId(store).setCustomerId(customer)
                .build()).getChangesList();
    }

    @Test
    void r_tier_5_tagsPlaceTheCustomerInTheHighestRankedTaggedTierAndTagChangesMoveThem() {
        String store = tagStore();
        Instant t1 = fixtures.clock().instant().minus(Duration.ofMinutes(10));

        RecordCustomerTagsResponse first = tier.recordCustomerTags(tags(store, "cust-1", t1, "vip", "newsletter").build());

        assertThat(first.getCustomerTier().getTierId()).isEqualTo("vip");
        assertThat(first.getCustomerTier().getSource()).isEqualTo(TierSource.TIER_SOURCE_TAG);
        assertThat(first.getCustomerTier().getEarningMultiplierBps()).isEqualTo(15_000);
        assertThat(first.getCustomerTier().hasNextTier()).isFalse();
        assertThat(first.getChangesList()).singleElement().satisfies(c -> {
            assertThat(c.getCause()).isEqualTo(TierChangeCause.TIER_CHANGE_CAUSE_TAG_CHANGE);
            assertThat(ProtoTime.toInstant(c.getEffectiveTime())).isEqualTo(t1);
        });
        RecordTierChangeRequest earning = fixtures.outbox(first.getChanges(0).getChangeId()).get(1)
                .parse(RecordTierChangeRequest.parser());
        assertThat(earning.getEarningMultiplierBps()).isEqualTo(15_000);
        assertThat(ProtoTime.toInstant(earning.getEffectiveTime())).isEqualTo(t1);

        RecordCustomerTagsResponse second = tier.recordCustomerTags(
                tags(store, "cust-1", t1.plusSeconds(60), "vip", "vvip").build());
        assertThat(second.getCustomerTier().getTierId()).isEqualTo("vvip");
        assertThat(history(store, "cust-1")).extracting(TierChange::getToTierId).containsExactly("vvip", "vip");
    }

    @Test
    void r_tier_5_anOlderTagSetThanTheOneHeldChangesNothing() {
        String store = tagStore();
        Instant t1 = fixtures.clock().instant().minus(Duration.ofMinutes(10));
        tier.recordCustomerTags(tags(store, "cust-1", t1, "vvip").build());

        RecordCustomerTagsResponse late = tier.recordCustomerTags(tags(store, "cust-1", t1.minusSeconds(1)).build());

        assertThat(late.getChangesList()).isEmpty();
        assertThat(late.getCustomerTier().getTierId()).isEqualTo("vvip");
        assertThat(history(store, "cust-1")).hasSize(1);
    }

    @Test
    void theSameActivityUnderANewRequestIdReturnsTheFirstResult() {
        String store = tagStore();
        RecordCustomerTagsRequest request = tags(store, "cust-1", fixtures.clock().instant(), "vip").build();

        RecordCustomerTagsResponse first = tier.recordCustomerTags(request);
        RecordCustomerTagsResponse again = tier.recordCustomerTags(request.toBuilder().setRequestId(newId()).build());
        RecordCustomerTagsResponse retry = tier.recordCustomerTags(request);

        assertThat(again).isEqualTo(first);
        assertThat(retry).isEqualTo(first);
        assertThat(history(store, "cust-1")).hasSize(1);
    }

    @Test
    void r_tier_6_aManualAssignmentOverridesTheTagTierAndTheOverriddenChangeIsNotAnnounced() {
        String store = tagStore();
        tier.assignTier(AssignTierRequest.newBuilder().setRequestId(newId()).setStoreId(store).setCustomerId("cust-1")
                .setTierId("vip").setReason("gift").setActor(JANE).build());

        RecordCustomerTagsResponse response = tier.recordCustomerTags(
                tags(store, "cust-1", fixtures.clock().instant(), "vvip").build());

        assertThat(response.getCustomerTier().getTierId()).isEqualTo("vip");
        assertThat(response.getCustomerTier().getSource()).isEqualTo(TierSource.TIER_SOURCE_MANUAL);
        assertThat(response.getCustomerTier().getComputedTierId()).isEqualTo("vvip");
        assertThat(response.getChanges(0).getOverridden()).isTrue();
        assertThat(fixtures.outbox(response.getChanges(0).getChangeId())).isEmpty();
    }

    @Test
    void r_tier_5_tagsAreRecordedButPlaceNobodyUnderAThresholdProgramOrWithoutProgram() {
        for (String store : List.of(fixtures.storeWithProgram(), newStore())) {
            RecordCustomerTagsResponse response = tier.recordCustomerTags(
                    tags(store, "cust-1", fixtures.clock().instant(), "vip", "silver").build());
            assertThat(response.getChangesList()).isEmpty();
            assertThat(response.getCustomerTier().getTierId()).isEmpty();
        }
    }

    @Test
    void r_store_1_tagsInOneStoreDoNotMoveTheCustomerInAnother() {
        String storeA = tagStore();
        String storeB = tagStore();
        tier.recordCustomerTags(tags(storeA, "shared", fixtures.clock().instant(), "vvip").build());

        assertThat(history(storeB, "shared")).isEmpty();
        RecordCustomerTagsResponse inB = tier.recordCustomerTags(tags(storeB, "shared", fixtures.clock().instant(), "vip").build());
        assertThat(inB.getCustomerTier().getTierId()).isEqualTo("vip");
        assertThat(inB.getChanges(0).getFromTierId()).isEmpty();
    }

    @Test
    void anInvalidTagReportNamesEveryBadField() {
        StatusRuntimeException invalid = catchThrowableOfType(StatusRuntimeException.class,
                () -> tier.recordCustomerTags(RecordCustomerTagsRequest.newBuilder()
                        .addTags("ok").addTags("").addTags("x".repeat(256)).build()));
        assertThat(invalid.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(StatusDetails.badFields(invalid)).containsExactly("request_id", "store_id", "customer_id",
                "activity_id", "occurred_at", "tags[1]", "tags[2]");

        StatusRuntimeException tooMany = catchThrowableOfType(StatusRuntimeException.class,
                () -> tier.recordCustomerTags(tags(newStore(), "c", fixtures.clock().instant())
                        .addAllTags(Collections.nCopies(251, "t")).build()));
        assertThat(StatusDetails.badFields(tooMany)).containsExactly("tags");
    }
}
