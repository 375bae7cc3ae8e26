package io.laurel.program.domain.tier;

/** DRAFT → ACTIVE → ARCHIVED, or DRAFT → ARCHIVED (final). */
public enum ProgramStatus { DRAFT, ACTIVE, ARCHIVED }
