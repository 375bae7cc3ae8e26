package io.laurel.platform.time;

import java.time.Duration;

/**
 * CDI event fired (asynchronously) when the development clock ({@link DevClock}) jumps ahead:
 * a background job that waits on a real-time timer (expiry, reservation timeouts, inactivity,
 * tier period ends) observes it with {@code @ObservesAsync} and runs a pass at once, as it would
 * have at its next tick had the time passed for real. Never fired in production.
 *
 * @param offset how far ahead of the real time the clock now is
 */
public record ClockMoved(Duration offset) {
}
