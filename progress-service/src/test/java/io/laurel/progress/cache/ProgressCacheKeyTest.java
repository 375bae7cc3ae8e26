package io.laurel.progress.cache;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Cache keys of two different (store, customer) pairs never meet, whatever the ids hold. */
class ProgressCacheKeyTest {

    @Test
    void storesAndCustomersHoldingBracesOrColonsNeverShareAKey() {
        assertThat(ProgressCache.key("a}:b", "c")).isNotEqualTo(ProgressCache.key("a", "b}:c"));
        assertThat(ProgressCache.key("a:", "b")).isNotEqualTo(ProgressCache.key("a", ":b"));
        assertThat(ProgressCache.key("store", "c")).isEqualTo(ProgressCache.key("store", "c"));
    }
}
