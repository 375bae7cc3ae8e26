package io.laurel.platform.time;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * Development and test time that every service of one suite shares: the real time plus an offset
 * read from one file ({@code laurel.dev-clock.file}), so {@code ./laurel clock advance P1D} (which
 * rewrites the file) moves all four services a day ahead within {@link #POLL} of each other, and a
 * service restarted mid-run comes back at the moved time. Time keeps flowing, so backoffs and
 * timeouts still elapse. The file holds one ISO-8601 duration (e.g. {@code P30DT2H}); absent or
 * empty means no offset. The offset only grows: a file that would move time back is ignored.
 *
 * <p>Never in production: {@link ClockProducer} makes one only when the setting is given, which
 * {@code ./laurel up} and the e2e suite do, and production configuration and the Helm chart do not.
 */
public final class DevClock extends Clock {

    /** How often the file is read. */
    public static final Duration POLL = Duration.ofMillis(100);

    private static final Logger LOG = Logger.getLogger(DevClock.class);

    private final Path file;
    private final AtomicReference<Duration> offset;
    private final ZoneId zone;
    private final Consumer<Duration> onMove;
    private ScheduledExecutorService poller;

    private DevClock(Path file, AtomicReference<Duration> offset, ZoneId zone, Consumer<Duration> onMove) {
        this.file = file;
        this.offset = offset;
        this.zone = zone;
        this.onMove = onMove;
    }

    /** A clock following {@code file}, read now and every {@link #POLL}; {@code onMove} hears each new offset. */
    public static DevClock following(Path file, Consumer<Duration> onMove) {
        DevClock clock = new DevClock(file, new AtomicReference<>(Duration.ZERO), ZoneOffset.UTC, onMove);
        clock.refresh();
        LOG.warnf("development clock: time is the real time plus the offset in %s (now %s) — never in production",
                file, clock.offset());
        clock.poller = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "laurel-dev-clock");
            t.setDaemon(true);
            return t;
        });
        clock.poller.scheduleWithFixedDelay(clock::refresh, POLL.toMillis(), POLL.toMillis(), TimeUnit.MILLISECONDS);
        return clock;
    }

    /** Reads the file; applies a larger offset than the current one. */
    void refresh() {
        Duration read;
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8).strip();
            read = text.isEmpty() ? Duration.ZERO : Duration.parse(text);
        } catch (NoSuchFileException e) {
            read = Duration.ZERO;
        } catch (IOException | RuntimeException e) {
            LOG.debugf("development clock file %s unreadable for now: %s", file, e);
            return;
        }
        Duration current = offset.get();
        if (read.compareTo(current) > 0 && offset.compareAndSet(current, read)) {
            LOG.infof("development clock moved to real time + %s (%s)", read, instant());
            onMove.accept(read);
        }
    }

    /** How far ahead of the real time this clock is. */
    public Duration offset() {
        return offset.get();
    }

    /** Stops reading the file. */
    public void close() {
        if (poller != null) {
            poller.shutdownNow();
        }
    }

    @Override
    public Instant instant() {
        return Instant.now().plus(offset.get());
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    @Override
    public Clock withZone(ZoneId newZone) {
        return new DevClock(file, offset, newZone, onMove);
    }
}
