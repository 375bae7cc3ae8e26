package io.laurel.reward.store;

import io.laurel.reward.domain.CustomerAccount;
import io.laurel.reward.domain.LedgerEntry;
import io.laurel.reward.domain.LotAllocation;
import io.laurel.reward.domain.PointsLot;
import io.laurel.reward.domain.PointsPosting;
import io.laurel.reward.domain.RewardCause;
import io.laurel.reward.domain.StoreCreditEntry;
import io.laurel.reward.mapping.RewardMapping;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A customer's account under its row lock, and the writes of one posting: points entries with
 * their allocations, created and changed lots, store-credit entries and the account row. Batched,
 * so a posting costs a fixed number of round trips whatever it holds.
 */
@ApplicationScoped
public class PostingStore {

    private static final String SAVE = """
            UPDATE points_account SET last_sequence = $3, balance = $4, debt_points = $5, credit_last_sequence = $6,
                credit_balance_minor = $7, credit_held_minor = $8, update_time = $9
            WHERE store_id = $1 AND customer_id = $2""";

    private static final String INSERT_ENTRY = """
            INSERT INTO ledger_entry (entry_id, store_id, customer_id, sequence, kind, points_delta, balance_after,
                effective_time, create_time, lot_id, expires_at, order_id, reason, actor_kind, actor_id,
                actor_display_name, reversal_id, redemption_id, cause_key, cause_kind, cause_program_id,
                cause_program_version, cause_milestone_target, cause_spell_start_time, cause_tier_id,
                cause_trigger_event_id, cause_order_id)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21,
                $22, $23, $24, $25, $26, $27)""";

    private static final String INSERT_LOT = """
            INSERT INTO points_lot (lot_id, store_id, customer_id, entry_id, source_kind, source_ref, earned_at,
                expires_at, original_points, remaining_points, held_points, create_time, expiry_entry_id)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)""";

    private static final String INSERT_ALLOCATION = """
            INSERT INTO ledger_allocation (entry_id, position, store_id, customer_id, lot_id, points, effective_time)
            VALUES ($1, $2, $3, $4, $5, $6, $7)""";

    private static final String UPDATE_LOT = """
            UPDATE points_lot SET remaining_points = $3, held_points = $4, expiry_entry_id = COALESCE($5, expiry_entry_id)
            WHERE store_id = $1 AND lot_id = $2""";

    private static final String INSERT_CREDIT = """
            INSERT INTO store_credit_entry (entry_id, store_id, customer_id, sequence, kind, amount_delta_minor,
                balance_after_minor, currency_code, effective_time, create_time, cause, redemption_id, order_id,
                reason, actor_kind, actor_id, actor_display_name)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)""";

    private final LedgerRepository ledger;

    public PostingStore(LedgerRepository ledger) {
        this.ledger = ledger;
    }

    /** Creates the customer's account if needed and locks it for the rest of the transaction. */
    public Uni<CustomerAccount> lock(SqlClient tx, String storeId, String customerId, Instant now) {
        return lockAll(tx, storeId, List.of(customerId), now).map(accounts -> accounts.get(customerId));
    }

    /**
     * Locks the account and opens a posting over its lots (booking due expiries): {@link #openAll} of one — the lock
     * and the lot read go out pipelined, one round trip.
     */
    public Uni<PointsPosting> open(SqlClient tx, String storeId, String customerId, Instant now,
                                   java.util.function.Supplier<String> ids) {
        return openAll(tx, storeId, List.of(customerId), now, ids).map(postings -> postings.get(customerId));
    }

    private static final String LOCK_ALL = """
            INSERT INTO points_account (store_id, customer_id, create_time, update_time)
            SELECT $1, c, $3, $3 FROM UNNEST($2::text[]) AS c ORDER BY c
            ON CONFLICT (store_id, customer_id) DO UPDATE SET update_time = points_account.update_time
            RETURNING customer_id, last_sequence, balance, debt_points, credit_last_sequence, credit_balance_minor,
                credit_held_minor""";

