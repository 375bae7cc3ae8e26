package io.laurel.program.domain.milestone;

/** What a refund does to rewards already given (R-PROG-TRACK-5); KEEP is the default. */
public enum RefundRule { KEEP, CLAW_BACK_UNSPENT }
