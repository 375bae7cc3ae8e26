package io.laurel.program.domain.tier;

/**
 * One tier: {@code threshold} for threshold criteria, {@code tag} and {@code rank} for the tag
 * criterion (R-TIER-2).
 */
public record TierDefinition(String tierId, String name, long threshold, String tag, int rank, PerkSet perks) {
}
