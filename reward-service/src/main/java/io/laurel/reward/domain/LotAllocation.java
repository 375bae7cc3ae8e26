package io.laurel.reward.domain;

/** Part of a debit taken from one lot; {@code lotId} null for the part that went into debt. */
public record LotAllocation(String lotId, long points) {
}
