package io.laurel.program.domain.milestone;

import static org.assertj.core.api.Assertions.assertThat;

import io.laurel.platform.error.FieldViolation;
import io.laurel.platform.error.Violations;
import java.util.List;
import org.junit.jupiter.api.Test;

class PagingTest {

    @Test
    void pageSizeDefaultsTo50AndIsCappedAt100() {
        Violations v = new Violations();
        assertThat(Paging.size(0, v)).isEqualTo(50);
        assertThat(Paging.size(7, v)).isEqualTo(7);
        assertThat(Paging.size(1000, v)).isEqualTo(100);
        assertThat(v.isEmpty()).isTrue();
        Paging.size(-1, v);
        assertThat(v.list()).extracting(FieldViolation::field).containsExactly("page_size");
    }

    @Test
    void aTokenRoundTripsAndIsBoundToItsFilters() {
        String token = Paging.token("programs|[ACTIVE]", List.of("2026-05-01T10:00:00Z", "p-1"));
        Violations v = new Violations();
        assertThat(Paging.position(token, "programs|[ACTIVE]", 2, v)).containsExactly("2026-05-01T10:00:00Z", "p-1");
        assertThat(Paging.position("", "programs|[ACTIVE]", 2, v)).isEmpty();
        assertThat(v.isEmpty()).isTrue();

        Paging.position(token, "programs|[]", 2, v);
        Paging.position("not base64 !", "programs|[ACTIVE]", 2, v);
        Paging.position(token, "programs|[ACTIVE]", 1, v);
        assertThat(v.list()).extracting(FieldViolation::field).containsExactly("page_token", "page_token", "page_token");
    }
}
