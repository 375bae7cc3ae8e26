package io.laurel.progress.store;

import io.laurel.progress.domain.CustomerEvent;
import io.laurel.progress.domain.CustomerState;
import io.laurel.progress.domain.OrderState;
import io.laurel.progress.domain.ProgramProgress;
import io.laurel.progress.mapping.CustomerEventMapping;
import io.laurel.progress.mapping.ProgressCodec;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Customers' progress in Postgres, the truth (R-PROG-TRACK-7): per-customer rows locked for the
 * whole batch, and loads and writes batched so a batch costs a fixed number of round trips
 * whatever its size.
 */
@ApplicationScoped
public class ProgressStore {

    // the upsert is the lock: concurrent batches for one customer queue here (customers in id order)
    private static final String LOCK_CUSTOMERS = """
            INSERT INTO customer_state (store_id, customer_id, revision)
            SELECT $1, c, 1 FROM UNNEST($2::text[]) AS c ORDER BY c
            ON CONFLICT (store_id, customer_id) DO UPDATE SET revision = customer_state.revision + 1
            RETURNING customer_id, revision, last_activity_at""";
    private static final String LOAD_PROGRESS = """
            SELECT customer_id, program_id, value, spell_start, reached, last_event_at FROM program_progress
            WHERE store_id = $1 AND customer_id = ANY($2::text[])""";
    private static final String LOAD_ATTRIBUTES = """
            SELECT customer_id, kind, occurred_at, event_id, tags, tier_id FROM customer_attribute
            WHERE store_id = $1 AND customer_id = ANY($2::text[])""";
    private static final String LOAD_ORDERS = """
            SELECT order_id, customer_id, amount_minor, occurred_at, refunded_minor, count_removed, cancelled,
                   counted_programs
            FROM customer_order WHERE store_id = $1 AND order_id = ANY($2::text[])""";
    // refunds and cancellations stored while their order was unknown (not the ones of this batch)
    private static final String LOAD_HELD = """
            SELECT payload FROM customer_event
            WHERE store_id = $1 AND order_id = ANY($2::text[]) AND kind IN ('ORDER_REFUNDED', 'ORDER_CANCELLED')
              AND NOT (event_id = ANY($3::text[]))""";
    private static final String WRITE_PROGRESS = """
            INSERT INTO program_progress (store_id, program_id, customer_id, value, spell_start, reached, reached_count,
                                          last_reached_target, last_reached_at, last_event_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
            ON CONFLICT (store_id, customer_id, program_id) DO UPDATE SET value = EXCLUDED.value,
                spell_start = EXCLUDED.spell_start, reached = EXCLUDED.reached, reached_count = EXCLUDED.reached_count,
                last_reached_target = EXCLUDED.last_reached_target, last_reached_at = EXCLUDED.last_reached_at,
                last_event_at = EXCLUDED.last_event_at""";
    private static final String WRITE_ORDER = """
            INSERT INTO customer_order (store_id, order_id, customer_id, amount_minor, occurred_at, refunded_minor,
                                        count_removed, cancelled, counted_programs)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
            ON CONFLICT (store_id, order_id) DO UPDATE SET refunded_minor = EXCLUDED.refunded_minor,
                count_removed = EXCLUDED.count_removed, cancelled = EXCLUDED.cancelled,
                counted_programs = EXCLUDED.counted_programs""";
    private static final String WRITE_ATTRIBUTE = """
            INSERT INTO customer_attribute (store_id, customer_id, kind, occurred_at, event_id, tags, tier_id)
            VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING""";
    private static final String WRITE_ACTIVITY = """
            UPDATE customer_state SET last_activity_at = $3
            WHERE store_id = $1 AND customer_id = $2""";

