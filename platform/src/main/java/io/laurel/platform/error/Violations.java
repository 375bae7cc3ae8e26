package io.laurel.platform.error;

import java.util.ArrayList;
import java.util.List;

/**
 * Collects every bad field of a request before refusing it, so a caller learns all of them at once
 * rather than one per round trip.
 *
 * <pre>{@code
 * Violations v = new Violations();
 * v.require(!name.isBlank(), "name", "must not be empty");
 * v.at("milestones", 2).require(target > 0, "target", "must be positive");
 * v.throwIfAny();
 * }</pre>
 */
public final class Violations {

    /** Longest accepted id of a store, customer, actor or other resource named by a caller. */
    public static final int MAX_ID_LENGTH = 128;

    private final String prefix;
    private final List<FieldViolation> found;

    public Violations() {
        this("", new ArrayList<>());
    }

    private Violations(String prefix, List<FieldViolation> found) {
        this.prefix = prefix;
        this.found = found;
    }

    /** A view that prefixes field names with {@code field.} and records into the same list. */
    public Violations nested(String field) {
        return new Violations(path(field) + ".", found);
    }

    /** A view for element {@code index} of a repeated field: {@code field[index].}. */
    public Violations at(String field, int index) {
        return new Violations(path(field) + "[" + index + "].", found);
    }

    public Violations add(String field, String description) {
        found.add(new FieldViolation(path(field), description));
        return this;
    }

    /** Records a violation of {@code field} unless {@code condition} holds; returns the condition. */
    public boolean require(boolean condition, String field, String description) {
        if (!condition) {
            add(field, description);
        }
        return condition;
    }

    /** Records a violation of {@code field} if the id is blank or longer than {@link #MAX_ID_LENGTH}. */
    public Violations requireId(String field, String value) {
        if (value == null || value.isBlank()) {
            add(field, "is required");
        } else {
            require(value.length() <= MAX_ID_LENGTH, field, "must be at most " + MAX_ID_LENGTH + " characters");
        }
        return this;
    }

    public boolean isEmpty() {
        return found.isEmpty();
    }

    public List<FieldViolation> list() {
        return List.copyOf(found);
    }

    /** Throws {@link InvalidArgumentException} listing every violation recorded so far, if any. */
    public void throwIfAny() {
        if (!found.isEmpty()) {
            throw new InvalidArgumentException(found);
        }
    }

    private String path(String field) {
        if (field.isEmpty()) {
            return prefix.endsWith(".") ? prefix.substring(0, prefix.length() - 1) : prefix;
        }
        return prefix + field;
    }
}
