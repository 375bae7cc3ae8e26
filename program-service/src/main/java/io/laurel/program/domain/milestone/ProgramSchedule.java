package io.laurel.program.domain.milestone;

import java.time.Instant;

/** When a program counts events; either bound may be null (open). */
public record ProgramSchedule(Instant start, Instant end) {

    public static final ProgramSchedule ALWAYS = new ProgramSchedule(null, null);
}