    /**
     * Locks the customers' rows for the transaction (creating them), bumps their revision and
     * answers their state without progress (see {@link #loadInto}).
     */
    public Uni<Map<String, CustomerState>> lock(SqlClient tx, String storeId, List<String> customersSorted) {
        return tx.preparedQuery(LOCK_CUSTOMERS)
                .execute(Tuple.of(storeId, customersSorted.toArray(String[]::new)))
                .map(rows -> {
                    Map<String, CustomerState> states = new LinkedHashMap<>();
                    for (Row r : rows) {
                        states.put(r.getString("customer_id"), new CustomerState(r.getString("customer_id"),
                                r.getLong("revision"), instant(r.getOffsetDateTime("last_activity_at"))));
                    }
                    return states;
                });
    }

    /** Loads the customers' progress in every program and their tags and tier timelines. */
    public Uni<Void> loadInto(SqlClient tx, String storeId, Map<String, CustomerState> states) {
        String[] customers = states.keySet().toArray(String[]::new);
        Uni<Void> progress = tx.preparedQuery(LOAD_PROGRESS).execute(Tuple.of(storeId, customers))
                .invoke(rows -> rows.forEach(r -> states.get(r.getString("customer_id")).load(progress(r))))
                .replaceWithVoid();
        Uni<Void> attributes = tx.preparedQuery(LOAD_ATTRIBUTES).execute(Tuple.of(storeId, customers))
                .invoke(rows -> rows.forEach(r -> states.get(r.getString("customer_id")).load(
                        new CustomerState.AttributeChange(instant(r.getOffsetDateTime("occurred_at")),
                                r.getString("event_id"),
                                r.getString("kind").equals("TAGS") ? new HashSet<>(Arrays.asList(r.getArrayOfStrings("tags"))) : null,
                                r.getString("tier_id")))))
                .replaceWithVoid();
        // one connection pipelines both statements: one round trip
        return Uni.combine().all().unis(progress, attributes).discardItems();
    }

