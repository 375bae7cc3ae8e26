package io.laurel.platform.outbox;

import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Transaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * Tells the relays that a transaction which enqueued messages has committed: this replica's relay at once, in
 * process, and every other replica's through a Postgres {@code NOTIFY} on {@link Outbox#CHANNEL} sent after the
 * commit, in a transaction of its own.
 *
 * <p>Why not {@code NOTIFY} inside the business transaction, where it would be delivered at commit for free:
 * Postgres serialises the commits of all transactions that notified, cluster-wide, and holds that lock through the
 * commit's WAL flush — with {@code synchronous_commit=on} every such commit waits for the previous one's flush, and
 * the whole suite's write rate falls to one commit per disk flush (≈ 100/s on the CI disk, measured by
 * {@code ./laurel bench}). Sent afterwards, the notification commits asynchronously
 * ({@code synchronous_commit} off for that transaction alone: a lost wake-up costs at most one poll interval), and
 * at most one is in flight per replica, however many commits ask for it meanwhile.
 */
@ApplicationScoped
public class OutboxSignal {

    private static final Logger LOG = Logger.getLogger(OutboxSignal.class);

    private static final String NOTIFY = "SELECT set_config('synchronous_commit', 'off', true), pg_notify('"
            + Outbox.CHANNEL + "', '')";

    private static final int IDLE = 0;
    private static final int SENDING = 1;
    private static final int SENDING_AGAIN = 2;

    private final Pool pool;
    private final List<Runnable> localRelays = new CopyOnWriteArrayList<>();
    private final AtomicInteger notifying = new AtomicInteger(IDLE);

    public OutboxSignal(Pool pool) {
        this.pool = pool;
    }

    /** Runs {@code wake} after every commit of a transaction of this replica that enqueued messages. */
    public void onCommit(Runnable wake) {
        localRelays.add(wake);
    }

    /** Signals once the transaction of {@code tx} commits (at once when it runs without one); nothing on rollback. */
    void afterCommit(SqlConnection tx) {
        Transaction transaction = tx.transaction();
        if (transaction == null) {
            committed();
            return;
        }
        transaction.completion().subscribe().with(ignored -> committed(), rolledBack -> { });
    }

    /** Messages were committed: wake this replica's relay and notify the others. */
    private void committed() {
        localRelays.forEach(Runnable::run);
        if (notifying.getAndUpdate(state -> state == IDLE ? SENDING : SENDING_AGAIN) == IDLE) {
            sendNotify();
        }
    }

    private void sendNotify() {
        pool.query(NOTIFY).execute().subscribe().with(ignored -> afterNotify(), failure -> {
            LOG.debugf("outbox NOTIFY failed (the other replicas' poll picks the messages up): %s", failure);
            afterNotify();
        });
    }

    private void afterNotify() {
        // one more NOTIFY when commits asked for it while this one was on its way; it covers all of them
        if (notifying.getAndUpdate(state -> state == SENDING_AGAIN ? SENDING : IDLE) == SENDING_AGAIN) {
            sendNotify();
        }
    }
}
