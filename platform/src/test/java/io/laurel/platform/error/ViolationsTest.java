package io.laurel.platform.error;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ViolationsTest {

    @Test
    void anIdIsRequiredAndAtMost128Characters() {
        Violations v = new Violations();
        v.requireId("store_id", "").requireId("customer_id", "c".repeat(129)).requireId("order_id", "o".repeat(128));
        assertThat(v.list()).containsExactly(
                new FieldViolation("store_id", "is required"),
                new FieldViolation("customer_id", "must be at most 128 characters"));
    }

    @Test
    void aNestedViewPrefixesTheIdField() {
        Violations v = new Violations();
        v.nested("actor").requireId("id", " ");
        assertThat(v.list()).containsExactly(new FieldViolation("actor.id", "is required"));
    }
}
