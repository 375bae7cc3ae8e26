package io.laurel.reward.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class PageTokenTest {

    @Test
    void aTokenCarriesItsPositionBack() {
        String token = PageToken.encode("entries|s1|c|x", List.of("42", "a|b", ""));

        assertThat(PageToken.decode(token, "entries|s1|c|x", 3)).contains(List.of("42", "a|b", ""));
    }

    @Test
    void aTokenIsBoundToTheOtherFieldsOfTheRequest() {
        String token = PageToken.encode("entries|s1|c1|", List.of("42"));

        assertThat(PageToken.decode(token, "entries|s1|c2|", 1)).isEmpty();
        assertThat(PageToken.decode(token, "entries|s2|c1|", 1)).isEmpty();
    }

    @Test
    void garbageIsNotAToken() {
        assertThat(PageToken.decode("not a token!", "b", 1)).isEmpty();
        assertThat(PageToken.decode("", "b", 1)).isEmpty();
        assertThat(PageToken.decode(PageToken.encode("b", List.of("1", "2")), "b", 1)).isEmpty();
    }

    @Test
    void pageSizesFollowTheConventions() {
        assertThat(Paging.size(0)).isEqualTo(50);
        assertThat(Paging.size(7)).isEqualTo(7);
        assertThat(Paging.size(1000)).isEqualTo(100);
    }
}
