package io.laurel.platform.idempotency;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.Parser;
import io.laurel.platform.error.FailedPreconditionException;
import io.laurel.platform.error.FieldViolation;
import io.laurel.platform.error.InvalidArgumentException;
import io.laurel.platform.error.Violations;
import io.laurel.platform.store.TransactionSql;
import io.smallrye.mutiny.Uni;
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
import java.util.Arrays;
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
        requireRequestId(requestId);
        String operation = request.getDescriptorForType().getFullName();
        byte[] requestHash = hash(request);
        byte[] contentHash = hash(content);
        return pool.withTransaction(tx -> tx.preparedQuery("""
                        INSERT INTO laurel_idempotency (store_id, request_id, operation, request_hash, created_at)
                        VALUES ($1, $2, $3, $4, $9), ($5, $6, $7, $8, $9)
                        ON CONFLICT DO NOTHING
                        RETURNING operation""")
                .execute(Tuple.from(new Object[] {storeId, requestId, operation, requestHash, key.storeId(), key.key(),
                        key.operation(), contentHash, Instant.now(clock).atOffset(ZoneOffset.UTC)}))
                .flatMap(claimed -> {
                    Set<String> operations = new HashSet<>();
                    claimed.forEach(row -> operations.add(row.getString(0)));
                    boolean keyClaimed = operations.contains(key.operation());
                    if (!operations.contains(operation)) {
                        // a retry of the request: its answer (a key claimed beside it is dropped again)
                        Uni<T> replayed = replay(TransactionSql.of(tx), storeId, requestId, operation, requestHash,
                                responseParser);
                        return keyClaimed ? replayed.call(() -> forget(tx, key)) : replayed;
                    }
                    if (!keyClaimed) {
                        // the work was done under another request id: its answer, kept for this one too
                        return replayKey(tx, key, contentHash, responseParser).call(response ->
                                storeResponse(TransactionSql.of(tx), storeId, operation, requestId, response));
                    }
                    return work.apply(tx).call(response -> tx.preparedQuery("""
                                    UPDATE laurel_idempotency SET response = $7
                                    WHERE (store_id = $1 AND operation = $2 AND request_id = $3)
                                       OR (store_id = $4 AND operation = $5 AND request_id = $6)""")
                            .execute(Tuple.from(new Object[] {storeId, operation, requestId, key.storeId(),
                                    key.operation(), key.key(), response.toByteArray()})));
                }));
    }

    private Uni<Void> forget(SqlConnection tx, BusinessKey key) {
        return tx.preparedQuery("DELETE FROM laurel_idempotency WHERE store_id = $1 AND operation = $2 AND request_id = $3")
                .execute(Tuple.of(key.storeId(), key.operation(), key.key()))
                .replaceWithVoid();
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
                () -> new InvalidArgumentException("REQUEST_ID_REUSED", List.of(new FieldViolation("request_id",
                        "was already used for a different request; use a new request_id for a new change"))));
    }

    /** The answer kept for a business key; refused when the key was recorded with other content. */
    private <T extends Message> Uni<T> replayKey(SqlConnection tx, BusinessKey key, byte[] contentHash,
                                                 Parser<T> parser) {
        return stored(TransactionSql.of(tx), key.storeId(), key.operation(), key.key(), contentHash, parser,
                () -> new FailedPreconditionException(key.reusedReason(), key.scope() + " " + key.key()
                        + " was already recorded with other content", Map.of("key", key.key())));
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
