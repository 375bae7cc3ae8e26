package io.laurel.platform.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.laurel.platform.error.FieldViolation;
import io.laurel.platform.error.Violations;
import io.laurel.proto.program.v1.ListCurrentConfigRequest;
import java.util.List;
import org.junit.jupiter.api.Test;

class PagingTest {

    private static final ListCurrentConfigRequest STORE_A = ListCurrentConfigRequest.newBuilder().addStoreIds("a").build();

    @Test
    void pageSizeDefaultsTo50AndIsCappedAt100() {
        Violations v = new Violations();
        assertThat(Paging.pageSize(v, 0)).isEqualTo(50);
        assertThat(Paging.pageSize(v, 7)).isEqualTo(7);
        assertThat(Paging.pageSize(v, 1000)).isEqualTo(100);
        assertThat(v.isEmpty()).isTrue();
    }

    @Test
    void negativePageSizeNamesTheField() {
        Violations v = new Violations();
        Paging.pageSize(v, -1);
        assertThat(v.list()).extracting(FieldViolation::field).containsExactly("page_size");
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
}