    /**
     * Creates and locks the accounts of {@code customerIds} (distinct) in one statement, in id order, so two
     * batches wait for each other rather than deadlock; a lock already held is taken again at no cost.
     */
    public Uni<Map<String, CustomerAccount>> lockAll(SqlClient tx, String storeId, List<String> customerIds,
                                                     Instant now) {
        return tx.preparedQuery(LOCK_ALL).execute(Tuple.of(storeId, customerIds.toArray(String[]::new), utc(now)))
                .map(rows -> {
                    Map<String, CustomerAccount> accounts = new HashMap<>();
                    rows.forEach(r -> accounts.put(r.getString(0), new CustomerAccount(r.getLong(1), r.getLong(2),
                            r.getLong(3), r.getLong(4), r.getLong(5), r.getLong(6))));
                    return accounts;
                });
    }

    /**
     * Locks the accounts of {@code customerIds} (distinct) and opens a posting over each one's lots (booking due
     * expiries). The lock and the lot read go out together, pipelined on the connection: Postgres runs them in order,
     * so the lots are read under the locks — two statements, one round trip, whatever the number of customers.
     */
    public Uni<Map<String, PointsPosting>> openAll(SqlClient tx, String storeId, List<String> customerIds, Instant now,
                                                   java.util.function.Supplier<String> ids) {
        return Uni.combine().all().unis(lockAll(tx, storeId, customerIds, now),
                        ledger.lotsWithRemainder(tx, storeId, customerIds))
                .asTuple()
                .map(both -> {
                    Map<String, PointsPosting> postings = new LinkedHashMap<>();
                    for (String customer : customerIds) {
                        postings.put(customer, PointsPosting.open(storeId, customer, both.getItem1().get(customer),
                                both.getItem2().getOrDefault(customer, List.of()), now, ids));
                    }
                    return postings;
                });
    }

    /** What {@link #writeAll} writes for one customer: a posting and the account it leaves (with its credit part). */
    public record Write(PointsPosting posting, CustomerAccount account) {
    }

    /** Writes the posting's entries, lots and allocations, and the account (with {@code account}'s credit part). */
    public Uni<Void> write(SqlClient tx, String storeId, PointsPosting posting, CustomerAccount account, Instant now) {
        return writeAll(tx, storeId, List.of(new Write(posting, account)), now);
    }

