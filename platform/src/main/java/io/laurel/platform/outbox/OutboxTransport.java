package io.laurel.platform.outbox;

import io.smallrye.mutiny.Uni;

/** Delivers one outbox message; a failed {@link Uni} means "try again later". */
@FunctionalInterface
public interface OutboxTransport {
    Uni<Void> deliver(OutboxMessage message);
}
