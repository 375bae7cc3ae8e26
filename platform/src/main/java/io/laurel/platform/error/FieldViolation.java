package io.laurel.platform.error;

import java.util.Objects;

/**
 * One bad field of a request: {@code field} is its path in the request message, snake_case with
 * indexes ({@code milestones[2].target}); {@code description} says what is wrong, for a person.
 */
public record FieldViolation(String field, String description) {
    public FieldViolation {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(description, "description");
    }
}
