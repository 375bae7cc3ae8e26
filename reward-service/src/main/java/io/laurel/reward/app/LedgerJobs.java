package io.laurel.reward.app;

import io.laurel.platform.id.IdGenerator;
import io.laurel.platform.time.StoredTime;
import io.laurel.reward.store.PostingStore;
import io.laurel.reward.store.RedemptionStore;
import io.laurel.reward.store.RewardStore;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The ledger's background work, run on every replica: books EXPIRED entries for lapsed lots of idle
 * customers (R-LEDGER-2: balances were right before, this makes history show it), times out
 * reservations past their deadline (R-LEDGER-4) and marks lapsed vouchers EXPIRED. Each customer
 * is processed in its own transaction under its account lock, skipping accounts another replica
 * holds; each batch re-reads what is still due, so replicas never book anything twice, and after
 * downtime the job catches up batch by batch.
 */
@ApplicationScoped
public class LedgerJobs {

    private static final Logger LOG = Logger.getLogger(LedgerJobs.class);

    /** What one run did. */
    public record Run(int customersExpired, int reservationsTimedOut, int vouchersExpired) {
    }

    private final Pool pool;
    private final PostingStore postings;
    private final RedemptionStore redemptions;
    private final RewardStore rewards;
    private final Redemptions redemptionFlow;
    private final IdGenerator ids;
    private final Clock clock;
    private final Vertx vertx;
    private final Duration every;
    private final int batchSize;
    private long timer = -1;

    public LedgerJobs(Pool pool, PostingStore postings, RedemptionStore redemptions, RewardStore rewards,
                      Redemptions redemptionFlow, IdGenerator ids, Clock clock, Vertx vertx,
                      @ConfigProperty(name = "laurel.reward.jobs.every", defaultValue = "30s") Duration every,
                      @ConfigProperty(name = "laurel.reward.jobs.batch-size", defaultValue = "200") int batchSize) {
        this.pool = pool;
        this.postings = postings;
        this.redemptions = redemptions;
        this.rewards = rewards;
        this.redemptionFlow = redemptionFlow;
        this.ids = ids;
        this.clock = clock;
        this.vertx = vertx;
        this.every = every;
        this.batchSize = batchSize;
    }

    void start(@Observes StartupEvent ignored) {
        if (every.isZero()) {
            return; // tests drive runOnce() with the clock
        }
        timer = vertx.setPeriodic(every.toMillis(), id -> runOnce().subscribe().with(
                run -> LOG.debugf("ledger jobs: %s", run),
                failure -> LOG.warnf("ledger jobs failed, the next run retries: %s", failure)));
    }

    void stop(@Observes ShutdownEvent ignored) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    /** One full pass: every due batch until nothing is left. */
    public Uni<Run> runOnce() {
        return expireAll(0).flatMap(expired -> timeOutAll(0)
                .flatMap(timedOut -> expireVouchers(0).map(vouchers -> new Run(expired, timedOut, vouchers))));
    }

    private Uni<Integer> expireAll(int done) {
        Instant now = StoredTime.now(clock);
        return dueCustomers(now).flatMap(due -> {
            if (due.isEmpty()) {
                return Uni.createFrom().item(done);
            }
            return Multi.createFrom().iterable(due).onItem().transformToUniAndConcatenate(this::bookExpiries)
                    .collect().asList()
                    .flatMap(booked -> {
                        int count = (int) booked.stream().filter(b -> b).count();
                        // a batch that booked nothing was all taken by another replica: stop rather than spin
                        return due.size() < batchSize || count == 0 ? Uni.createFrom().item(done + count)
                                : expireAll(done + count);
                    });
        });
    }

    private Uni<List<String[]>> dueCustomers(Instant now) {
        return pool.preparedQuery("""
                        SELECT DISTINCT store_id, customer_id FROM points_lot
                        WHERE expires_at <= $1 AND remaining_points > held_points LIMIT $2""")
                .execute(Tuple.of(now.atOffset(ZoneOffset.UTC), batchSize))
                .map(rows -> {
                    List<String[]> found = new ArrayList<>();
                    for (Row r : rows) {
                        found.add(new String[] {r.getString(0), r.getString(1)});
                    }
                    return found;
                });
    }

    /** Books one customer's due expiries under the account lock; false when another replica holds it. */
    private Uni<Boolean> bookExpiries(String[] customer) {
        Instant now = StoredTime.now(clock);
        String store = customer[0];
        String id = customer[1];
        return pool.withTransaction(tx -> tx.preparedQuery("""
                        SELECT 1 FROM points_account WHERE store_id = $1 AND customer_id = $2 FOR UPDATE SKIP LOCKED""")
                .execute(Tuple.of(store, id))
                .flatMap(locked -> {
                    if (locked.size() == 0) {
                        return Uni.createFrom().item(false);
                    }
                    return postings.open(tx, store, id, now, ids::newId).flatMap(posting -> posting.entries().isEmpty()
                            ? Uni.createFrom().item(false)
                            : postings.write(tx, store, posting, posting.account(), now).replaceWith(true));
                }));
    }

    private Uni<Integer> timeOutAll(int done) {
        return redemptions.due(pool, StoredTime.now(clock), batchSize).flatMap(due -> {
            if (due.isEmpty()) {
                return Uni.createFrom().item(done);
            }
            return Multi.createFrom().iterable(due).onItem().transformToUniAndConcatenate(redemptionFlow::timeOut)
                    .collect().asList()
                    .flatMap(ended -> {
                        int count = (int) ended.stream().filter(b -> b).count();
                        return due.size() < batchSize || count == 0 ? Uni.createFrom().item(done + count)
                                : timeOutAll(done + count);
                    });
        });
    }

    private Uni<Integer> expireVouchers(int done) {
        return rewards.expireVouchers(pool, StoredTime.now(clock), batchSize).flatMap(count ->
                count < batchSize ? Uni.createFrom().item(done + count) : expireVouchers(done + count));
    }
}
