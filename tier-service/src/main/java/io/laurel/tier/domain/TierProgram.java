package io.laurel.tier.domain;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The local copy of a store's tier program, latest version (R-TIER-1..3), as program-service's
 * configuration feed delivered it. Tiers are lowest first.
 *
 * @param removedTiers tiers earlier versions had and this one lacks (L-TIER-3), as far as
 *                     tier-service saw them go
 */
public record TierProgram(String tierProgramId, String storeId, long version, Status status, Criterion criterion,
                          Window window, List<TierDefinition> tiers, Instant updateTime,
                          List<RemovedTier> removedTiers) {

    public enum Status { DRAFT, ACTIVE, ARCHIVED }

    public enum Criterion { POINTS_EARNED, AMOUNT_SPENT, CUSTOMER_TAG }

    /** NONE for CUSTOMER_TAG programs. */
    public enum Window { NONE, LIFETIME, CALENDAR_YEAR, ROLLING_365_DAYS_FROM_UPGRADE }

    public TierProgram {
        tiers = List.copyOf(tiers);
        removedTiers = List.copyOf(removedTiers);
    }

    /** A version as the feed carries it: nothing known of removed tiers. */
    public TierProgram(String tierProgramId, String storeId, long version, Status status, Criterion criterion,
                       Window window, List<TierDefinition> tiers, Instant updateTime) {
        this(tierProgramId, storeId, version, status, criterion, window, tiers, updateTime, List.of());
    }

    /** This version knowing which tiers earlier versions had and it lacks. */
    public TierProgram withRemovedTiers(List<RemovedTier> removed) {
        return new TierProgram(tierProgramId, storeId, version, status, criterion, window, tiers, updateTime, removed);
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

    /** True when {@code tierId} names a tier this version lacks: one removed from the program (L-TIER-3). */
    public boolean isRemoved(String tierId) {
        return tierId != null && tier(tierId).isEmpty();
    }

    /** What is known of removed {@code tierId}'s place; empty for a tier removed before tier-service kept them. */
    public Optional<RemovedTier> removedTier(String tierId) {
        return removedTiers.stream().filter(t -> t.tierId().equals(tierId)).findFirst();
    }

    /**
     * Where members of removed {@code tierId} go (L-TIER-3): the highest tier of this version below
     * the place it had (by threshold, or by rank for CUSTOMER_TAG); null = none, also when its place
     * is unknown.
     */
    public String tierBelowRemoved(String tierId) {
        RemovedTier removed = removedTier(tierId).orElse(null);
        if (removed == null) {
            return null;
        }
        String found = null;
        for (TierDefinition t : tiers) {
            if (isThresholdBased() ? t.threshold() < removed.threshold() : t.rank() < removed.rank()) {
                found = t.tierId();
            }
        }
        return found;
    }

    /** When removed {@code tierId} left the program: its removal's time, else this version's. */
    public Instant removedTime(String tierId) {
        return removedTier(tierId).map(RemovedTier::removedTime).orElse(updateTime);
    }

    /** The threshold of {@code tierId}; 0 when unknown. */
    public long threshold(String tierId) {
        return tier(tierId).map(TierDefinition::threshold).orElse(0L);
    }
}
