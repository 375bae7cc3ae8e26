package io.laurel.program.app;

import com.google.protobuf.Message;
import io.laurel.platform.idempotency.Idempotency;
import io.laurel.platform.store.SessionTransactionSql;
import io.laurel.platform.store.TransactionSql;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.function.Function;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * The transactions of program-service's use cases: each change runs in one Hibernate Reactive
 * transaction with its idempotency record and its configuration feed row, so all commit or none.
 */
@ApplicationScoped
public class Transactions {

    private final Idempotency idempotency;
    private final Mutiny.SessionFactory sessions;

    public Transactions(Idempotency idempotency, Mutiny.SessionFactory sessions) {
        this.idempotency = idempotency;
        this.sessions = sessions;
    }

    /** Runs {@code work} at most once per (store, request id), in a new transaction it is given the SQL of. */
    public <R, T extends Message> Uni<T> once(String storeId, Idempotent<R, T> call,
                                                 Function<TransactionSql, Uni<R>> work) {
        return Panache.withTransaction(() -> Panache.getSession().chain(session -> {
            TransactionSql tx = SessionTransactionSql.of(session);
            return idempotency.onceIn(tx, storeId, call.requestId(), call.request(), call.parser(),
                    () -> work.apply(tx).map(call.respond()));
        }));
    }

    /**
     * Runs a read in a stateless session of its own: nothing to track for what is only answered
     * (measured about twice as fast as a Panache session for a one-query read).
     */
    public <T> Uni<T> read(Function<Mutiny.QueryProducer, Uni<T>> read) {
        return sessions.withStatelessSession(read::apply);
    }
}
