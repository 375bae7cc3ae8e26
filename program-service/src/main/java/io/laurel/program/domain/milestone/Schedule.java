package io.laurel.program.domain.milestone;

import java.time.Instant;

/** When a program counts events; either bound may be null (open). */
public record Schedule(Instant start, Instant end) {

    public static final Schedule ALWAYS = new Schedule(null, null);
}
