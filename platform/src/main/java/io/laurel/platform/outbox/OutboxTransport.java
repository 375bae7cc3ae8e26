package io.laurel.platform.outbox;

import io.smallrye.mutiny.Uni;
import java.util.ArrayList;
import java.util.List;

/** Delivers outbox messages; a failed {@link Uni} means the message was not delivered ({@link DeliveryFailure} says whether to retry). */
@FunctionalInterface
public interface OutboxTransport {

    Uni<Void> deliver(OutboxMessage message);

    /**
     * Delivers {@code messages}, perhaps several per call: one entry per message, in order, null
     * where it was delivered, else why not. By default each goes on its own, all at once.
     */
    default Uni<List<Throwable>> deliverAll(List<OutboxMessage> messages) {
        List<Uni<Throwable>> each = new ArrayList<>();
        for (OutboxMessage message : messages) {
            Uni<Void> call;
            try {
                call = deliver(message);
            } catch (RuntimeException e) {
                call = Uni.createFrom().failure(e);
            }
            each.add(call.map(ignored -> (Throwable) null).onFailure().recoverWithItem(failure -> failure));
        }
        return each.isEmpty() ? Uni.createFrom().item(List.of()) : Uni.join().all(each).andFailFast();
    }
}
