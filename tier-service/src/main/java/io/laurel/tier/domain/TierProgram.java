package io.laurel.tier.domain;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The local copy of a store's tier program, latest version (R-TIER-1..3), as program-service's
 * configuration feed delivered it. Tiers are lowest first.
 */
public record TierProgram(String tierProgramId, String storeId, long version, Status status, Criterion criterion,
                          Window window, List<TierDefinition> tiers, Instant updateTime) {

    public enum Status { DRAFT, ACTIVE, ARCHIVED }

    public enum Criterion { POINTS_EARNED, AMOUNT_SPENT, CUSTOMER_TAG }

    /** NONE for CUSTOMER_TAG programs. */
    public enum Window { NONE, LIFETIME, CALENDAR_YEAR, ROLLING_365_DAYS_FROM_UPGRADE }

    public TierProgram {
        tiers = List.copyOf(tiers);
    }

    public Optional<TierDefinition> tier(String tierId) {
        return tiers.stream().filter(t -> t.tierId().equals(tierId)).findFirst();
    }

    public boolean isThresholdBased() {
        return criterion != Criterion.CUSTOMER_TAG;
    }

    /** What a computed tier of this program is called in a customer's state. */
    public TierSource computedSource() {
        return isThresholdBased() ? TierSource.COMPUTED : TierSource.TAG;
    }

    /**
     * The tier of a customer with no qualifying activity: the 0-threshold tier of a threshold
     * program, if it has one (thresholds are inclusive, R-TIER-4); none for tag programs.
     */
    public Optional<TierDefinition> tierWithoutActivity() {
        if (!isThresholdBased()) {
            return Optional.empty();
        }
        return tiers.stream().filter(t -> t.threshold() <= 0).reduce((lower, higher) -> higher);
    }

    /**
     * The next tier to reach above {@code computedTierId} for a customer at {@code qualifyingValue}:
     * the lowest tier above it whose threshold is still above the value. Empty at the top tier and
     * for tag programs.
     */
    public Optional<TierDefinition> nextTierAbove(String computedTierId, long qualifyingValue) {
        if (!isThresholdBased()) {
            return Optional.empty();
        }
        int from = 0;
        for (int i = 0; i < tiers.size(); i++) {
            if (Objects.equals(tiers.get(i).tierId(), computedTierId)) {
                from = i + 1;
            }
        }
        return tiers.subList(from, tiers.size()).stream().filter(t -> t.threshold() > qualifyingValue).findFirst();
    }

    /** The earning multiplier of {@code tierId}; 1× with no tier or a tier this version lacks. */
    public int multiplierBps(String tierId) {
        return tierId == null ? TierDefinition.NO_TIER_MULTIPLIER_BPS
                : tier(tierId).map(TierDefinition::earningMultiplierBps).orElse(TierDefinition.NO_TIER_MULTIPLIER_BPS);
    }

    /** The highest tier whose threshold is at most {@code value} (inclusive, R-TIER-4); null = none. */
    public String tierFor(long value) {
        String found = null;
        for (TierDefinition t : tiers) {
            if (t.threshold() <= value) {
                found = t.tierId();
            }
        }
        return isThresholdBased() ? found : null;
    }

    /** Place of {@code tierId} in the program, lowest 0; -1 for no tier or a tier this version lacks. */
    public int rank(String tierId) {
        for (int i = 0; i < tiers.size(); i++) {
            if (tiers.get(i).tierId().equals(tierId)) {
                return i;
            }
        }
        return -1;
    }

    /** The higher of two tiers (null = none). */
    public String higher(String a, String b) {
        return rank(b) > rank(a) ? b : a;
    }

    /** The tiers above {@code from} up to {@code to} inclusive, lowest first: those an upgrade enters. */
    public java.util.List<TierDefinition> tiersEntered(String from, String to) {
        int low = rank(from);
        int high = rank(to);
        return high <= low ? java.util.List.of() : tiers.subList(low + 1, high + 1);
    }

    /** The threshold of {@code tierId}; 0 when unknown. */
    public long threshold(String tierId) {
        return tier(tierId).map(TierDefinition::threshold).orElse(0L);
    }
}
