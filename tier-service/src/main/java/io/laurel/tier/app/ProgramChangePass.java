package io.laurel.tier.app;

import io.laurel.platform.id.IdGenerator;
import io.laurel.platform.time.StoredTime;
import io.laurel.tier.domain.CustomerTierState;
import io.laurel.tier.domain.QualifyingActivity;
import io.laurel.tier.domain.ThresholdChangeRules;
import io.laurel.tier.domain.TierProgram;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Re-evaluates a store's customers when a new version of its active points or amount program
 * arrives (R-TIER-7, and a program just activated): each customer with activity is replayed under
 * the new version; who now qualifies higher is upgraded (THRESHOLD_CHANGE, entry rewards), nobody
 * is downgraded mid-period. A pass is a row in {@code tier_program_pass}; it advances
 * {@link #BATCH} customers per transaction and records how far it got in the same transaction, so
 * a restart resumes where it stopped and replicas take different passes (SKIP LOCKED).
 */
@ApplicationScoped
public class ProgramChangePass {

    static final int BATCH = 200;

    private final Pool pool;
    private final TierConfigRepository config;
    private final CustomerTierRepository customers;
    private final QualifyingActivityRepository activities;
    private final TierChangeRecorder recorder;
    private final IdGenerator ids;
    private final Clock clock;

    public ProgramChangePass(Pool pool, TierConfigRepository config, CustomerTierRepository customers,
                             QualifyingActivityRepository activities, TierChangeRecorder recorder, IdGenerator ids,
                             Clock clock) {
        this.pool = pool;
        this.config = config;
        this.customers = customers;
        this.activities = activities;
        this.recorder = recorder;
        this.ids = ids;
        this.clock = clock;
    }

    /** Opens a pass for {@code program}'s version, in the transaction that stored it. */
    public Uni<Void> open(SqlClient tx, TierProgram program) {
        if (program.status() != TierProgram.Status.ACTIVE || !program.isThresholdBased()) {
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
                    return config.setup(tx, pass.getString("store_id")).flatMap(setup -> advance(tx, setup, pass));
                });
    }

    private Uni<Integer> advance(SqlConnection tx, TierSetup setup, Row pass) {
        String store = pass.getString("store_id");
        boolean current = setup.hasProgram() && setup.program().isThresholdBased()
                && setup.program().tierProgramId().equals(pass.getString("tier_program_id"));
        Uni<List<String>> batch = current
                ? activities.customersAfter(tx, store, pass.getString("after_customer_id"), BATCH)
                : Uni.createFrom().item(List.of()); // the program changed again or left: a newer pass covers it
        return batch.flatMap(found -> found.isEmpty()
                ? close(tx, pass, null).replaceWith(0)
                : evaluate(tx, setup, store, found)
                        .chain(() -> close(tx, pass, found.size() < BATCH ? null : found.get(found.size() - 1)))
                        .replaceWith(found.size()));
    }

    private Uni<Void> evaluate(SqlConnection tx, TierSetup setup, String store, List<String> customerIds) {
        Instant now = StoredTime.now(clock);
        return customers.lockAll(tx, store, customerIds)
                .flatMap(held -> activities.forCustomers(tx, store, customerIds).flatMap(all -> {
                    Map<String, CustomerTierState> byCustomer = new HashMap<>();
                    held.forEach(s -> byCustomer.put(s.customerId(), s));
                    Uni<Void> chain = Uni.createFrom().voidItem();
                    for (String customer : customerIds) {
                        CustomerTierState state = CustomerTierState.under(byCustomer.get(customer), store, customer,
                                setup.program(), now);
                        List<QualifyingActivity> activity = all.getOrDefault(customer, List.of());
                        chain = chain.chain(() -> recorder.recordWithEntries(tx, setup, ThresholdChangeRules.apply(
                                state, setup.program(), setup.zone(), activity, now, ids::newId), now).replaceWithVoid());
                    }
                    return chain;
                }));
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
