package io.laurel.tier.domain;

import java.math.BigInteger;
import java.time.Instant;
import java.util.List;

/**
 * A customer's tier as callers see it at an instant: the effective tier with its perks, where it
 * comes from, and the distance to the next tier. Built from the held state and the active program,
 * with a manual assignment past its end time already left out.
 *
 * @param tierProgramId null when the store has no active tier program
 * @param tierId        the effective tier; null = no tier
 * @param source        null when there is no tier
 */
public record CustomerTierView(String storeId, String customerId, String tierProgramId, long tierProgramVersion,
                               String tierId, String tierName, int earningMultiplierBps, List<String> benefits,
                               TierSource source, String computedTierId, Instant tierSince, long qualifyingValue,
                               Instant periodStartTime, Instant periodEndTime, Instant heldUntil,
                               NextTier nextTier, ManualAssignment manualAssignment) {

    /** Distance to the next tier above the computed one. */
    public record NextTier(String tierId, String tierName, long threshold, long remaining, int percentCompleteBps) {
    }

    public CustomerTierView {
        benefits = List.copyOf(benefits);
    }

    /**
     * The view of {@code held} (null = a customer never seen) under {@code program} (null = the
     * store has no active tier program: nobody has a tier) at {@code now}.
     */
    public static CustomerTierView of(String storeId, String customerId, CustomerTierState held,
                                      TierProgram program, Instant now) {
        if (program == null) {
            return new CustomerTierView(storeId, customerId, null, 0, null, null,
                    TierDefinition.NO_TIER_MULTIPLIER_BPS, List.of(), null, null, null, 0, null, null, null,
                    null, null);
        }
        CustomerTierState state = ManualTierRules.settle(
                CustomerTierState.under(held, storeId, customerId, program, null), now, () -> "read-only").state();
        String tierId = state.effectiveTierId();
        TierDefinition tier = tierId == null ? null : program.tier(tierId).orElse(null);
        NextTier next = program.nextTierAbove(state.computedTierId(), state.qualifyingValue())
                .map(t -> new NextTier(t.tierId(), t.name(), t.threshold(), t.threshold() - state.qualifyingValue(),
                        percentComplete(state.qualifyingValue(), t.threshold())))
                .orElse(null);
        return new CustomerTierView(storeId, customerId, program.tierProgramId(), program.version(), tierId,
                tier == null ? null : tier.name(), program.multiplierBps(tierId),
                tier == null ? List.of() : tier.benefits(), state.effectiveSource(), state.computedTierId(),
                state.tierSince(), state.qualifyingValue(), state.periodStartTime(), state.periodEndTime(),
                state.heldUntil(), next, state.manual());
    }

    /** floor(value × 10000 / threshold), exact for any int64 value; threshold &gt; value ≥ 0. */
    static int percentComplete(long value, long threshold) {
        if (value <= 0) {
            return 0;
        }
        return BigInteger.valueOf(value).multiply(BigInteger.valueOf(10_000))
                .divide(BigInteger.valueOf(threshold)).intValueExact();
    }
}