    /** Loads the orders named by {@code orderIds} into their customer's state (if that customer is being applied). */
    public Uni<Void> loadOrders(SqlClient tx, String storeId, Set<String> orderIds, Map<String, CustomerState> states) {
        if (orderIds.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return tx.preparedQuery(LOAD_ORDERS).execute(Tuple.of(storeId, orderIds.toArray(String[]::new)))
                .invoke(rows -> rows.forEach(r -> {
                    CustomerState state = states.get(r.getString("customer_id"));
                    if (state != null) {
                        state.load(order(r));
                    }
                }))
                .replaceWithVoid();
    }

    /** The orders named, whoever their customer (to refuse a refund naming another customer's order). */
    public Uni<Map<String, String>> orderCustomers(SqlClient client, String storeId, Set<String> orderIds) {
        if (orderIds.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return client.preparedQuery("SELECT order_id, customer_id FROM customer_order WHERE store_id = $1 AND order_id = ANY($2::text[])")
                .execute(Tuple.of(storeId, orderIds.toArray(String[]::new)))
                .map(rows -> {
                    Map<String, String> owners = new java.util.HashMap<>();
                    rows.forEach(r -> owners.put(r.getString(0), r.getString(1)));
                    return owners;
                });
    }

    /** Refunds and cancellations of {@code completedOrderIds} stored earlier, held until their order arrived. */
    public Uni<List<CustomerEvent>> heldEvents(SqlClient tx, String storeId, Set<String> completedOrderIds,
                                               Set<String> batchEventIds) {
        if (completedOrderIds.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return tx.preparedQuery(LOAD_HELD).execute(Tuple.of(storeId, completedOrderIds.toArray(String[]::new),
                        batchEventIds.toArray(String[]::new)))
                .map(rows -> {
                    List<CustomerEvent> events = new ArrayList<>();
                    for (Row r : rows) {
                        try {
                            events.add(CustomerEventMapping.toDomain(io.laurel.proto.progress.v1.CustomerEvent
                                    .parseFrom(r.getBuffer("payload").getBytes())));
                        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
                            throw new IllegalStateException("unreadable stored event", e);
                        }
                    }
                    return events;
                });
    }

    /** Writes back what the engine changed, one batched statement per table. */
    public Uni<Void> write(SqlClient tx, String storeId, Iterable<CustomerState> states) {
        List<Tuple> progress = new ArrayList<>();
        List<Tuple> orders = new ArrayList<>();
        List<Tuple> attributes = new ArrayList<>();
        List<Tuple> activity = new ArrayList<>();
        for (CustomerState s : states) {
            for (ProgramProgress p : s.programs().values()) {
                if (p.changed()) {
                    progress.add(Tuple.from(new Object[] {storeId, p.programId(), s.customerId(), p.value(),
                            offset(p.spellStart()), ProgressCodec.reached(p.reached()), p.reached().size(),
                            p.lastReachedTarget(), offset(p.lastReachedTime()), offset(p.lastEventAt())}));
                }
            }
            for (OrderState o : s.orders().values()) {
                if (o.changed()) {
                    orders.add(Tuple.from(new Object[] {storeId, o.orderId(), o.customerId(), o.amountMinor(),
                            offset(o.occurredAt()), o.refundedMinor(), o.countRemoved(), o.cancelled(),
                            o.countedPrograms().toArray(String[]::new)}));
                }
            }
            for (CustomerState.AttributeChange a : s.newAttributes()) {
                attributes.add(Tuple.from(new Object[] {storeId, s.customerId(), a.isTags() ? "TAGS" : "TIER",
                        offset(a.at()), a.eventId(), a.isTags() ? a.tags().toArray(String[]::new) : null,
                        a.isTags() ? null : a.tierId()}));
            }
            if (s.lastActivityChanged()) {
                activity.add(Tuple.of(storeId, s.customerId(), offset(s.lastActivity())));
            }
        }
        // independent tables: the connection pipelines the four batches
        return Uni.combine().all().unis(batch(tx, WRITE_PROGRESS, progress), batch(tx, WRITE_ORDER, orders),
                batch(tx, WRITE_ATTRIBUTE, attributes), batch(tx, WRITE_ACTIVITY, activity)).discardItems();
    }

    // ---- inactivity scan

    /**
     * Claims up to {@code limit} customers of the store whose spell may have reached an inactivity
     * target ({@code lastActivityBefore}) and who were not scanned since {@code checkedBefore} nor
     * since {@code largestDays} after their last activity (their spell has nothing left to reach); rows
     * another replica holds are skipped, so concurrent scans share the work and never both take a
     * customer. Their revision is bumped and the scan time set.
     */
    public Uni<Map<String, CustomerState>> claimInactive(SqlClient tx, String storeId, Instant lastActivityBefore,
                                                         Instant checkedBefore, int largestDays, Instant now,
                                                         int limit) {
        return tx.preparedQuery("""
                        WITH due AS (
                            SELECT customer_id FROM customer_state
                            WHERE store_id = $1 AND last_activity_at < $2
                              AND (inactivity_checked_at IS NULL OR (inactivity_checked_at < $3
                                   AND inactivity_checked_at < last_activity_at + make_interval(days => $6)))
                            ORDER BY customer_id LIMIT $5 FOR UPDATE SKIP LOCKED)
                        UPDATE customer_state s SET revision = s.revision + 1, inactivity_checked_at = $4
                        FROM due WHERE s.store_id = $1 AND s.customer_id = due.customer_id
                        RETURNING s.customer_id, s.revision, s.last_activity_at""")
                .execute(Tuple.from(new Object[] {storeId, offset(lastActivityBefore), offset(checkedBefore),
                        offset(now), limit, largestDays}))
                .map(rows -> {
                    Map<String, CustomerState> states = new LinkedHashMap<>();
                    for (Row r : rows) {
                        states.put(r.getString("customer_id"), new CustomerState(r.getString("customer_id"),
                                r.getLong("revision"), instant(r.getOffsetDateTime("last_activity_at"))));
                    }
                    return states;
                });
    }

    // ---- reads for the views

    /** A customer's revision, last activity and progress in every program, read in one statement (one snapshot). */
    public Uni<ProgressCodec.CachedProgress> read(SqlClient client, String storeId, String customerId) {
        return client.preparedQuery("""
                        SELECT s.revision, s.last_activity_at, p.program_id, p.value, p.spell_start, p.reached,
                               p.last_event_at
                        FROM (SELECT $1::text AS store_id, $2::text AS customer_id) k
                        LEFT JOIN customer_state s ON s.store_id = k.store_id AND s.customer_id = k.customer_id
                        LEFT JOIN program_progress p ON p.store_id = k.store_id AND p.customer_id = k.customer_id""")
                .execute(Tuple.of(storeId, customerId))
                .map(rows -> {
                    long revision = 0;
                    Instant lastActivity = null;
                    List<ProgramProgress> programs = new ArrayList<>();
                    for (Row r : rows) {
                        Long rev = r.getLong("revision");
                        revision = rev == null ? 0 : rev;
                        lastActivity = instant(r.getOffsetDateTime("last_activity_at"));
                        if (r.getString("program_id") != null) {
                            programs.add(progress(r));
                        }
                    }
                    return new ProgressCodec.CachedProgress(revision, lastActivity, programs);
                });
    }

    /** A page of a program's customers by customer id, after {@code afterCustomer}; limit + 1 rows tell if more follow. */
    public Uni<List<ProgramCustomerRow>> programCustomers(SqlClient client, String storeId, String programId,
                                                          int minReached, String afterCustomer, int limit) {
        return client.preparedQuery("""
                        SELECT p.customer_id, p.program_id, p.value, p.spell_start, p.reached, p.reached_count, p.last_reached_target,
                               p.last_reached_at, p.last_event_at, s.last_activity_at
                        FROM program_progress p
                        JOIN customer_state s ON s.store_id = p.store_id AND s.customer_id = p.customer_id
                        WHERE p.store_id = $1 AND p.program_id = $2 AND p.reached_count >= $3 AND p.customer_id > $4
                        ORDER BY p.customer_id LIMIT $5""")
                .execute(Tuple.of(storeId, programId, minReached, afterCustomer, limit))
                .map(rows -> {
                    List<ProgramCustomerRow> list = new ArrayList<>();
                    for (Row r : rows) {
                        list.add(new ProgramCustomerRow(progress(r), r.getString("customer_id"),
                                instant(r.getOffsetDateTime("last_activity_at"))));
                    }
                    return list;
                });
    }

    /** One row of the merchant's list: the progress and the customer's last activity. */
    public record ProgramCustomerRow(ProgramProgress progress, String customerId, Instant lastActivity) {
    }

    private static ProgramProgress progress(Row r) {
        return new ProgramProgress(r.getString("program_id") == null ? "" : r.getString("program_id"),
                r.getLong("value"), instant(r.getOffsetDateTime("spell_start")),
                ProgressCodec.reached(r.getString("reached")), instant(r.getOffsetDateTime("last_event_at")));
    }

    private static OrderState order(Row r) {
        return new OrderState(r.getString("order_id"), r.getString("customer_id"), r.getLong("amount_minor"),
                instant(r.getOffsetDateTime("occurred_at")), Arrays.asList(r.getArrayOfStrings("counted_programs")),
                r.getLong("refunded_minor"), r.getBoolean("count_removed"), r.getBoolean("cancelled"));
    }

    private static Uni<Void> batch(SqlClient tx, String sql, List<Tuple> rows) {
        return rows.isEmpty() ? Uni.createFrom().voidItem() : tx.preparedQuery(sql).executeBatch(rows).replaceWithVoid();
    }

    static OffsetDateTime offset(Instant at) {
        return at == null ? null : at.atOffset(ZoneOffset.UTC);
    }

    static Instant instant(OffsetDateTime at) {
        return at == null ? null : at.toInstant();
    }
}
