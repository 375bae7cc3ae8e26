package io.laurel.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;

/**
 * The writing side of the services' development clock (platform {@code DevClock}): one file holding
 * how far ahead of the real time the whole suite runs, as an ISO-8601 duration. The launcher points
 * every service at it ({@code LAUREL_DEV_CLOCK_FILE}); rewriting it moves all four together within
 * a tenth of a second. Time only moves forward.
 */
public final class SuiteClock {

    /** The environment variable that turns a service's development clock on. */
    public static final String ENV = "LAUREL_DEV_CLOCK_FILE";

    private final Path file;

    public SuiteClock(Path file) {
        this.file = file;
    }

    public Path file() {
        return file;
    }

    /** How far ahead of the real time the suite is. */
    public Duration offset() {
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8).strip();
            return text.isEmpty() ? Duration.ZERO : Duration.parse(text);
        } catch (NoSuchFileException e) {
            return Duration.ZERO;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The suite's time now. */
    public Instant now() {
        return Instant.now().plus(offset());
    }

    /** Moves the suite's time ahead by {@code step}; returns the new time. */
    public Instant advance(Duration step) {
        if (step.isNegative()) {
            throw new IllegalArgumentException("time only moves forward: " + step);
        }
        write(offset().plus(step));
        return now();
    }

    /** Moves the suite's time to {@code instant} (not before its time now). */
    public Instant set(Instant instant) {
        Duration offset = Duration.between(Instant.now(), instant);
        if (offset.compareTo(offset()) < 0) {
            throw new IllegalArgumentException("time only moves forward: the suite is already at " + now());
        }
        write(offset);
        return now();
    }

    private void write(Duration offset) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path next = file.resolveSibling(file.getFileName() + ".next");
            Files.writeString(next, offset + "\n", StandardCharsets.UTF_8);
            // whole file or nothing: a service never reads half an offset
            Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
