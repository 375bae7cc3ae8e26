package io.laurel.program.app;

import com.google.protobuf.Message;
import io.laurel.platform.error.NotFoundException;
import io.laurel.platform.store.TransactionSql;
import io.laurel.platform.time.StoredTime;
import io.laurel.program.store.ConfigChangeRepository;
import io.laurel.program.store.ProgramHeadRow;
import io.laurel.program.store.VersionedProgramStore;
import io.laurel.proto.program.v1.ConfigChange;
import io.smallrye.mutiny.Uni;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.function.BiFunction;

/**
 * What milestone and tier programs share, written once: reads, the locked read that checks the
 * expected version, status changes, and saving a version together with its feed row.
 *
 * @param <D> the domain program, which the rules change
 * @param <P> its proto, as stored and answered
 * @param <H> its head row
 */
abstract class VersionedProgramChanges<D, P extends Message, H extends ProgramHeadRow> {

    /** A version locked for change, and the head row that is moved when it is saved. */
    record Current<D, H>(D program, H head) {
    }

    /** A check made, in the transaction, of the version a status change is about to store. */
    interface Check<D> {
        Uni<Void> apply(D next);
    }

    protected final Transactions transactions;
    protected final Clock clock;
    private final VersionedProgramStore<P, H, ?> store;
    private final ConfigChangeRepository changes;

    VersionedProgramChanges(Transactions transactions, VersionedProgramStore<P, H, ?> store,
                            ConfigChangeRepository changes, Clock clock) {
        this.transactions = transactions;
        this.store = store;
        this.changes = changes;
        this.clock = clock;
    }

    abstract D toDomain(P program);

    abstract P toProto(D program);

    /** ABORTED (R-PROG-9) when {@code expected} is not the current version. */
    abstract void requireVersion(D current, long expected);

    abstract NotFoundException notFound(String id, long version);

    /** The feed entry of a stored version: its kind, resource id and snapshot. */
    abstract ConfigChange.Builder change(P stored);

    /** Stores a version: a new head when {@code head} is null, else moves it. */
    abstract Uni<Void> insert(H head, P program);

    /** Version {@code version} (0 = latest); NOT_FOUND when the store has no such program or version. */
    public Uni<P> get(String storeId, String id, long version) {
        return transactions.read(q -> store.find(q, storeId, id, version)).map(found -> {
            if (found == null) {
                throw notFound(id, version);
            }
            return found;
        });
    }

    /**
     * Up to {@code limit} versions below {@code beforeVersion} (0 = from the latest), newest first;
     * NOT_FOUND when the first page finds the program has none.
     */
    public Uni<List<P>> versions(String storeId, String id, long beforeVersion, int limit) {
        return transactions.read(q -> store.versions(q, storeId, id, beforeVersion, limit)).map(page -> {
            if (page.isEmpty() && beforeVersion == 0) {
                throw notFound(id, 0);
            }
            return page;
        });
    }

    /**
     * Applies {@code transition} to the current version, as one idempotent change: when it changes
     * nothing the current version is answered and nothing is stored; else {@code check} is made of
     * the next version and it is saved.
     */
    <T extends Message> Uni<T> changeStatus(Idempotent<P, T> call, String storeId, String id, long expectedVersion,
                                            BiFunction<D, Instant, D> transition, Check<D> check) {
        return transactions.once(storeId, call, tx -> locked(storeId, id, expectedVersion).chain(current -> {
            D next = transition.apply(current.program(), StoredTime.now(clock));
            return next == current.program() ? Uni.createFrom().item(toProto(next))
                    : check.apply(next).chain(() -> save(tx, current.head(), next));
        }));
    }

    /** The latest version, its head row locked; NOT_FOUND when the store has no such program, ABORTED when stale. */
    Uni<Current<D, H>> locked(String storeId, String id, long expectedVersion) {
        return store.latestForUpdate(storeId, id).map(found -> {
            if (found == null) {
                throw notFound(id, 0);
            }
            D current = toDomain(found.current());
            requireVersion(current, expectedVersion);
            return new Current<>(current, found.head());
        });
    }

    /** Stores the version (a new program when {@code head} is null) and appends it to the feed, in {@code tx}. */
    Uni<P> save(TransactionSql tx, H head, D next) {
        P stored = toProto(next);
        return insert(head, stored)
                .chain(() -> changes.append(tx, change(stored).build()))
                .replaceWith(stored);
    }
}
