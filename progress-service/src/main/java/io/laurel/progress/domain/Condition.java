package io.laurel.progress.domain;

import java.util.List;
import java.util.Set;

/**
 * Who (and which orders) a program counts (R-PROG-5): tags any/all/none, tier in a set, a minimum
 * order amount, combined with all/any/not. Evaluated at the event, with the customer's tags and
 * tier as they were at its occurred_at.
 */
public sealed interface Condition {

    /**
     * @param orderAmountMinor the amount of the order being counted, or null for events that are
     *                         not orders (a minimum order amount then matches: it narrows orders only)
     */
    boolean matches(CustomerFacts facts, Long orderAmountMinor);

    enum TagMatch { ANY, ALL, NONE }

    record Tags(TagMatch match, Set<String> tags) implements Condition {
        public Tags {
            tags = Set.copyOf(tags);
        }

        public boolean matches(CustomerFacts facts, Long orderAmountMinor) {
            return switch (match) {
                case ANY -> tags.stream().anyMatch(facts.tags()::contains);
                case ALL -> facts.tags().containsAll(tags);
                case NONE -> tags.stream().noneMatch(facts.tags()::contains);
            };
        }
    }

    /** A customer without a tier never matches. */
    record TierIn(Set<String> tierIds) implements Condition {
        public TierIn {
            tierIds = Set.copyOf(tierIds);
        }

        public boolean matches(CustomerFacts facts, Long orderAmountMinor) {
            return !facts.tierId().isEmpty() && tierIds.contains(facts.tierId());
        }
    }

    /** Inclusive (≥). */
    record MinimumOrderAmount(long amountMinor) implements Condition {
        public boolean matches(CustomerFacts facts, Long orderAmountMinor) {
            return orderAmountMinor == null || orderAmountMinor >= amountMinor;
        }
    }

    record AllOf(List<Condition> conditions) implements Condition {
        public AllOf {
            conditions = List.copyOf(conditions);
        }

        public boolean matches(CustomerFacts facts, Long orderAmountMinor) {
            return conditions.stream().allMatch(c -> c.matches(facts, orderAmountMinor));
        }
    }

    record AnyOf(List<Condition> conditions) implements Condition {
        public AnyOf {
            conditions = List.copyOf(conditions);
        }

        public boolean matches(CustomerFacts facts, Long orderAmountMinor) {
            return conditions.stream().anyMatch(c -> c.matches(facts, orderAmountMinor));
        }
    }

    record Not(Condition condition) implements Condition {
        public boolean matches(CustomerFacts facts, Long orderAmountMinor) {
            return !condition.matches(facts, orderAmountMinor);
        }
    }

    /** No condition: every customer of the store. */
    record Always() implements Condition {
        public boolean matches(CustomerFacts facts, Long orderAmountMinor) {
            return true;
        }
    }
}
