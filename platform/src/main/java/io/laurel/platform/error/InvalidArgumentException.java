package io.laurel.platform.error;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The request is malformed: {@code INVALID_ARGUMENT} with a {@code BadRequest} naming every bad field. */
public final class InvalidArgumentException extends LaurelException {

    private final List<FieldViolation> violations;

    public InvalidArgumentException(List<FieldViolation> violations) {
        this("INVALID_FIELDS", violations);
    }

    public InvalidArgumentException(String reason, List<FieldViolation> violations) {
        super(reason, summary(violations), Map.of());
        if (violations.isEmpty()) {
            throw new IllegalArgumentException("an InvalidArgumentException names at least one field");
        }
        this.violations = List.copyOf(violations);
    }

    public static InvalidArgumentException of(String field, String description) {
        return new InvalidArgumentException(List.of(new FieldViolation(field, description)));
    }

    public List<FieldViolation> violations() {
        return violations;
    }

    private static String summary(List<FieldViolation> violations) {
        return "invalid request: " + violations.stream()
                .map(v -> v.field() + " " + v.description())
                .collect(Collectors.joining("; "));
    }
}
