package io.laurel.tier.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.laurel.platform.error.FieldViolation;
import io.laurel.platform.error.Violations;
import org.junit.jupiter.api.Test;

/** Paging as laurel.common.v1 conventions say (AIP-158). */
class PagingTest {

    @Test
    void pageSizeZeroIsTheDefaultAndLargeOnesAreLowered() {
        Violations v = new Violations();
        assertThat(Paging.pageSize(0, v)).isEqualTo(50);
        assertThat(Paging.pageSize(7, v)).isEqualTo(7);
        assertThat(Paging.pageSize(100, v)).isEqualTo(100);
        assertThat(Paging.pageSize(1000, v)).isEqualTo(100);
        assertThat(v.isEmpty()).isTrue();
    }

    @Test
    void aNegativePageSizeIsInvalid() {
        Violations v = new Violations();
        Paging.pageSize(-1, v);
        assertThat(v.list()).extracting(FieldViolation::field).containsExactly("page_size");
    }

    @Test
    void aTokenCarriesItsPositionBack() {
        String fp = Paging.fingerprint("history", "s", "c");
        Violations v = new Violations();
        assertThat(Paging.position(Paging.token(fp, "123", "7"), fp, 2, v)).containsExactly("123", "7");
        assertThat(Paging.position("", fp, 2, v)).isEmpty();
        assertThat(v.isEmpty()).isTrue();
    }

    @Test
    void aTokenIsBoundToTheRequestsFilters() {
        String token = Paging.token(Paging.fingerprint("members", "s", "gold"), "cust-9");
        Violations v = new Violations();
        assertThat(Paging.position(token, Paging.fingerprint("members", "s", "silver"), 1, v)).isNull();
        assertThat(v.list()).extracting(FieldViolation::field).containsExactly("page_token");
    }

    @Test
    void aMalformedTokenIsInvalid() {
        String fp = Paging.fingerprint("x");
        Violations v = new Violations();
        assertThat(Paging.position("%%%not-base64", fp, 1, v)).isNull();
        assertThat(Paging.position(Paging.token(fp, "a", "b"), fp, 1, v)).isNull();
        assertThat(v.list()).hasSize(2);
    }
}
