package io.laurel.program.domain.milestone;

import io.laurel.platform.common.Money;
import java.util.List;

/** The "If" step of a program (R-PROG-5): a tree of customer and order tests combined with all/any/not. */
public sealed interface Eligibility {

    enum TagMatch { ANY, ALL, NONE }

    /** {@code match} is null when the caller left it unset. */
    record CustomerTags(TagMatch match, List<String> tags) implements Eligibility {
    }

    record CurrentTier(List<String> tierIds) implements Eligibility {
    }

    record MinimumOrderAmount(Money amount) implements Eligibility {
    }

    record AllOf(List<Eligibility> conditions) implements Eligibility {
    }

    record AnyOf(List<Eligibility> conditions) implements Eligibility {
    }

    record Not(Eligibility condition) implements Eligibility {
    }

    /** A node with no kind set: malformed. */
    record Unset() implements Eligibility {
    }
}
