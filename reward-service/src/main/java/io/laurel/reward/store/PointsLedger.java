package io.laurel.reward.store;

import io.laurel.platform.error.FailedPreconditionException;
import io.laurel.platform.id.IdGenerator;
import io.laurel.platform.outbox.Outbox;
import io.laurel.platform.outbox.OutboxMessage;
import io.laurel.platform.time.StoredTime;
import io.laurel.reward.domain.LedgerEntry;
import io.laurel.reward.domain.LedgerIntegrity;
import io.laurel.reward.domain.ManualAdjustment;
import io.laurel.reward.domain.PointsBalance;
import io.laurel.reward.domain.PointsLot;
import io.laurel.reward.domain.StoreConfig;
import io.laurel.reward.mapping.ProgressEventMapping;
import io.laurel.proto.progress.v1.ProgressServiceGrpc;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The points ledger's operations over the repositories: the domain rules decide, this class reads
 * what they need and writes what they decided, in the caller's transaction for mutations.
 */
@ApplicationScoped
public class PointsLedger {

    public static final String STORE_NOT_CONFIGURED = "STORE_NOT_CONFIGURED";

    private final Pool pool;
    private final LedgerRepository ledger;
    private final StoreConfigRepository configs;
    private final Outbox outbox;
    private final IdGenerator ids;
    private final Clock clock;

    public PointsLedger(Pool pool, LedgerRepository ledger, StoreConfigRepository configs, Outbox outbox,
                        IdGenerator ids, Clock clock) {
        this.pool = pool;
        this.ledger = ledger;
        this.configs = configs;
        this.outbox = outbox;
        this.ids = ids;
        this.clock = clock;
    }

    /** The store's settings; FAILED_PRECONDITION STORE_NOT_CONFIGURED until the feed brought them. */
    public Uni<StoreConfig> requireConfig(SqlClient client, String storeId) {
        return configs.find(client, storeId).map(config -> {
            if (config == null) {
                throw new FailedPreconditionException(STORE_NOT_CONFIGURED,
                        "the store's settings have not reached reward-service yet; configure the store first",
                        Map.of("store_id", storeId));
            }
            return config;
        });
    }

    /**
     * R-LEDGER-8 in one transaction: lock the account, book due expiries, append the ADJUSTED entry
     * (with its lot or its allocations), and enqueue its PointsEarned / PointsReversed for progress.
     */
    public Uni<LedgerEntry> adjust(SqlConnection tx, ManualAdjustment.Request request) {
        Instant now = StoredTime.now(clock);
        String store = request.storeId();
        String customer = request.customerId();
        return requireConfig(tx, store).flatMap(config -> ledger.lockAccount(tx, store, customer, now)
                .flatMap(account -> ledger.lotsWithRemainder(tx, store, customer)
                        .flatMap(lots -> {
                            ManualAdjustment.Outcome outcome =
                                    ManualAdjustment.apply(request, account, lots, config, now, ids::newId);
                            LedgerEntry entry = outcome.adjustment();
                            Uni<Void> writes = Uni.createFrom().voidItem();
                            for (LedgerEntry e : outcome.entries()) {
                                writes = writes.flatMap(ignored -> ledger.append(tx, e));
                            }
                            if (outcome.createdLot() != null) {
                                writes = writes.flatMap(ignored ->
                                        ledger.insertLot(tx, store, outcome.createdLot(), "MANUAL", null, now));
                            }
                            return writes
                                    .flatMap(ignored -> ledger.saveAccount(tx, store, customer, outcome.account(), now))
                                    .flatMap(ignored -> outbox.enqueue(tx, OutboxMessage.of(ProgressEventMapping.DESTINATION,
                                            ProgressServiceGrpc.getIngestEventsMethod(),
                                            ProgressEventMapping.manualAdjustment(entry), ProgressEventMapping.key(entry))))
                                    .replaceWith(entry);
                        })));
    }

    /** R-LEDGER-2: the balance at {@code asOf} (null = now) with the points expiring within the horizon. */
    public Uni<BalanceView> balance(String storeId, String customerId, Instant asOf, Duration expiringWithin) {
        Instant now = StoredTime.now(clock);
        Instant at = asOf == null ? now : asOf;
        // independent reads: run them together on the pool
        return Uni.combine().all().unis(requireConfig(pool, storeId),
                        ledger.lotsForBalance(pool, storeId, customerId, at),
                        ledger.allocationsAfter(pool, storeId, customerId, at),
                        ledger.debt(pool, storeId, customerId))
                .with((config, lots, allocations, debt) -> new BalanceView(config,
                        PointsBalance.at(at, expiringWithin, lots, allocations, debt, now)));
    }

    /** A balance with the settings it was valued with. */
    public record BalanceView(StoreConfig config, PointsBalance.Balance balance) {
    }

    public Uni<List<LedgerEntry>> entries(String storeId, String customerId, List<String> kinds, Long beforeSequence,
                                          int limit) {
        return ledger.entriesPage(pool, storeId, customerId, kinds, beforeSequence, limit);
    }

    /** Lots in consumption order, and the instant their states are reported for. */
    public record LotsView(List<PointsLot> lots, Instant now) {
    }

    public Uni<LotsView> lots(String storeId, String customerId, boolean includeClosed, LedgerRepository.LotKey after,
                              int limit) {
        Instant now = StoredTime.now(clock);
        return ledger.lotsPage(pool, storeId, customerId, includeClosed, now, after, limit)
                .map(lots -> new LotsView(lots, now));
    }

    /** The result of checking a page of customers; {@code more} when customers follow the page. */
    public record IntegrityPage(List<String> customersChecked, List<LedgerIntegrity.Violation> violations,
                                boolean more) {
    }

    /**
     * R-LEDGER-9 for one customer ({@code customerId}) or the page of up to {@code pageSize}
     * customers after {@code afterCustomer}.
     */
    public Uni<IntegrityPage> checkIntegrity(String storeId, String customerId, String afterCustomer, int pageSize) {
        // one account beyond the page tells whether another page follows; it is not checked
        return ledger.accounts(pool, storeId, customerId, afterCustomer, pageSize + 1).flatMap(found -> {
            boolean more = found.size() > pageSize;
            List<LedgerRepository.AccountRow> accounts = more ? found.subList(0, pageSize) : found;
            List<String> customers = accounts.stream().map(LedgerRepository.AccountRow::customerId).toList();
            if (customers.isEmpty()) {
                return Uni.createFrom().item(new IntegrityPage(customerId == null ? List.of() : List.of(customerId),
                        List.of(), false));
            }
            return Uni.combine().all().unis(ledger.entryFacts(pool, storeId, customers),
                            ledger.lotsOf(pool, storeId, customers),
                            ledger.allocatedByLot(pool, storeId, customers))
                    .with((entries, lots, allocated) -> {
                        List<LedgerIntegrity.Violation> violations = new ArrayList<>();
                        for (LedgerRepository.AccountRow a : accounts) {
                            // no reservations exist yet, so no lot may hold points
                            violations.addAll(LedgerIntegrity.check(a.customerId(),
                                    entries.getOrDefault(a.customerId(), List.of()), a.balance(), a.debt(),
                                    lots.getOrDefault(a.customerId(), List.of()), allocated, Map.of()));
                        }
                        return new IntegrityPage(customers, violations, more);
                    });
        });
    }
}
