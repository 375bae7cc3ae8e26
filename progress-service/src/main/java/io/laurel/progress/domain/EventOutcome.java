package io.laurel.progress.domain;

/** What happened to one event of a batch. */
public enum EventOutcome {
    /** New and valid: stored. */
    ACCEPTED,
    /** Its (store, event id) was already stored: ignored, first delivery wins (R-PROG-TRACK-2). */
    DUPLICATE,
    /** Invalid: not stored; its violations say why. */
    REJECTED
}
