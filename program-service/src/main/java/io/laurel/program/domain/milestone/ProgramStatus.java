package io.laurel.program.domain.milestone;

/** DRAFT → ACTIVE ⇄ PAUSED; DRAFT/ACTIVE/PAUSED → ARCHIVED (final). */
public enum ProgramStatus { DRAFT, ACTIVE, PAUSED, ARCHIVED }
