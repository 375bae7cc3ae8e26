package io.laurel.tier.app;

import io.laurel.platform.id.IdGenerator;
import io.laurel.platform.time.StoredTime;
import io.laurel.tier.domain.ActivityRules;
import io.laurel.tier.domain.CustomerTierState;
import io.laurel.tier.domain.PeriodEndRules;
import io.laurel.tier.domain.ProgramArchiveRules;
import io.laurel.tier.domain.QualifyingActivity;
import io.laurel.tier.domain.ThresholdChangeRules;
import io.laurel.tier.domain.TierChange;
import io.laurel.tier.domain.TierProgram;
import io.laurel.tier.domain.Transition;
import io.laurel.tier.store.CustomerTierRepository;
import io.laurel.tier.store.QualifyingActivityRepository;
import io.laurel.tier.store.TierConfigRepository;
import io.laurel.tier.store.TierSetup;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Re-evaluates a store's customers when a new version of its tier program arrives: under a newer
 * version of an active points or amount program (R-TIER-7, and a program just activated) each
 * customer with activity or a state is replayed; who now qualifies higher is upgraded
 * (THRESHOLD_CHANGE, entry rewards), nobody is downgraded mid-period. Members of tiers the version
 * removed move down (L-TIER-3, also for tag programs). An archived program's customers leave their
 * tiers (PROGRAM_ARCHIVED). A pass is a row in {@code tier_program_pass}; it advances {@link #BATCH}
 * customers per transaction and records how far it got in the same transaction, so a restart
 * resumes where it stopped and replicas take different passes (SKIP LOCKED).
 */
@ApplicationScoped
public class ProgramChangePass {

    static final int BATCH = 200;

    private final Pool pool;
    private final TierConfigRepository config;
    private final CustomerTierRepository customers;
    private final QualifyingActivityRepository activities;
    private final TierChangeRecorder recorder;
    private final ArchivedPrograms archived;
    private final IdGenerator ids;
    private final Clock clock;

    public ProgramChangePass(Pool pool, TierConfigRepository config, CustomerTierRepository customers,
                             QualifyingActivityRepository activities, TierChangeRecorder recorder,
                             ArchivedPrograms archived, IdGenerator ids, Clock clock) {
        this.pool = pool;
        this.config = config;
        this.customers = customers;
        this.activities = activities;
        this.recorder = recorder;
        this.archived = archived;
        this.ids = ids;
        this.clock = clock;
    }

    /**
     * Opens a pass for {@code program}'s version, in the transaction that stored it: every version of
     * an active points or amount program, a version of a tag program that removed tiers, an archive.
     */
    public Uni<Void> open(SqlClient tx, TierProgram program, boolean removedTiers) {
        boolean needed = switch (program.status()) {
            case ACTIVE -> program.isThresholdBased() || removedTiers;
            case ARCHIVED -> true;
            case DRAFT -> false;
        };
        if (!needed) {
            return Uni.createFrom().voidItem();
        }
        return tx.preparedQuery("""
                        INSERT INTO tier_program_pass (store_id, tier_program_id, version, create_time)
                        VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING""")
                .execute(Tuple.of(program.storeId(), program.tierProgramId(), program.version(),
                        StoredTime.now(clock).atOffset(ZoneOffset.UTC)))
                .replaceWithVoid();
    }

    /** Runs open passes to their end; returns how many customers it re-evaluated. */
    public Uni<Integer> runOnce() {
        return Multi.createBy().repeating().uni(() -> pool.withTransaction(this::step))
                .whilst(n -> n >= 0)
                .collect().asList()
                .map(counts -> counts.stream().mapToInt(n -> Math.max(n, 0)).sum());
    }

    /** One batch of the oldest open pass; -1 when there is none. */
    private Uni<Integer> step(SqlConnection tx) {
        return tx.preparedQuery("""
                        SELECT store_id, tier_program_id, version, after_customer_id FROM tier_program_pass
                        WHERE complete_time IS NULL ORDER BY create_time, store_id LIMIT 1 FOR UPDATE SKIP LOCKED""")
                .execute()
                .flatMap(rows -> {
                    if (rows.size() == 0) {
                        return Uni.createFrom().item(-1);
                    }
                    Row pass = rows.iterator().next();
                    return config.setup(tx, pass.getString("store_id")).flatMap(setup -> setup.hasProgram()
                            && setup.program().tierProgramId().equals(pass.getString("tier_program_id"))
                            ? advance(tx, pass, customersOf(tx, setup, pass), found -> evaluate(tx, setup, found))
                            : advanceArchived(tx, pass));
                });
    }

    /** One batch of a pass of a program that is not the store's active one: archived, or nothing to do. */
    private Uni<Integer> advanceArchived(SqlConnection tx, Row pass) {
        String store = pass.getString("store_id");
        String program = pass.getString("tier_program_id");
        return config.archiveTime(tx, store, program).flatMap(archivedAt -> archivedAt == null
                ? close(tx, pass, null).replaceWith(0) // neither active nor archived: it placed nobody
                : advance(tx, pass, customers.customersAfter(tx, store, program, after(pass), BATCH),
                        found -> archive(tx, store, program, archivedAt, found)));
    }

    /** Handles the next customers of the pass and moves its cursor past them, or completes it. */
    private Uni<Integer> advance(SqlConnection tx, Row pass, Uni<List<String>> next,
                                 Function<List<String>, Uni<Void>> handle) {
        return next.flatMap(found -> found.isEmpty()
                ? close(tx, pass, null).replaceWith(0)
                : handle.apply(found)
                        .chain(() -> close(tx, pass, found.size() < BATCH ? null : found.get(found.size() - 1)))
                        .replaceWith(found.size()));
    }

    private static String after(Row pass) {
        return pass.getString("after_customer_id");
    }

    /**
     * The next customers of the active program's pass, by id: those with a state under it (members of
     * removed tiers, manual assignments) and, for points and amount programs, those with activity.
     */
    private Uni<List<String>> customersOf(SqlConnection tx, TierSetup setup, Row pass) {
        String store = setup.program().storeId();
        Uni<List<String>> held = customers.customersAfter(tx, store, setup.program().tierProgramId(), after(pass),
                BATCH);
        if (!setup.program().isThresholdBased()) {
            return held;
        }
        return held.flatMap(withState -> activities.customersAfter(tx, store, after(pass), BATCH)
                .map(withActivity -> {
                    // the first BATCH of the union are among the first BATCH of each
                    TreeSet<String> both = new TreeSet<>(withState);
                    both.addAll(withActivity);
                    return both.stream().limit(BATCH).toList();
                }));
    }

    /** The customers' tiers under the program now, recorded together in four statements. */
    private Uni<Void> evaluate(SqlConnection tx, TierSetup setup, List<String> customerIds) {
        Instant now = StoredTime.now(clock);
        TierProgram program = setup.program();
        String store = program.storeId();
        return customers.lockAll(tx, store, customerIds)
                .flatMap(held -> activities.forCustomers(tx, store, customerIds).flatMap(all -> {
                    Map<String, CustomerTierState> byCustomer = new HashMap<>();
                    held.forEach(s -> byCustomer.put(s.customerId(), s));
                    List<ActivityRules.Applied> applied = new ArrayList<>(); // threshold-based programs
                    List<Transition> settled = new ArrayList<>(); // the others
                    Uni<Void> chain = Uni.createFrom().voidItem();
                    for (String customer : customerIds) {
                        List<QualifyingActivity> activity = all.getOrDefault(customer, List.of());
                        chain = chain.chain(() -> archived.under(tx, byCustomer.get(customer), store, customer,
                                program, now).invoke(left -> {
                                    if (program.isThresholdBased()) {
                                        ActivityRules.Applied a = ThresholdChangeRules.apply(left.state(), program,
                                                setup.zone(), activity, now, ids::newId);
                                        applied.add(new ActivityRules.Applied(a.transition().after(left.changes()),
                                                a.tiersReached()));
                                    } else {
                                        Transition t = PeriodEndRules.settle(left.state(), program, setup.zone(), now,
                                                ids::newId).after(left.changes());
                                        if (t.changed()) {
                                            settled.add(t);
                                        }
                                    }
                                }).replaceWithVoid());
                    }
                    return chain.chain(() -> program.isThresholdBased()
                            ? recorder.recordAllWithEntries(tx, setup, applied, now).replaceWithVoid()
                            : recorder.recordAll(tx, settled.stream().map(Transition::state).toList(),
                                    settled.stream().flatMap(t -> t.changes().stream()).toList(), program, now));
                }));
    }

    /** Every tier of the archived program's customers ends, in three statements (states, history, messages). */
    private Uni<Void> archive(SqlConnection tx, String store, String program, Instant archivedAt,
                             List<String> customerIds) {
        Instant now = StoredTime.now(clock);
        return customers.lockAll(tx, store, customerIds).flatMap(held -> {
            List<CustomerTierState> states = new ArrayList<>();
            List<TierChange> changes = new ArrayList<>();
            for (CustomerTierState s : held) {
                if (s.tierProgramId().equals(program)) { // else a write under the next program got there first
                    Transition t = ProgramArchiveRules.archive(s, archivedAt, now, ids::newId);
                    states.add(t.state());
                    changes.addAll(t.changes());
                }
            }
            return recorder.recordAll(tx, states, changes, null, now);
        });
    }

    /** Moves the pass's cursor to {@code after}, or completes it when null. */
    private Uni<Void> close(SqlConnection tx, Row pass, String after) {
        return tx.preparedQuery("""
                        UPDATE tier_program_pass SET after_customer_id = COALESCE($4, after_customer_id),
                            complete_time = CASE WHEN $4::text IS NULL THEN $5::timestamptz END
                        WHERE store_id = $1 AND tier_program_id = $2 AND version = $3""")
                .execute(Tuple.of(pass.getString("store_id"), pass.getString("tier_program_id"),
                        pass.getLong("version"), after, StoredTime.now(clock).atOffset(ZoneOffset.UTC)))
                .replaceWithVoid();
    }
}
