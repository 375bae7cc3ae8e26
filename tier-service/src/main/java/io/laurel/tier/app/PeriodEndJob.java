package io.laurel.tier.app;

import io.laurel.platform.id.IdGenerator;
import io.laurel.platform.time.StoredTime;
import io.laurel.tier.domain.CustomerTierState;
import io.laurel.tier.domain.PeriodEndRules;
import io.laurel.tier.domain.TierChange;
import io.laurel.tier.domain.Transition;
import io.laurel.tier.store.CustomerTierRepository;
import io.laurel.tier.store.TierConfigRepository;
import io.laurel.tier.store.TierSetup;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Books what time alone changes, without anyone asking (R-TIER-3/4, L-TIER-4): window period ends
 * (downgrade to what the value supports, or renewal) and manual assignments reaching their end.
 * Works in batches, {@link #WORKERS} at once: two statements (period ends, assignment ends) lock up to
 * {@link #BATCH} due customers each with SKIP LOCKED (so batches and replicas share the work and never
 * wait on each other or on a customer being written), the rules run in memory, and three statements
 * write states, history and messages. Everything due by the clock's now is booked, however long the
 * service was down, each change at its own instant.
 */
@ApplicationScoped
public class PeriodEndJob {

    static final int BATCH = 1000;

    /**
     * Batches in flight at once on one replica: while one batch's statements run in Postgres the next one's rules
     * run here, and Postgres gets a second backend. They never wait on each other (SKIP LOCKED).
     */
    static final int WORKERS = 2;

    private final Pool pool;
    private final TierConfigRepository config;
    private final CustomerTierRepository customers;
    private final TierChangeRecorder recorder;
    private final IdGenerator ids;
    private final Clock clock;

    public PeriodEndJob(Pool pool, TierConfigRepository config, CustomerTierRepository customers,
                        TierChangeRecorder recorder, IdGenerator ids, Clock clock) {
        this.pool = pool;
        this.config = config;
        this.customers = customers;
        this.recorder = recorder;
        this.ids = ids;
        this.clock = clock;
    }

    /** Books everything due by now; returns how many customers it settled. */
    public Uni<Integer> runOnce() {
        Instant now = StoredTime.now(clock);
        List<Uni<Integer>> workers = new ArrayList<>();
        for (int i = 0; i < WORKERS; i++) {
            workers.add(worker(now));
        }
        return Uni.join().all(workers).andFailFast()
                .map(counts -> counts.stream().mapToInt(Integer::intValue).sum());
    }

    /** Batch after batch until one finds fewer than {@link #BATCH} due customers left unlocked. */
    private Uni<Integer> worker(Instant now) {
        return Multi.createBy().repeating().uni(() -> pool.withTransaction(tx -> batch(tx, now)))
                .whilst(settled -> settled == BATCH)
                .collect().asList()
                .map(counts -> counts.stream().mapToInt(Integer::intValue).sum());
    }

    private Uni<Integer> batch(SqlConnection tx, Instant now) {
        return customers.lockDuePeriods(tx, now, BATCH).flatMap(periods -> customers
                .lockDueManualEnds(tx, now, BATCH).flatMap(manual -> settleAll(tx, periods, manual, now)));
    }

    /** Settles the locked customers store by store; returns how many the fuller of the two lookups found. */
    private Uni<Integer> settleAll(SqlConnection tx, List<CustomerTierState> periods, List<CustomerTierState> manual,
                                   Instant now) {
        Map<String, CustomerTierState> due = new LinkedHashMap<>();
        for (CustomerTierState s : periods) {
            due.put(s.storeId() + '\u001f' + s.customerId(), s);
        }
        for (CustomerTierState s : manual) {
            due.putIfAbsent(s.storeId() + '\u001f' + s.customerId(), s); // locked by both lookups: settled once
        }
        int found = Math.max(periods.size(), manual.size());
        Map<String, List<CustomerTierState>> byStore = new LinkedHashMap<>();
        due.values().forEach(s -> byStore.computeIfAbsent(s.storeId(), k -> new ArrayList<>()).add(s));
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (Map.Entry<String, List<CustomerTierState>> store : byStore.entrySet()) {
            chain = chain.chain(() -> config.setup(tx, store.getKey())
                    .flatMap(setup -> settle(tx, setup, store.getValue(), now)));
        }
        return chain.replaceWith(found);
    }

    private Uni<Void> settle(SqlConnection tx, TierSetup setup, List<CustomerTierState> due, Instant now) {
        List<CustomerTierState> states = new ArrayList<>(due.size());
        List<TierChange> changes = new ArrayList<>();
        for (CustomerTierState s : due) {
            Transition t = PeriodEndRules.settle(s, setup.program(), setup.zone(), now, ids::newId);
            states.add(t.state());
            changes.addAll(t.changes());
        }
        return recorder.recordAll(tx, states, changes, setup.program(), now);
    }
}
