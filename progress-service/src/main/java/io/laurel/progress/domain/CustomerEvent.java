package io.laurel.progress.domain;

import java.time.Instant;

/**
 * Something a customer did, or that happened to a customer (R-PROG-TRACK-1), identified within its
 * store by {@code eventId} (R-PROG-TRACK-2). {@code occurredAt} is null when it was not sent;
 * {@code payload} is null when no kind was set.
 */
public record CustomerEvent(String eventId, String storeId, String customerId, Instant occurredAt,
                            EventPayload payload) {
}
