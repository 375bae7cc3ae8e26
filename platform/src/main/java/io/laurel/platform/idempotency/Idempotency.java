package io.laurel.platform.idempotency;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.Parser;
import io.laurel.platform.error.FailedPreconditionException;
import io.laurel.platform.error.FieldViolation;
import io.laurel.platform.error.InvalidArgumentException;
import io.laurel.platform.error.ItemErrors;
import io.laurel.platform.error.Violations;
import io.laurel.platform.store.TransactionSql;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Makes a mutating RPC idempotent on its {@code request_id}: the first call with a key runs the
 * work and stores its response in the same transaction; a later call with the same key and the same
 * request gets that stored response back without running the work again; the same key with a
 * different request is refused with {@code INVALID_ARGUMENT} on {@code request_id}. Keys are scoped
 * per store and per RPC (the request message type names the RPC).
 *
 * <p>Concurrent calls with one key serialize on the key's primary key: the second waits for the
 * first to commit and then replays its answer. If the work fails, its transaction rolls back with
 * the key, so a retry after an error runs the work afresh; nothing half-written is left behind.
 */
@ApplicationScoped
public class Idempotency {

    /** Longest accepted {@code request_id}. */
    public static final int MAX_REQUEST_ID_LENGTH = 128;

    private final Pool pool;
    private final Clock clock;

    public Idempotency(Pool pool, Clock clock) {
        this.pool = pool;
        this.clock = clock;
    }

    /** Records a violation on {@code request_id} if it is missing or too long. */
    public static void checkRequestId(Violations violations, String requestId) {
        if (requestId == null || requestId.isBlank()) {
            violations.add("request_id", "is required: a unique key per intended change, reused only on retry");
        } else if (requestId.length() > MAX_REQUEST_ID_LENGTH) {
            violations.add("request_id", "must be at most " + MAX_REQUEST_ID_LENGTH + " characters");
        }
    }

    // a safety net: endpoints check the request id with the rest of the request
    private static void requireRequestId(String requestId) {
        Violations violations = new Violations();
        checkRequestId(violations, requestId);
        violations.throwIfAny();
    }

    /**
     * Runs {@code work} inside a transaction at most once per (store, request id).
     *
     * @param request the whole request message, compared byte-for-byte (deterministic encoding)
     *                with the one that first used the key
     */
    public <T extends Message> Uni<T> once(String storeId, String requestId, Message request,
                                           Parser<T> responseParser, Function<SqlConnection, Uni<T>> work) {
        return pool.withTransaction(tx -> onceIn(TransactionSql.of(tx), storeId, requestId, request, responseParser,
                () -> work.apply(tx)));
    }

    /**
     * As {@link #once}, in a transaction the caller has opened and commits (a Hibernate Reactive
     * session's, through {@link io.laurel.platform.store.SessionTransactionSql}): the key, the work
     * and the stored response commit or roll back together with whatever else the caller writes.
     */
    public <T extends Message> Uni<T> onceIn(TransactionSql tx, String storeId, String requestId, Message request,
                                             Parser<T> responseParser, Supplier<Uni<T>> work) {
        requireRequestId(requestId);
        String operation = request.getDescriptorForType().getFullName();
        byte[] requestHash = hash(request);
        return tx.update("""
                        INSERT INTO laurel_idempotency (store_id, request_id, operation, request_hash, created_at)
                        VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING""",
                        storeId, requestId, operation, requestHash, Instant.now(clock).atOffset(ZoneOffset.UTC))
                .flatMap(claimed -> claimed == 1
                        ? work.get().call(response -> storeResponse(tx, storeId, operation, requestId, response))
                        : replay(tx, storeId, requestId, operation, requestHash, responseParser));
    }

