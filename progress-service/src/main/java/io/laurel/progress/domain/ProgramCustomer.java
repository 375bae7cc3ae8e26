package io.laurel.progress.domain;

import java.time.Instant;

/** One customer's progress in one program, as the merchant's list shows it (for inactivity: the current spell). */
public record ProgramCustomer(String customerId, long currentValue, int milestonesReached, long lastReachedTarget,
                              Instant lastReachedTime, Instant lastEventTime) {
}