    /** {@link #write} for many customers of one store: one round trip, one pipelined batch per table. */
    public Uni<Void> writeAll(SqlClient tx, String storeId, List<Write> all, Instant now) {
        List<Tuple> entryRows = new ArrayList<>();
        List<Tuple> allocationRows = new ArrayList<>();
        List<Tuple> lotRows = new ArrayList<>();
        List<Tuple> lotUpdates = new ArrayList<>();
        List<Tuple> accountRows = new ArrayList<>();
        for (Write w : all) {
            PointsPosting posting = w.posting();
            List<LedgerEntry> entries = posting.entries();
            for (LedgerEntry e : entries) {
                entryRows.add(entryRow(e));
                for (int i = 0; i < e.allocations().size(); i++) {
                    LotAllocation a = e.allocations().get(i);
                    allocationRows.add(Tuple.from(new Object[] {UUID.fromString(e.entryId()), i, storeId, e.customerId(),
                            uuid(a.lotId()), a.points(), utc(e.effectiveTime())}));
                }
            }
            for (PointsPosting.NewLot n : posting.createdLotsNow()) {
                PointsLot lot = n.lot();
                lotRows.add(Tuple.from(new Object[] {UUID.fromString(lot.lotId()), storeId, lot.customerId(),
                        UUID.fromString(lot.entryId()), n.sourceKind(), n.sourceRef(), utc(lot.earnedAt()),
                        lot.expiresAt() == null ? null : utc(lot.expiresAt()), lot.originalPoints(),
                        lot.remainingPoints(), lot.heldPoints(), utc(now), expiryEntry(entries, lot)}));
            }
            for (PointsLot lot : posting.changedLots()) {
                lotUpdates.add(Tuple.from(new Object[] {storeId, UUID.fromString(lot.lotId()), lot.remainingPoints(),
                        lot.heldPoints(), expiryEntry(entries, lot)}));
            }
            CustomerAccount points = posting.account();
            CustomerAccount a = w.account().withPoints(points.lastSequence(), points.balance(), points.debt());
            accountRows.add(Tuple.from(new Object[] {storeId, posting.customerId(), a.lastSequence(), a.balance(),
                    a.debt(), a.creditLastSequence(), a.creditBalance(), a.creditHeld(), utc(now)}));
        }
        // every write goes out at once, pipelined in this order (Postgres runs them in it): one round trip
        List<Uni<?>> writes = new ArrayList<>();
        if (!entryRows.isEmpty()) {
            writes.add(tx.preparedQuery(INSERT_ENTRY).executeBatch(entryRows));
        }
        if (!lotRows.isEmpty()) {
            writes.add(tx.preparedQuery(INSERT_LOT).executeBatch(lotRows));
        }
        if (!allocationRows.isEmpty()) {
            writes.add(tx.preparedQuery(INSERT_ALLOCATION).executeBatch(allocationRows));
        }
        if (!lotUpdates.isEmpty()) {
            writes.add(tx.preparedQuery(UPDATE_LOT).executeBatch(lotUpdates));
        }
        if (!accountRows.isEmpty()) {
            writes.add(tx.preparedQuery(SAVE).executeBatch(accountRows));
        }
        if (writes.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Uni.combine().all().unis(writes).discardItems();
    }

    public Uni<Void> saveAccount(SqlClient tx, String storeId, String customerId, CustomerAccount a, Instant now) {
        return tx.preparedQuery(SAVE).execute(Tuple.from(new Object[] {storeId, customerId, a.lastSequence(),
                a.balance(), a.debt(), a.creditLastSequence(), a.creditBalance(), a.creditHeld(), utc(now)}))
                .replaceWithVoid();
    }

    public Uni<Void> appendCredit(SqlClient tx, StoreCreditEntry e) {
        return tx.preparedQuery(INSERT_CREDIT).execute(Tuple.from(new Object[] {UUID.fromString(e.entryId()),
                        e.storeId(), e.customerId(), e.sequence(), e.kind().name(), e.amountDelta(), e.balanceAfter(),
                        e.currencyCode(), utc(e.effectiveTime()), utc(e.createTime()), bytes(RewardMapping.causeBytes(e.cause())),
                        uuid(e.redemptionId()), e.orderId(), e.reason(), e.actor().kind().name(), e.actor().id(),
                        e.actor().displayName()}))
                .replaceWithVoid();
    }

    private static Tuple entryRow(LedgerEntry e) {
        RewardCause c = e.cause();
        return Tuple.from(new Object[] {UUID.fromString(e.entryId()), e.storeId(), e.customerId(), e.sequence(),
                e.kind().name(), e.pointsDelta(), e.balanceAfter(), utc(e.effectiveTime()), utc(e.createTime()),
                uuid(e.lotId()), e.expiresAt() == null ? null : utc(e.expiresAt()), e.orderId(), e.reason(),
                e.actor().kind().name(), e.actor().id(), e.actor().displayName(), e.reversalId(), e.redemptionId(),
                c == null ? null : c.key(e.customerId()), c == null ? null : c.kind().name(),
                c == null ? null : c.programId(), c == null ? null : c.programVersion(),
                c == null ? null : c.milestoneTarget(),
                c == null || c.spellStartTime() == null ? null : utc(c.spellStartTime()),
                c == null ? null : c.tierId(), c == null ? null : c.triggerEventId(), c == null ? null : c.orderId()});
    }

    /** The EXPIRED entry of this posting that consumed {@code lot}, if any. */
    private static UUID expiryEntry(List<LedgerEntry> entries, PointsLot lot) {
        UUID found = null;
        for (LedgerEntry e : entries) {
            if (e.kind() == LedgerEntry.Kind.EXPIRED && e.allocations().stream().anyMatch(a -> lot.lotId().equals(a.lotId()))) {
                found = UUID.fromString(e.entryId());
            }
        }
        return found;
    }

    static Buffer bytes(byte[] b) {
        return b == null ? null : Buffer.buffer(b);
    }

    static UUID uuid(String id) {
        return id == null ? null : UUID.fromString(id);
    }

    static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
