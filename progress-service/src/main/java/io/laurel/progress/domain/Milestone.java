package io.laurel.progress.domain;

/** A target and its reward (R-PROG-3). The target is the milestone's identity across versions. */
public record Milestone(long target, Reward reward) {
}