    /**
     * Runs {@code work} at most once per (store, request id) — as {@link #once} — and at most once per
     * business key, in one transaction: the first call with the key runs it and keeps its response; a later
     * call with the key and the same {@code content} gets that response without running the work, whatever
     * its request_id; the key with other content is refused with {@code FAILED_PRECONDITION} and the key's
     * {@code reusedReason}. Both keys are claimed by one statement and both responses kept by another.
     * Concurrent calls with one key serialize on it like {@link #once}. Keys live in
     * {@code laurel_idempotency} under the operation {@code key:<scope>} and are forgotten with the request
     * ids after the retention: work whose key may come back later than that must itself be harmless to repeat.
     *
     * @param request the whole request message, compared byte-for-byte (deterministic encoding) with the one
     *                that first used the request id
     * @param content what the business key stands for, compared the same way with the first call's; leave
     *                the request_id out of it
     */
    public <T extends Message> Uni<T> onceWithKey(String storeId, String requestId, Message request, BusinessKey key,
                                                  Message content, Parser<T> responseParser,
                                                  Function<SqlConnection, Uni<T>> work) {
        return pool.withTransaction(tx -> onceWithKeyAll(tx,
                        List.of(new KeyedCall("", storeId, requestId, request, key, content)), responseParser,
                        todo -> work.apply(tx).map(List::of)))
                .map(List::getFirst);
    }

    /**
     * One call of a batch given to {@link #onceWithKeyAll}: {@link #onceWithKey}'s arguments, with the
     * path that names the call in errors ({@code ""} for a lone call, {@code activities[3]} in a batch).
     */
    public record KeyedCall(String path, String storeId, String requestId, Message request, BusinessKey key,
                            Message content) {
    }

    /**
     * {@link #onceWithKey} for many calls at once, in the caller's transaction, each answered as if it had
     * come alone, in three statements whatever their number: one claims every request id and business key,
     * one reads the answers of the calls done before (when there are any), one keeps the new answers (and,
     * rarely, one drops a key claimed beside a request id retried after its key was forgotten).
     * {@code work} gets the positions (in {@code calls}) of the calls still to do and answers them in that
     * order. Request ids and business keys must differ across {@code calls}: a caller with repeats sends
     * them in successive batches of one transaction, where a repeat replays the earlier call's answer. A
     * call whose request id or key was used with other content refuses the whole batch, naming the call
     * by its path; the caller's transaction then rolls everything back.
     */
    public <T extends Message> Uni<List<T>> onceWithKeyAll(SqlConnection tx, List<KeyedCall> calls, Parser<T> parser,
                                                           Function<List<Integer>, Uni<List<T>>> work) {
        int n = calls.size();
        Violations violations = new Violations();
        for (KeyedCall call : calls) {
            checkRequestId(call.path().isEmpty() ? violations : violations.nested(call.path()), call.requestId());
        }
        violations.throwIfAny();
        String[] stores = new String[2 * n];
        String[] operations = new String[2 * n];
        String[] ids = new String[2 * n];
        Buffer[] hashes = new Buffer[2 * n];
        byte[][] hashOf = new byte[2 * n][];
        Set<String> distinct = new HashSet<>();
        for (int i = 0; i < n; i++) {
            KeyedCall call = calls.get(i);
            hashOf[2 * i] = hash(call.request());
            hashOf[2 * i + 1] = hash(call.content());
            set(stores, operations, ids, 2 * i, call.storeId(), operation(call.request()), call.requestId());
            set(stores, operations, ids, 2 * i + 1, call.key().storeId(), call.key().operation(), call.key().key());
            for (int row = 2 * i; row <= 2 * i + 1; row++) {
                hashes[row] = Buffer.buffer(hashOf[row]);
                if (!distinct.add(rowKey(stores[row], operations[row], ids[row]))) {
                    throw new IllegalArgumentException("request ids and business keys must differ across one batch: "
                            + operations[row] + " " + ids[row] + " repeats");
                }
            }
        }
        // rows in key order, so two batches claiming overlapping keys wait for each other rather than deadlock
        return tx.preparedQuery("""
                        INSERT INTO laurel_idempotency (store_id, request_id, operation, request_hash, created_at)
                        SELECT s, r, o, h, $5 FROM UNNEST($1::text[], $2::text[], $3::text[], $4::bytea[]) AS k(s, o, r, h)
                        ORDER BY s, o, r
                        ON CONFLICT DO NOTHING
                        RETURNING store_id, operation, request_id""")
                .execute(Tuple.from(new Object[] {stores, operations, ids, hashes,
                        Instant.now(clock).atOffset(ZoneOffset.UTC)}))
                .flatMap(claimedRows -> {
                    Set<String> claimed = new HashSet<>();
                    claimedRows.forEach(r -> claimed.add(rowKey(r.getString(0), r.getString(1), r.getString(2))));
                    List<Integer> todo = new ArrayList<>();
                    List<Integer> toRead = new ArrayList<>(); // rows whose kept answer is the call's
                    List<Integer> toForget = new ArrayList<>(); // keys claimed beside a request id used before
                    for (int i = 0; i < n; i++) {
                        boolean requestClaimed = claimed.contains(rowKey(stores[2 * i], operations[2 * i], ids[2 * i]));
                        boolean keyClaimed = claimed.contains(rowKey(stores[2 * i + 1], operations[2 * i + 1],
                                ids[2 * i + 1]));
                        if (!requestClaimed) {
                            toRead.add(2 * i); // a retry of the request: its answer
                            if (keyClaimed) {
                                toForget.add(2 * i + 1);
                            }
                        } else if (!keyClaimed) {
                            toRead.add(2 * i + 1); // done under another request id: its answer, kept for this one
                        } else {
                            todo.add(i);
                        }
                    }
                    List<T> answers = new ArrayList<>(Collections.nCopies(n, null));
                    return read(tx, toRead, stores, operations, ids)
                            .invoke(kept -> {
                                for (int row : toRead) {
                                    answers.set(row / 2, keptAnswer(calls.get(row / 2), row % 2 == 0,
                                            kept.get(rowKey(stores[row], operations[row], ids[row])), hashOf[row], parser));
                                }
                            })
                            .chain(() -> delete(tx, toForget, stores, operations, ids))
                            .chain(() -> todo.isEmpty() ? Uni.createFrom().item(List.<T>of()) : work.apply(todo))
                            .chain(done -> {
                                if (done.size() != todo.size()) {
                                    throw new IllegalStateException("work answered " + done.size() + " of "
                                            + todo.size() + " calls");
                                }
                                List<Integer> rows = new ArrayList<>();
                                List<Message> responses = new ArrayList<>();
                                for (int j = 0; j < todo.size(); j++) {
                                    int i = todo.get(j);
                                    answers.set(i, done.get(j));
                                    rows.add(2 * i);
                                    rows.add(2 * i + 1);
                                    responses.add(done.get(j));
                                    responses.add(done.get(j));
                                }
                                for (int row : toRead) {
                                    if (row % 2 == 1) { // the request id claimed beside a key done before
                                        rows.add(row - 1);
                                        responses.add(answers.get(row / 2));
                                    }
                                }
                                return keep(tx, rows, responses, stores, operations, ids);
                            })
                            .map(ignored -> answers);
                });
    }

