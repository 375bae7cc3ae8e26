package io.laurel.platform.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.laurel.platform.error.FieldViolation;
import io.laurel.platform.error.Violations;
import io.laurel.proto.program.v1.ListCurrentConfigRequest;
import io.laurel.proto.program.v1.ListMilestoneProgramVersionsRequest;
import io.laurel.proto.program.v1.ListMilestoneProgramsRequest;
import io.laurel.proto.program.v1.ListTierProgramVersionsRequest;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PagingTest {

    private static final ListCurrentConfigRequest STORE_A = ListCurrentConfigRequest.newBuilder().addStoreIds("a").build();

    @Test
    void pageSizeDefaultsTo50AndIsCappedAt100() {
        assertThat(Paging.pageSize(0)).isEqualTo(50);
        assertThat(Paging.pageSize(7)).isEqualTo(7);
        assertThat(Paging.pageSize(1000)).isEqualTo(100);
    }

    /** A negative page size is the contract's to refuse, on every list RPC of every service: stated once. */
    @Test
    void everyListRequestsContractRefusesANegativePageSize() {
        RequestShape shape = new RequestShape();
        int lists = 0;
        for (io.grpc.ServiceDescriptor service : List.of(
                io.laurel.proto.program.v1.MilestoneProgramServiceGrpc.getServiceDescriptor(),
                io.laurel.proto.program.v1.TierProgramServiceGrpc.getServiceDescriptor(),
                io.laurel.proto.program.v1.ConfigChangeServiceGrpc.getServiceDescriptor(),
                io.laurel.proto.progress.v1.ProgressServiceGrpc.getServiceDescriptor(),
                io.laurel.proto.reward.v1.LedgerServiceGrpc.getServiceDescriptor(),
                io.laurel.proto.reward.v1.StoreCreditServiceGrpc.getServiceDescriptor(),
                io.laurel.proto.reward.v1.VoucherServiceGrpc.getServiceDescriptor(),
                io.laurel.proto.tier.v1.TierServiceGrpc.getServiceDescriptor(),
                io.laurel.proto.platform.v1.OutboxServiceGrpc.getServiceDescriptor())) {
            for (io.grpc.MethodDescriptor<?, ?> method : service.getMethods()) {
                com.google.protobuf.Message prototype = (com.google.protobuf.Message)
                        ((io.grpc.MethodDescriptor.PrototypeMarshaller<?>) method.getRequestMarshaller()).getMessagePrototype();
                var pageSize = prototype.getDescriptorForType().findFieldByName("page_size");
                if (pageSize == null) {
                    continue;
                }
                lists++;
                assertThat(shape.violations(prototype.toBuilder().setField(pageSize, -1).build()))
                        .as(method.getFullMethodName()).extracting(FieldViolation::field).contains("page_size");
            }
        }
        assertThat(lists).as("list RPCs found").isGreaterThanOrEqualTo(10);
    }

    @Test
    void aTokenCarriesTheLastKeyBackToTheSameRequest() {
        String token = Paging.next(STORE_A, List.of("a", "MILESTONE_PROGRAM", "p-1", ""));
        Violations v = new Violations();
        ListCurrentConfigRequest nextPage = STORE_A.toBuilder().setPageToken(token).setPageSize(10).build();

        assertThat(Paging.after(v, nextPage)).contains(List.of("a", "MILESTONE_PROGRAM", "p-1", ""));
        assertThat(v.isEmpty()).isTrue();
    }

    @Test
    void theFirstPageHasNoKey() {
        Violations v = new Violations();
        assertThat(Paging.after(v, STORE_A)).isEmpty();
        assertThat(v.isEmpty()).isTrue();
    }

    @Test
    void aTokenReusedWithOtherFiltersIsRefused() {
        String token = Paging.next(STORE_A, List.of("a"));
        Violations v = new Violations();
        Paging.after(v, ListCurrentConfigRequest.newBuilder().addStoreIds("b").setPageToken(token).build());
        assertThat(v.list()).extracting(FieldViolation::field).containsExactly("page_token");
    }

    @Test
    void aForeignTokenIsRefused() {
        Violations v = new Violations();
        Paging.after(v, STORE_A.toBuilder().setPageToken("not-a-token!").build());
        assertThat(v.list()).extracting(FieldViolation::field).containsExactly("page_token");
    }

    @Test
    void keyPartsMayBeAnyStrings() {
        List<String> key = List.of("42", "a|b", "", "\u001f", "é");
        Violations v = new Violations();
        assertThat(Paging.after(v, STORE_A.toBuilder().setPageToken(Paging.next(STORE_A, key)).build())).contains(key);
        assertThat(v.isEmpty()).isTrue();
    }

    @Test
    void aTokenOfAnotherListRpcIsRefused() {
        String token = Paging.next(ListMilestoneProgramVersionsRequest.newBuilder().setStoreId("s").setProgramId("p").build(),
                List.of("3"));
        Violations v = new Violations();
        Paging.after(v, ListTierProgramVersionsRequest.newBuilder().setStoreId("s").setTierProgramId("p")
                .setPageToken(token).build());
        assertThat(v.list()).extracting(FieldViolation::field).containsExactly("page_token");
    }

    @Test
    void anotherPageSizeKeepsTheToken() {
        ListMilestoneProgramsRequest first = ListMilestoneProgramsRequest.newBuilder().setStoreId("s").build();
        String token = Paging.next(first, List.of("k"));
        Violations v = new Violations();
        assertThat(Paging.after(v, first.toBuilder().setPageSize(3).setPageToken(token).build())).contains(List.of("k"));
        assertThat(v.isEmpty()).isTrue();
    }

    @Test
    void aTypedKeyIsParsedFromItsParts() {
        String token = Paging.next(STORE_A, List.of("2026-05-01T10:00:00Z", "7"));
        Violations v = new Violations();
        Optional<Instant> after = Paging.after(v, STORE_A.toBuilder().setPageToken(token).build(), 2,
                key -> Instant.parse(key.get(0)).plusSeconds(Long.parseLong(key.get(1))));
        assertThat(after).contains(Instant.parse("2026-05-01T10:00:07Z"));
        assertThat(Paging.after(v, STORE_A, 2, key -> key)).isEmpty();
        assertThat(v.isEmpty()).isTrue();
    }

    @Test
    void aKeyWithOtherPartsOrThatDoesNotParseIsRefused() {
        ListCurrentConfigRequest twoParts = STORE_A.toBuilder().setPageToken(Paging.next(STORE_A, List.of("a", "b"))).build();
        Violations v = new Violations();
        assertThat(Paging.after(v, twoParts, 1, key -> key)).isEmpty();
        assertThat(Paging.after(v, twoParts, 2, key -> Long.parseLong(key.get(0)))).isEmpty();
        assertThat(v.list()).extracting(FieldViolation::field).containsExactly("page_token", "page_token");
    }

    @Test
    void aFullPageOfSizePlusOneRowsKeepsSizeItemsAndContinuesAfterTheLast() {
        Paging.Page<String> page = Paging.page(STORE_A, List.of("p-1", "p-2", "p-3"), 2, id -> List.of(id));
        assertThat(page.items()).containsExactly("p-1", "p-2");
        Violations v = new Violations();
        assertThat(Paging.after(v, STORE_A.toBuilder().setPageToken(page.nextPageToken()).build()))
                .contains(List.of("p-2"));
        assertThat(v.isEmpty()).isTrue();
    }

    @Test
    void theLastPageHasNoToken() {
        assertThat(Paging.page(STORE_A, List.of("p-1", "p-2"), 2, id -> List.of(id)))
                .isEqualTo(new Paging.Page<>(List.of("p-1", "p-2"), ""));
        assertThat(Paging.page(STORE_A, List.<String>of(), 2, id -> List.of(id)).nextPageToken()).isEmpty();
    }
}
