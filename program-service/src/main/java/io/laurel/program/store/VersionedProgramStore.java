package io.laurel.program.store;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.Parser;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.hibernate.LockMode;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * How a kind of versioned program is kept, through the current Hibernate Reactive session: a head
 * row per program ({@link ProgramHeadRow}) and every version whole ({@link ProgramVersionRow}).
 * Every query names the store (R-STORE-1). Subclasses say which entities and which summary columns.
 *
 * @param <P> the program's proto, the stored payload
 */
public abstract class VersionedProgramStore<P extends Message, H extends ProgramHeadRow, V extends ProgramVersionRow> {

    private final Class<H> headType;
    private final Class<V> versionType;
    private final Parser<P> parser;
    private final Supplier<H> newHead;
    private final Supplier<V> newVersion;
    private final String latest;
    private final String findVersion;
    private final String versionsBefore;
    private final String pageAfter;
    private final String pageBefore;

    protected VersionedProgramStore(Class<H> headType, Class<V> versionType, Parser<P> parser, Supplier<H> newHead,
                                    Supplier<V> newVersion) {
        this.headType = headType;
        this.versionType = versionType;
        this.parser = parser;
        this.newHead = newHead;
        this.newVersion = newVersion;
        String head = headType.getSimpleName();
        String version = versionType.getSimpleName();
        // reads select the payload alone: no entity to manage for what is answered as it is stored
        this.latest = "select v.payload from " + version + " v join " + head + " h"
                + " on v.storeId = h.storeId and v.programId = h.programId and v.version = h.currentVersion"
                + " where h.storeId = :store";
        this.findVersion = "select payload from " + version
                + " where storeId = :store and programId = :id and version = :version";
        this.versionsBefore = "select payload from " + version + " where storeId = :store and programId = :id"
                + " and (:before = 0 or version < :before) order by version desc";
        String keyset = " and (:first = true or h.createTime %1$s :time or (h.createTime = :time and h.programId %1$s :id))";
        this.pageAfter = latest + filters() + keyset.formatted(">") + " order by h.createTime, h.programId";
        this.pageBefore = latest + filters() + keyset.formatted("<")
                + " order by h.createTime desc, h.programId desc";
    }

    /** The head row conditions the list RPC filters by, each with its own {@code :name} parameters. */
    protected abstract String filters();

    /** Binds an empty filter list so that {@code :any… = true} ignores it (an empty IN list is not SQL). */
    protected static List<String> anyIfEmpty(List<String> values) {
        return values.isEmpty() ? List.of("") : values;
    }

    /** Sets the head's and the version row's summary columns from the program. */
    protected abstract void summarize(P program, H head, V version);

    /** A head row locked for the rest of the transaction, and the version it names. */
    public record Locked<P, H>(H head, P current) {
    }

    /**
     * The latest version, its head row locked FOR UPDATE for the rest of the transaction; null when
     * there is none. The lock is taken first, on its own: a writer that waited for it then reads the
     * version the previous writer committed.
     */
    public Uni<Locked<P, H>> latestForUpdate(String storeId, String id) {
        return session().chain(s -> s.find(headType, new ProgramKey(storeId, id), LockMode.PESSIMISTIC_WRITE)
                .chain(head -> head == null ? Uni.createFrom().<Locked<P, H>>nullItem()
                        : find(storeId, id, head.currentVersion).map(current -> new Locked<>(head, current))));
    }

    /** Version {@code version} (0 = latest); null when the store has no such program or version. */
    public Uni<P> find(String storeId, String id, long version) {
        return session().chain(s -> find(s, storeId, id, version));
    }

    /** As {@link #find(String, String, long)}, through {@code q} (a read's stateless session). */
    public Uni<P> find(Mutiny.QueryProducer q, String storeId, String id, long version) {
        return (version == 0
                ? q.createSelectionQuery(latest + " and h.programId = :id", byte[].class)
                : q.createSelectionQuery(findVersion, byte[].class).setParameter("version", version))
                .setParameter("store", storeId).setParameter("id", id).getSingleResultOrNull()
                .map(payload -> payload == null ? null : parse(payload));
    }

    /** Up to {@code limit} versions of one program below {@code beforeVersion} (0 = from the latest), newest first. */
    public Uni<List<P>> versions(Mutiny.QueryProducer q, String storeId, String id, long beforeVersion, int limit) {
        return Uni.createFrom().item(q).chain(s -> s.createSelectionQuery(versionsBefore, byte[].class)
                        .setParameter("store", storeId).setParameter("id", id).setParameter("before", beforeVersion)
                        .setMaxResults(limit).getResultList())
                .map(this::parseAll);
    }

    /**
     * Stores a new version: version 1 adds the head row, later versions move the locked one from
     * {@link #latestForUpdate} ({@code locked} is null for version 1).
     */
    public Uni<Void> insert(H locked, P program, String storeId, String id, long version, Instant createTime,
                            Instant updateTime) {
        H head = locked == null ? newHead.get() : locked;
        if (locked == null) {
            head.storeId = storeId;
            head.programId = id;
            head.createTime = createTime;
        }
        head.currentVersion = version;
        V row = newVersion.get();
        row.storeId = storeId;
        row.programId = id;
        row.version = version;
        row.updateTime = updateTime;
        row.payload = program.toByteArray();
        summarize(program, head, row);
        return session().chain(s -> (locked == null ? s.persist(head) : Uni.createFrom().voidItem())
                .chain(() -> s.persist(row))
                .chain(s::flush));
    }

    /** The latest versions of the store's programs, narrowed by {@link #filters()}, oldest created first. */
    protected Uni<List<P>> oldestFirst(Mutiny.QueryProducer q, String storeId, Instant afterTime, String afterId, int limit,
                                       UnaryOperator<Mutiny.SelectionQuery<byte[]>> filter) {
        return page(q, pageAfter, storeId, afterTime, afterId, limit, filter);
    }

    /** The latest versions of the store's programs, narrowed by {@link #filters()}, newest created first. */
    protected Uni<List<P>> newestFirst(Mutiny.QueryProducer q, String storeId, Instant beforeTime, String beforeId, int limit,
                                       UnaryOperator<Mutiny.SelectionQuery<byte[]>> filter) {
        return page(q, pageBefore, storeId, beforeTime, beforeId, limit, filter);
    }

    private Uni<List<P>> page(Mutiny.QueryProducer q, String query, String storeId, Instant time, String id, int limit,
                              UnaryOperator<Mutiny.SelectionQuery<byte[]>> filter) {
        return Uni.createFrom().item(q).chain(s -> filter.apply(s.createSelectionQuery(query, byte[].class)
                        .setParameter("store", storeId)
                        .setParameter("first", time == null)
                        .setParameter("time", time == null ? Instant.EPOCH : time)
                        .setParameter("id", id == null ? "" : id))
                        .setMaxResults(limit).getResultList())
                .map(this::parseAll);
    }

    protected static Uni<Mutiny.Session> session() {
        return Panache.getSession();
    }

    private List<P> parseAll(List<byte[]> payloads) {
        return payloads.stream().map(this::parse).toList();
    }

    private P parse(byte[] payload) {
        try {
            return parser.parseFrom(payload);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("unreadable " + versionType.getSimpleName() + " payload", e);
        }
    }
}
