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
import io.laurel.proto.program.v1.TierProgramStatus;
import io.laurel.proto.tier.v1.AssignTierRequest;
import io.laurel.proto.tier.v1.CustomerTier;
import io.laurel.proto.tier.v1.ListTierMembersRequest;
import io.laurel.proto.tier.v1.ListTierMembersResponse;
import io.laurel.proto.tier.v1.TierServiceGrpc.TierServiceBlockingStub;
import io.laurel.proto.tier.v1.TierSource;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** ListTierMembers over real gRPC against real Postgres (R-TIER-6, R-STORE-1, paging). */
@QuarkusTest
@WithTestResource(value = LaurelTestResource.class,
        initArgs = {@ResourceArg(name = LaurelTestResource.DATABASE, value = "laurel_tier"),
                    @ResourceArg(name = LaurelTestResource.REDIS, value = "false")})
class TierMembersEndpointTest {

    @GrpcClient("tier")
    TierServiceBlockingStub tier;

    @Inject
    TierFixtures fixtures;

    private void assign(String store, String customer, String tierId) {
        tier.assignTier(AssignTierRequest.newBuilder().setRequestId(newId()).setStoreId(store).setCustomerId(customer)
                .setTierId(tierId).setReason("seed").setActor(JANE).build());
    }

    private ListTierMembersRequest.Builder members(String store) {
        return ListTierMembersRequest.newBuilder().setStoreId(store);
    }

    private static List<String> ids(ListTierMembersResponse response) {
        return response.getMembersList().stream().map(CustomerTier::getCustomerId).toList();
    }

    @Test
    void r_tier_6_membersAreListedByCustomerIdWithTheirTierAndFilteredByTierAndSource() {
        String store = fixtures.storeWithProgram();
        assign(store, "c-3", "gold");
        assign(store, "c-1", "silver");
        assign(store, "c-2", "gold");

        ListTierMembersResponse everyone = tier.listTierMembers(members(store).build());
        assertThat(ids(everyone)).containsExactly("c-1", "c-2", "c-3");
        assertThat(everyone.getMembers(0).getTierName()).isEqualTo("Silver");
        assertThat(everyone.getMembers(0).getSource()).isEqualTo(TierSource.TIER_SOURCE_MANUAL);
        assertThat(everyone.getNextPageToken()).isEmpty();
        assertThat(ids(tier.listTierMembers(members(store).setTierId("gold").build()))).containsExactly("c-2", "c-3");
        assertThat(ids(tier.listTierMembers(members(store).addSources(TierSource.TIER_SOURCE_MANUAL).build())))
                .containsExactly("c-1", "c-2", "c-3");
        assertThat(ids(tier.listTierMembers(members(store).addSources(TierSource.TIER_SOURCE_COMPUTED).build())))
                .isEmpty();
    }

    @Test
    void r_tier_6_aMemberWhoseAssignmentEndedIsNoLongerListed() {
        String store = fixtures.storeWithProgram();
        assign(store, "c-1", "gold");
        tier.assignTier(AssignTierRequest.newBuilder().setRequestId(newId()).setStoreId(store).setCustomerId("c-2")
                .setTierId("gold").setReason("trial").setActor(JANE)
                .setEndTime(at(fixtures.clock().instant().plus(Duration.ofMinutes(5)))).build());
        assertThat(ids(tier.listTierMembers(members(store).setTierId("gold").build()))).containsExactly("c-1", "c-2");

        fixtures.clock().advance(Duration.ofMinutes(5));

        assertThat(ids(tier.listTierMembers(members(store).setTierId("gold").build()))).containsExactly("c-1");
    }

    @Test
    void membersArePagedWithoutSkipsOrRepeatsAndTokensAreBoundToTheFilters() {
        String store = fixtures.storeWithProgram();
        for (int i = 1; i <= 5; i++) {
            assign(store, "c-" + i, "gold");
        }
        List<String> seen = new ArrayList<>();
        String token = "";
        int pages = 0;
        do {
            ListTierMembersResponse page = tier.listTierMembers(members(store).setTierId("gold").setPageSize(2)
                    .setPageToken(token).build());
            seen.addAll(ids(page));
            token = page.getNextPageToken();
            pages++;
        } while (!token.isEmpty());
        assertThat(pages).isEqualTo(3);
        assertThat(seen).containsExactly("c-1", "c-2", "c-3", "c-4", "c-5");

        String goldToken = tier.listTierMembers(members(store).setTierId("gold").setPageSize(2).build())
                .getNextPageToken();
        StatusRuntimeException other = catchThrowableOfType(StatusRuntimeException.class,
                () -> tier.listTierMembers(members(store).setTierId("silver").setPageToken(goldToken).build()));
        assertThat(other.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(StatusDetails.badFields(other)).containsExactly("page_token");
    }

    @Test
    void aTierNotInTheActiveProgramIsNotFound() {
        String store = fixtures.storeWithProgram();
        String none = newStore();
        for (String s : List.of(store, none)) {
            StatusRuntimeException missing = catchThrowableOfType(StatusRuntimeException.class,
                    () -> tier.listTierMembers(members(s).setTierId("diamond").build()));
            assertThat(missing.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
        }
        assertThat(tier.listTierMembers(members(none).build()).getMembersList()).isEmpty();
    }

    @Test
    void r_store_1_membersOfAnotherStoreAreNeverListed() {
        String storeA = fixtures.storeWithProgram();
        String storeB = fixtures.storeWithProgram();
        assign(storeA, "c-1", "gold");

        assertThat(tier.listTierMembers(members(storeB).build()).getMembersList()).isEmpty();
        assertThat(ids(tier.listTierMembers(members(storeA).build()))).containsExactly("c-1");
    }

    @Test
    void r_tier_1_afterTheProgramIsArchivedNobodyIsListed() {
        String store = fixtures.storeWithProgram();
        assign(store, "c-1", "gold");

        fixtures.apply(TierFixtures.program(store, 3, TierProgramStatus.TIER_PROGRAM_STATUS_ARCHIVED));

        assertThat(tier.listTierMembers(members(store).build()).getMembersList()).isEmpty();
    }

    @Test
    void anInvalidListingNamesEveryBadField() {
        StatusRuntimeException invalid = catchThrowableOfType(StatusRuntimeException.class,
                () -> tier.listTierMembers(ListTierMembersRequest.newBuilder().setPageSize(-3)
                        .addSources(TierSource.TIER_SOURCE_MANUAL).addSources(TierSource.TIER_SOURCE_UNSPECIFIED)
                        .setPageToken("nope").build()));

        // the contract's faults first (L-API-3), then paging's
        assertThat(invalid.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(StatusDetails.badFields(invalid)).containsExactly("store_id", "sources[1]", "page_size");
        invalid = catchThrowableOfType(StatusRuntimeException.class,
                () -> tier.listTierMembers(ListTierMembersRequest.newBuilder().setStoreId("s")
                        .addSources(TierSource.TIER_SOURCE_MANUAL).setPageToken("nope").build()));
        assertThat(StatusDetails.badFields(invalid)).containsExactly("page_token");
    }
}
