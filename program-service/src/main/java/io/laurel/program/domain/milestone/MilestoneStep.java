package io.laurel.program.domain.milestone;

/** A target of the metric and what reaching it gives (R-PROG-3, R-PROG-4). */
public record MilestoneStep(long target, Reward reward) {
}
