package io.laurel.program.domain.milestone;

import io.laurel.platform.common.Money;
import java.util.List;

/** The "If" step of a program (R-PROG-5): a tree of customer and order tests combined with all/any/not. */
public sealed interface Condition {

    enum TagMatch { ANY, ALL, NONE }

    /** {@code match} is null when the caller left it unset. */
    record CustomerTags(TagMatch match, List<String> tags) implements Condition {
    }

    record CurrentTier(List<String> tierIds) implements Condition {
    }

    record MinimumOrderAmount(Money amount) implements Condition {
    }

    record AllOf(List<Condition> conditions) implements Condition {
    }

    record AnyOf(List<Condition> conditions) implements Condition {
    }

    record Not(Condition condition) implements Condition {
    }

    /** A node with no kind set: malformed. */
    record Unset() implements Condition {
    }
}
