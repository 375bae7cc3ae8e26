package io.laurel.tier.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * What tier-service holds for one customer under one tier program: the computed tier (from the
 * criterion and window, or from tags), the window counters, and the manual assignment, if any, that
 * overrides the computed tier (R-TIER-6). The effective tier is derived, never stored apart.
 *
 * @param computedTierId  the tier the rules give; null = none
 * @param computedSource  COMPUTED or TAG, by the program's criterion
 * @param tierSince       when the customer entered the effective tier; null when there is none
 * @param manual          the manual assignment, null if none; it may have passed its end time
 *                        until {@link ManualTierRules#settle settled}
 */
public record CustomerTierState(String storeId, String customerId, String tierProgramId,
                                String computedTierId, TierSource computedSource, Instant computedSince,
                                long qualifyingValue, Instant periodStartTime, Instant periodEndTime,
                                Instant heldUntil, Instant tierSince, ManualAssignment manual) {

    public CustomerTierState {
        Objects.requireNonNull(storeId, "storeId");
        Objects.requireNonNull(customerId, "customerId");
        Objects.requireNonNull(tierProgramId, "tierProgramId");
    }

    /**
     * A customer tier-service has no state for yet, under {@code program}: no activity, so the
     * program's 0-threshold tier if it has one. {@code now} null when nothing is being recorded
     * (a read about an unknown customer: no entry time).
     */
    public static CustomerTierState withoutActivity(String storeId, String customerId, TierProgram program,
                                                    Instant now) {
        String computed = program.tierWithoutActivity().map(TierDefinition::tierId).orElse(null);
        return new CustomerTierState(storeId, customerId, program.tierProgramId(), computed,
                program.computedSource(), computed == null ? null : now, 0, null, null, null,
                computed == null ? null : now, null);
    }

    /**
     * This state if it belongs to {@code program}, else a fresh one: a state of an earlier program
     * (archived since) places nobody in the current one.
     */
    public static CustomerTierState under(CustomerTierState held, String storeId, String customerId,
                                          TierProgram program, Instant now) {
        if (held != null && held.tierProgramId().equals(program.tierProgramId())) {
            return held;
        }
        return withoutActivity(storeId, customerId, program, now);
    }

    /** The tier that applies: the manual assignment when there is one, else the computed tier. */
    public String effectiveTierId() {
        return manual != null ? manual.tierId() : computedTierId;
    }

    /** Where the effective tier comes from; null when there is no tier. */
    public TierSource effectiveSource() {
        if (manual != null) {
            return TierSource.MANUAL;
        }
        return computedTierId == null ? null : computedSource;
    }

    CustomerTierState withManual(ManualAssignment newManual, Instant newTierSince) {
        return new CustomerTierState(storeId, customerId, tierProgramId, computedTierId, computedSource,
                computedSince, qualifyingValue, periodStartTime, periodEndTime, heldUntil, newTierSince, newManual);
    }

    /** This state with the computed tier and window counters replaced. */
    CustomerTierState withComputed(String tierId, Instant since, long value, Instant periodStart, Instant periodEnd,
                                   Instant newTierSince) {
        return new CustomerTierState(storeId, customerId, tierProgramId, tierId, computedSource, since, value,
                periodStart, periodEnd, tierId == null ? null : periodEnd, newTierSince, manual);
    }
}
