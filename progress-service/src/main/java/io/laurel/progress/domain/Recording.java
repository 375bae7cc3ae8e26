package io.laurel.progress.domain;

/** What the event log answered when asked to store a valid event. */
public enum Recording {
    /** Stored now: the first delivery of this (store, event id). */
    STORED,
    /** The (store, event id) was already stored, by an earlier or a concurrent delivery. */
    ALREADY_STORED,
    /** A new event id, but another event already completed the same order. */
    ORDER_ALREADY_COMPLETED,
    /** A new event id, but another event already published the same review. */
    REVIEW_ALREADY_PUBLISHED
}
