package io.laurel.progress.domain;

import java.util.Set;

/** What a condition looks at: the customer's tags and tier as of an event's occurred_at (R-PROG-5). */
public record CustomerFacts(Set<String> tags, String tierId) {

    public CustomerFacts {
        tags = Set.copyOf(tags);
        tierId = tierId == null ? "" : tierId;
    }

    public static CustomerFacts none() {
        return new CustomerFacts(Set.of(), "");
    }
}
