package io.laurel.platform.idempotency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.Int64Value;
import com.google.protobuf.StringValue;
import io.laurel.platform.PlatformDatabase;
import io.laurel.platform.error.FailedPreconditionException;
import io.laurel.platform.error.FieldViolation;
import io.laurel.platform.error.InvalidArgumentException;
import io.laurel.platform.time.MutableClock;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every mutating call is idempotent on its request_id (SPEC "Interfaces"; R-LEDGER-1 relies on it). */
class IdempotencyTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static PlatformDatabase db;
    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T12:00:00Z"));
    private final AtomicInteger runs = new AtomicInteger();
    private Idempotency idempotency;

    @BeforeAll
    static void database() {
        db = PlatformDatabase.get();
        db.pool.query("CREATE TABLE IF NOT EXISTS idempotency_effect (store_id text, note text)")
                .execute().await().atMost(WAIT);
    }

    private Idempotency idempotency() {
        if (idempotency == null) {
            idempotency = new Idempotency(db.pool, clock);
        }
        return idempotency;
    }

    /** The work: writes an effect row and answers with a fresh value, so replays are recognisable. */
    private Uni<StringValue> work(SqlConnection tx, String store, String note) {
        runs.incrementAndGet();
        return tx.preparedQuery("INSERT INTO idempotency_effect (store_id, note) VALUES ($1, $2)")
                .execute(Tuple.of(store, note))
                .replaceWith(StringValue.of(note + "#" + UUID.randomUUID()));
    }

    private Uni<StringValue> call(String store, String requestId, String note) {
        return idempotency().once(store, requestId, StringValue.of(note), StringValue.parser(),
                tx -> work(tx, store, note));
    }

    private long effects(String store) {
        return db.pool.preparedQuery("SELECT count(*) FROM idempotency_effect WHERE store_id = $1")
                .execute(Tuple.of(store)).await().atMost(WAIT).iterator().next().getLong(0);
    }

    @Test
    void sameKeyAndSameRequestReplaysTheFirstAnswerWithoutRunningTheWorkAgain() {
        String store = "store-" + UUID.randomUUID();
        StringValue first = call(store, "req-1", "grant 10").await().atMost(WAIT);
        StringValue second = call(store, "req-1", "grant 10").await().atMost(WAIT);

        assertThat(second).isEqualTo(first);
        assertThat(runs).hasValue(1);
        assertThat(effects(store)).isEqualTo(1);
    }

    @Test
    void sameKeyWithADifferentRequestIsInvalidArgumentOnRequestId() {
        String store = "store-" + UUID.randomUUID();
        call(store, "req-1", "grant 10").await().atMost(WAIT);

        assertThatThrownBy(() -> call(store, "req-1", "grant 99").await().atMost(WAIT))
                .isInstanceOfSatisfying(InvalidArgumentException.class, e -> {
                    assertThat(e.reason()).isEqualTo("REQUEST_ID_REUSED");
                    assertThat(e.violations()).extracting(FieldViolation::field).containsExactly("request_id");
                });
        assertThat(effects(store)).isEqualTo(1);
    }

    @Test
    void aFailedCallLeavesNothingBehindAndItsRetryRunsAfresh() {
        String store = "store-" + UUID.randomUUID();
        Uni<StringValue> failing = idempotency().once(store, "req-1", StringValue.of("grant 10"), StringValue.parser(),
                tx -> work(tx, store, "grant 10").chain(() -> Uni.createFrom().failure(new IllegalStateException("boom"))));

        assertThatThrownBy(() -> failing.await().atMost(WAIT)).hasMessageContaining("boom");
        assertThat(effects(store)).as("the effect rolled back with the key").isZero();

        call(store, "req-1", "grant 10").await().atMost(WAIT);
        assertThat(effects(store)).isEqualTo(1);
    }

    @Test
    void concurrentCallsWithOneKeyRunTheWorkOnceAndAllGetItsAnswer() {
        String store = "store-" + UUID.randomUUID();
        List<Uni<StringValue>> calls = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            calls.add(call(store, "req-1", "grant 10"));
        }
        List<StringValue> answers = Uni.join().all(calls).andFailFast().await().atMost(WAIT);

        assertThat(answers).hasSize(8).containsOnly(answers.getFirst());
        assertThat(runs).hasValue(1);
        assertThat(effects(store)).isEqualTo(1);
    }

    @Test
    void keysAreScopedPerStore() {
        String storeA = "store-" + UUID.randomUUID();
        String storeB = "store-" + UUID.randomUUID();
        call(storeA, "req-1", "grant 10").await().atMost(WAIT);
        call(storeB, "req-1", "grant 10").await().atMost(WAIT);

        assertThat(runs).hasValue(2);
        assertThat(effects(storeA)).isEqualTo(1);
        assertThat(effects(storeB)).isEqualTo(1);
    }

    @Test
    void keysAreScopedPerRpc() {
        String store = "store-" + UUID.randomUUID();
        call(store, "req-1", "grant 10").await().atMost(WAIT);
        // another RPC (another request message type) with the same key is a different call
        Int64Value other = idempotency().once(store, "req-1", Int64Value.of(10), Int64Value.parser(),
                tx -> work(tx, store, "other rpc").replaceWith(Int64Value.of(42))).await().atMost(WAIT);

        assertThat(other.getValue()).isEqualTo(42);
        assertThat(runs).hasValue(2);
    }

    @Test
    void aMissingOrOverlongRequestIdIsRefusedBeforeAnyWork() {
        assertThatThrownBy(() -> call("store-x", "", "grant 10").await().atMost(WAIT))
                .isInstanceOfSatisfying(InvalidArgumentException.class, e ->
                        assertThat(e.violations()).extracting(FieldViolation::field).containsExactly("request_id"));
        assertThatThrownBy(() -> call("store-x", "r".repeat(129), "grant 10").await().atMost(WAIT))
                .isInstanceOf(InvalidArgumentException.class);
        assertThat(runs).hasValue(0);
    }

    @Test
    void keysOlderThanTheRetentionAreForgotten() {
        String store = "store-" + UUID.randomUUID();
        call(store, "req-old", "grant 10").await().atMost(WAIT);
        clock.advance(Duration.ofDays(8));

        int purged = idempotency().purgeOlderThan(clock.instant().minus(Duration.ofDays(7))).await().atMost(WAIT);

        assertThat(purged).isGreaterThanOrEqualTo(1);
        call(store, "req-old", "grant 10").await().atMost(WAIT);
        assertThat(runs).as("a forgotten key runs afresh").hasValue(2);
    }

    private Uni<StringValue> activity(String store, String requestId, String activityId, String note) {
        BusinessKey key = new BusinessKey(store, "test.activity", activityId, "ACTIVITY_ALREADY_RECORDED");
        return idempotency().onceWithKey(store, requestId, StringValue.of(activityId + ":" + note), key,
                StringValue.of(note), StringValue.parser(), tx -> work(tx, store, note));
    }

    @Test
    void aBusinessKeyRunsItsWorkOnceWhateverTheRequestIdAndReplaysTheFirstAnswer() {
        String store = "store-" + UUID.randomUUID();
        StringValue first = activity(store, "req-1", "evt-1", "earned 10").await().atMost(WAIT);
        StringValue second = activity(store, "req-2", "evt-1", "earned 10").await().atMost(WAIT);

        assertThat(second).isEqualTo(first);
        assertThat(runs).hasValue(1);
        assertThat(effects(store)).isEqualTo(1);
    }

    @Test
    void aBusinessKeyWithOtherContentIsAFailedPreconditionWithTheKeysReason() {
        String store = "store-" + UUID.randomUUID();
        activity(store, "req-1", "evt-1", "earned 10").await().atMost(WAIT);

        assertThatThrownBy(() -> activity(store, "req-2", "evt-1", "earned 99").await().atMost(WAIT))
                .isInstanceOf(io.laurel.platform.error.FailedPreconditionException.class)
                .satisfies(e -> assertThat(((io.laurel.platform.error.LaurelException) e).reason())
                        .isEqualTo("ACTIVITY_ALREADY_RECORDED"));
        assertThat(effects(store)).isEqualTo(1);
        // the refused call rolled back with its request id: a new key under that request id runs
        activity(store, "req-2", "evt-2", "earned 99").await().atMost(WAIT);
        assertThat(effects(store)).isEqualTo(2);
    }

    @Test
    void aBusinessKeyDeliveredConcurrentlyUnderSeveralRequestIdsRunsItsWorkOnce() {
        String store = "store-" + UUID.randomUUID();
        List<Uni<StringValue>> calls = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            calls.add(activity(store, "req-" + i, "evt-1", "earned 10"));
        }
        List<StringValue> answers = Uni.join().all(calls).andFailFast().await().atMost(WAIT);

        assertThat(answers).hasSize(8).containsOnly(answers.getFirst());
        assertThat(runs).hasValue(1);
        assertThat(effects(store)).isEqualTo(1);
        // each request id keeps the answer: its retry replays it without running the work
        assertThat(activity(store, "req-5", "evt-1", "earned 10").await().atMost(WAIT)).isEqualTo(answers.getFirst());
        assertThat(runs).hasValue(1);
    }

    @Test
    void aRequestIdReusedForAnotherActivityIsRefusedAndLeavesThatActivitysKeyFree() {
        String store = "store-" + UUID.randomUUID();
        activity(store, "req-1", "evt-1", "earned 10").await().atMost(WAIT);

        assertThatThrownBy(() -> activity(store, "req-1", "evt-2", "earned 20").await().atMost(WAIT))
                .isInstanceOfSatisfying(InvalidArgumentException.class,
                        e -> assertThat(e.reason()).isEqualTo("REQUEST_ID_REUSED"));
        assertThat(effects(store)).isEqualTo(1);
        // evt-2 was never recorded: under a request id of its own it runs
        activity(store, "req-2", "evt-2", "earned 20").await().atMost(WAIT);
        assertThat(effects(store)).isEqualTo(2);
    }

    @Test
    void aRetryWhoseBusinessKeyWasAlreadyForgottenReplaysAndLeavesNoKeyWithoutAnAnswer() {
        String store = "store-" + UUID.randomUUID();
        StringValue first = activity(store, "req-1", "evt-1", "earned 10").await().atMost(WAIT);
        db.pool.preparedQuery("DELETE FROM laurel_idempotency WHERE store_id = $1 AND operation LIKE 'key:%'")
                .execute(Tuple.of(store)).await().atMost(WAIT); // forgotten apart from its request id

        assertThat(activity(store, "req-1", "evt-1", "earned 10").await().atMost(WAIT)).isEqualTo(first);
        assertThat(runs).hasValue(1);
        // the key claimed beside the replayed request id was dropped again: evt-1 is free, not stuck unanswered
        activity(store, "req-2", "evt-1", "earned 10").await().atMost(WAIT);
        assertThat(runs).hasValue(2);
    }

    private record Act(String requestId, String activityId, String note) {
    }

    /** A batch of activities in one transaction; the work records each activity still to do. */
    private Uni<List<StringValue>> batch(String store, Act... acts) {
        List<Idempotency.KeyedCall> calls = new ArrayList<>();
        for (int i = 0; i < acts.length; i++) {
            Act a = acts[i];
            calls.add(new Idempotency.KeyedCall("calls[" + i + "]", store, a.requestId(),
                    StringValue.of(a.activityId() + ":" + a.note()),
                    new BusinessKey(store, "test.activity", a.activityId(), "ACTIVITY_ALREADY_RECORDED"),
                    StringValue.of(a.note())));
        }
        return db.pool.withTransaction(tx -> idempotency().onceWithKeyAll(tx, calls, StringValue.parser(), todo -> {
            Uni<List<StringValue>> done = Uni.createFrom().item(new ArrayList<>());
            for (int i : todo) {
                done = done.flatMap(list -> work(tx, store, acts[i].note()).map(answer -> {
                    list.add(answer);
                    return list;
                }));
            }
            return done;
        }));
    }

    @Test
    void aBatchRunsOnlyItsNewCallsAndAnswersEveryCallAsIfItHadComeAlone() {
        String store = "store-" + UUID.randomUUID();
        StringValue earlier = activity(store, "req-1", "evt-1", "earned 10").await().atMost(WAIT);
        StringValue other = activity(store, "req-2", "evt-2", "earned 20").await().atMost(WAIT);

        List<StringValue> answers = batch(store, new Act("req-1", "evt-1", "earned 10"),
                new Act("req-3", "evt-3", "earned 30"), new Act("req-4", "evt-2", "earned 20")).await().atMost(WAIT);

        assertThat(answers.get(0)).as("a retry of a request id").isEqualTo(earlier);
        assertThat(answers.get(1).getValue()).startsWith("earned 30#");
        assertThat(answers.get(2)).as("a key done under another request id").isEqualTo(other);
        assertThat(runs).hasValue(3);
        assertThat(effects(store)).isEqualTo(3);
        // every request id kept its answer, alone or in a batch
        assertThat(activity(store, "req-3", "evt-3", "earned 30").await().atMost(WAIT)).isEqualTo(answers.get(1));
        assertThat(batch(store, new Act("req-4", "evt-2", "earned 20")).await().atMost(WAIT)).containsExactly(other);
        assertThat(runs).hasValue(3);
    }

    @Test
    void aBatchWithAKeyRecordedWithOtherContentIsRefusedWholeNamingTheCall() {
        String store = "store-" + UUID.randomUUID();
        activity(store, "req-1", "evt-1", "earned 10").await().atMost(WAIT);

        assertThatThrownBy(() -> batch(store, new Act("req-2", "evt-2", "earned 20"),
                new Act("req-3", "evt-1", "earned 99")).await().atMost(WAIT))
                .isInstanceOfSatisfying(FailedPreconditionException.class, e -> {
                    assertThat(e.reason()).isEqualTo("ACTIVITY_ALREADY_RECORDED");
                    assertThat(e.getMessage()).startsWith("calls[1]: ");
                    assertThat(e.metadata()).containsEntry("item", "calls[1]");
                });
        assertThat(effects(store)).as("nothing of the batch is kept").isEqualTo(1);
        batch(store, new Act("req-2", "evt-2", "earned 20")).await().atMost(WAIT);
        assertThat(effects(store)).isEqualTo(2);
    }

    @Test
    void aBatchWithARequestIdReusedForOtherContentIsInvalidArgumentOnThatCallsRequestId() {
        String store = "store-" + UUID.randomUUID();
        activity(store, "req-1", "evt-1", "earned 10").await().atMost(WAIT);

        assertThatThrownBy(() -> batch(store, new Act("req-2", "evt-2", "earned 20"),
                new Act("req-1", "evt-3", "earned 30")).await().atMost(WAIT))
                .isInstanceOfSatisfying(InvalidArgumentException.class, e -> {
                    assertThat(e.reason()).isEqualTo("REQUEST_ID_REUSED");
                    assertThat(e.violations()).extracting(FieldViolation::field).containsExactly("calls[1].request_id");
                });
        assertThat(effects(store)).isEqualTo(1);
    }

    @Test
    void aBatchRetryWhoseKeyWasForgottenReplaysAndDropsTheKeyItClaimedAgain() {
        String store = "store-" + UUID.randomUUID();
        StringValue first = activity(store, "req-1", "evt-1", "earned 10").await().atMost(WAIT);
        db.pool.preparedQuery("DELETE FROM laurel_idempotency WHERE store_id = $1 AND operation LIKE 'key:%'")
                .execute(Tuple.of(store)).await().atMost(WAIT);

        assertThat(batch(store, new Act("req-1", "evt-1", "earned 10")).await().atMost(WAIT)).containsExactly(first);
        assertThat(runs).hasValue(1);
        activity(store, "req-2", "evt-1", "earned 10").await().atMost(WAIT);
        assertThat(runs).as("the key was free again, not stuck without an answer").hasValue(2);
    }

    @Test
    void batchesClaimingTheSameKeysAtOnceRunEachKeysWorkOnceWithoutDeadlock() {
        String store = "store-" + UUID.randomUUID();
        List<Uni<List<StringValue>>> batches = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            List<Act> acts = new ArrayList<>();
            for (int k = 0; k < 5; k++) {
                acts.add(new Act("req-" + i + "-" + k, "evt-" + k, "earned " + k));
            }
            if (i % 2 == 1) {
                Collections.reverse(acts);
            }
            batches.add(batch(store, acts.toArray(Act[]::new)));
        }
        List<List<StringValue>> answers = Uni.join().all(batches).andFailFast().await().atMost(WAIT);

        assertThat(runs).hasValue(5);
        assertThat(effects(store)).isEqualTo(5);
        assertThat(answers.get(0)).containsExactlyInAnyOrderElementsOf(answers.get(1));
    }

    @Test
    void aBatchRepeatingAKeyIsAProgrammingError() {
        String store = "store-" + UUID.randomUUID();
        assertThatThrownBy(() -> batch(store, new Act("req-1", "evt-1", "a"), new Act("req-2", "evt-1", "a"))
                .await().atMost(WAIT)).isInstanceOf(IllegalArgumentException.class);
        assertThat(runs).hasValue(0);
    }
}