    private static String operation(Message request) {
        return request.getDescriptorForType().getFullName();
    }

    private static void set(String[] stores, String[] operations, String[] ids, int row, String store, String operation,
                            String id) {
        stores[row] = store;
        operations[row] = operation;
        ids[row] = id;
    }

    private static String rowKey(String store, String operation, String id) {
        return store + '\u0000' + operation + '\u0000' + id;
    }

    private record Kept(byte[] hash, byte[] response) {
    }

    private static Uni<Map<String, Kept>> read(SqlConnection tx, List<Integer> rows, String[] stores,
                                               String[] operations, String[] ids) {
        if (rows.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return tx.preparedQuery("""
                        SELECT i.store_id, i.operation, i.request_id, i.request_hash, i.response
                        FROM laurel_idempotency i
                        JOIN UNNEST($1::text[], $2::text[], $3::text[]) AS k(s, o, r)
                          ON i.store_id = k.s AND i.operation = k.o AND i.request_id = k.r""")
                .execute(Tuple.of(pick(stores, rows), pick(operations, rows), pick(ids, rows)))
                .map(found -> {
                    Map<String, Kept> kept = new HashMap<>();
                    found.forEach(r -> kept.put(rowKey(r.getString(0), r.getString(1), r.getString(2)),
                            new Kept(r.getBuffer(3).getBytes(), r.getBuffer(4) == null ? null : r.getBuffer(4).getBytes())));
                    return kept;
                });
    }

    private static <T extends Message> T keptAnswer(KeyedCall call, boolean byRequestId, Kept kept, byte[] expectedHash,
                                                    Parser<T> parser) {
        if (kept == null || !Arrays.equals(expectedHash, kept.hash())) {
            throw ItemErrors.inItem(byRequestId ? requestIdReused() : keyReused(call.key()), call.path());
        }
        try {
            return parser.parseFrom(kept.response());
        } catch (InvalidProtocolBufferException | NullPointerException e) {
            throw new IllegalStateException("stored response of " + call.key().operation() + " is unreadable", e);
        }
    }

    private static Uni<Void> delete(SqlConnection tx, List<Integer> rows, String[] stores, String[] operations,
                                    String[] ids) {
        if (rows.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return tx.preparedQuery("""
                        DELETE FROM laurel_idempotency i USING UNNEST($1::text[], $2::text[], $3::text[]) AS k(s, o, r)
                        WHERE i.store_id = k.s AND i.operation = k.o AND i.request_id = k.r""")
                .execute(Tuple.of(pick(stores, rows), pick(operations, rows), pick(ids, rows)))
                .replaceWithVoid();
    }

    private static Uni<Void> keep(SqlConnection tx, List<Integer> rows, List<Message> responses, String[] stores,
                                  String[] operations, String[] ids) {
        if (rows.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Buffer[] bytes = responses.stream().map(r -> Buffer.buffer(r.toByteArray())).toArray(Buffer[]::new);
        return tx.preparedQuery("""
                        UPDATE laurel_idempotency i SET response = k.response
                        FROM UNNEST($1::text[], $2::text[], $3::text[], $4::bytea[]) AS k(s, o, r, response)
                        WHERE i.store_id = k.s AND i.operation = k.o AND i.request_id = k.r""")
                .execute(Tuple.of(pick(stores, rows), pick(operations, rows), pick(ids, rows), bytes))
                .replaceWithVoid();
    }

    private static String[] pick(String[] values, List<Integer> rows) {
        return rows.stream().map(row -> values[row]).toArray(String[]::new);
    }

    /** Forgets keys older than {@code cutoff}; returns how many. Retries older than that run afresh. */
    public Uni<Integer> purgeOlderThan(Instant cutoff) {
        return pool.preparedQuery("DELETE FROM laurel_idempotency WHERE created_at < $1")
                .execute(Tuple.of(cutoff.atOffset(ZoneOffset.UTC)))
                .map(rows -> rows.rowCount());
    }

    private Uni<Void> storeResponse(TransactionSql tx, String storeId, String operation, String requestId,
                                    Message response) {
        return tx.update("""
                        UPDATE laurel_idempotency SET response = $4
                        WHERE store_id = $1 AND operation = $2 AND request_id = $3""",
                        storeId, operation, requestId, response.toByteArray())
                .replaceWithVoid();
    }

    /** The answer kept for a request id; refused when the id came with another request. */
    private <T extends Message> Uni<T> replay(TransactionSql tx, String storeId, String requestId, String operation,
                                              byte[] requestHash, Parser<T> parser) {
        return stored(tx, storeId, operation, requestId, requestHash, parser,
                Idempotency::requestIdReused);
    }

    private static InvalidArgumentException requestIdReused() {
        return new InvalidArgumentException("REQUEST_ID_REUSED", List.of(new FieldViolation("request_id",
                "was already used for a different request; use a new request_id for a new change")));
    }

    private static FailedPreconditionException keyReused(BusinessKey key) {
        return new FailedPreconditionException(key.reusedReason(), key.scope() + " " + key.key()
                + " was already recorded with other content", Map.of("key", key.key()));
    }

    private static <T extends Message> Uni<T> stored(TransactionSql tx, String storeId, String operation, String id,
                                                     byte[] expectedHash, Parser<T> parser,
                                                     Supplier<RuntimeException> reused) {
        return tx.query("""
                        SELECT request_hash, response FROM laurel_idempotency
                        WHERE store_id = $1 AND operation = $2 AND request_id = $3""",
                        storeId, operation, id)
                .map(rows -> {
                    Object[] first = rows.get(0);
                    if (!Arrays.equals(expectedHash, (byte[]) first[0])) {
                        throw reused.get();
                    }
                    try {
                        return parser.parseFrom((byte[]) first[1]);
                    } catch (InvalidProtocolBufferException e) {
                        throw new IllegalStateException("stored response of " + operation + " is unreadable", e);
                    }
                });
    }

    static byte[] hash(Message request) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            CodedOutputStream out = CodedOutputStream.newInstance(bytes);
            out.useDeterministicSerialization();
            request.writeTo(out);
            out.flush();
            return MessageDigest.getInstance("SHA-256").digest(bytes.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
