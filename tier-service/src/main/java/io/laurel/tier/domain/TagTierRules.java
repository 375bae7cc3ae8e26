package io.laurel.tier.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/** Tag-based tiers (R-TIER-5): a customer is in the highest-ranked tier whose tag they carry. */
public final class TagTierRules {

    private TagTierRules() {
    }

    /** The highest-ranked tier of a CUSTOMER_TAG {@code program} whose tag is in {@code tags}. */
    public static Optional<TierDefinition> tierFor(TierProgram program, Set<String> tags) {
        if (program.isThresholdBased()) {
            return Optional.empty();
        }
        return program.tiers().stream()
                .filter(t -> !t.tag().isEmpty() && tags.contains(t.tag()))
                .max(Comparator.comparingInt(TierDefinition::rank));
    }

    /**
     * Moves the customer to the tier their new tag set gives, from {@code occurredAt} (TAG_CHANGE).
     * Under a manual assignment in force only the computed tier moves: the change is recorded as
     * overridden and the effective tier stays. Nothing changes for threshold programs.
     */
    public static Transition applyTags(CustomerTierState state, TierProgram program, Set<String> tags,
                                       String activityId, Instant occurredAt, Instant now, Supplier<String> ids) {
        Transition settled = ManualTierRules.settle(state, now, ids);
        CustomerTierState current = settled.state();
        if (program.isThresholdBased()) {
            return settled;
        }
        String to = tierFor(program, tags).map(TierDefinition::tierId).orElse(null);
        String from = current.computedTierId();
        if (Objects.equals(from, to)) {
            return settled;
        }
        boolean overridden = current.manual() != null;
        Instant tierSince = overridden ? current.tierSince() : (to == null ? null : occurredAt);
        CustomerTierState next = new CustomerTierState(current.storeId(), current.customerId(),
                current.tierProgramId(), to, TierSource.TAG, to == null ? null : occurredAt, 0, null, null, null,
                tierSince, current.manual());
        List<TierChange> changes = new ArrayList<>(settled.changes());
        changes.add(new TierChange(ids.get(), current.storeId(), current.customerId(), current.tierProgramId(), from,
                to, TierChangeCause.TAG_CHANGE, overridden, occurredAt, now, 0, activityId, null, List.of(),
                TierChange.SYSTEM_ACTOR, ""));
        return new Transition(next, changes);
    }
}
