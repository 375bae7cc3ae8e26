package io.laurel.reward.store;

import io.laurel.platform.error.FailedPreconditionException;
import io.laurel.platform.id.IdGenerator;
import io.laurel.platform.outbox.Outbox;
import io.laurel.platform.time.StoredTime;
import io.laurel.reward.domain.LedgerEntry;
import io.laurel.reward.domain.LedgerIntegrity;
import io.laurel.reward.domain.ManualAdjustment;
import io.laurel.reward.domain.PointsBalance;
import io.laurel.reward.domain.PointsLot;
import io.laurel.reward.domain.StoreConfig;
import io.laurel.reward.mapping.PointsAnnouncements;
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
    private final PostingStore postings;
    private final RedemptionStore redemptions;
    private final StoreCreditStore credits;
    private final Outbox outbox;
    private final IdGenerator ids;
    private final Clock clock;

    public PointsLedger(Pool pool, LedgerRepository ledger, StoreConfigRepository configs, PostingStore postings,
                        RedemptionStore redemptions, StoreCreditStore credits, Outbox outbox, IdGenerator ids,
                        Clock clock) {
        this.pool = pool;
        this.postings = postings;
        this.redemptions = redemptions;
        this.credits = credits;
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

    /** The store's settings in effect at {@code at}; FAILED_PRECONDITION STORE_NOT_CONFIGURED when it has none. */
    public Uni<StoreConfig> requireConfigAt(SqlClient client, String storeId, Instant at) {
        return configs.findAt(client, storeId, at).map(config -> {
            if (config == null) {
                throw notConfigured(storeId);
            }
            return config;
        });
    }

    /** {@link #requireConfigAt} at each of {@code instants}, in one statement, in the same order. */
    public Uni<List<StoreConfig>> requireConfigsAt(SqlClient client, String storeId, List<Instant> instants) {
        return configs.findAllAt(client, storeId, instants).map(found -> {
            if (found.contains(null)) {
                throw notConfigured(storeId);
            }
            return found;
        });
    }

    public static FailedPreconditionException notConfigured(String storeId) {
        return new FailedPreconditionException(STORE_NOT_CONFIGURED,
                "the store's settings have not reached reward-service yet; configure the store first",
                Map.of("store_id", storeId));
    }

    /**
     * R-LEDGER-8 in one transaction: lock the account, book due expiries, append the ADJUSTED entry
     * (with its lot or its allocations), and announce it to progress and tier through the outbox.
     */
    public Uni<LedgerEntry> adjust(SqlConnection tx, ManualAdjustment.Request request) {
        Instant now = StoredTime.now(clock);
        String store = request.storeId();
        return requireConfig(tx, store).flatMap(config -> postings.open(tx, store, request.customerId(), now, ids::newId)
                .flatMap(posting -> {
                    LedgerEntry entry = ManualAdjustment.post(posting, request, config, now);
                    return postings.write(tx, store, posting, posting.account(), now)
                            .flatMap(ignored -> outbox.enqueueAll(tx, PointsAnnouncements.of(posting.entries())))
                            .replaceWith(entry);
                }));
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
    @SuppressWarnings("unchecked")
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
                            ledger.allocatedByLot(pool, storeId, customers),
                            redemptions.heldByLot(pool, storeId, customers),
                            redemptions.heldCredit(pool, storeId, customers),
                            credits.facts(pool, storeId, customers),
                            credits.accounts(pool, storeId, customers),
                            credits.orderFacts(pool, storeId, customers))
                    .combinedWith(results -> {
                        var entries = (Map<String, List<LedgerIntegrity.EntryFacts>>) results.get(0);
                        var lots = (Map<String, List<PointsLot>>) results.get(1);
                        var allocated = (Map<String, Long>) results.get(2);
                        var held = (Map<String, Long>) results.get(3);
                        var heldCredit = (Map<String, Long>) results.get(4);
                        var creditFacts = (Map<String, List<StoreCreditStore.CreditFacts>>) results.get(5);
                        var creditAccounts = (Map<String, StoreCreditStore.Balance>) results.get(6);
                        var orders = (List<StoreCreditStore.OrderFacts>) results.get(7);
                        List<LedgerIntegrity.Violation> violations = new ArrayList<>();
                        for (LedgerRepository.AccountRow a : accounts) {
                            String c = a.customerId();
                            violations.addAll(LedgerIntegrity.check(c, entries.getOrDefault(c, List.of()), a.balance(),
                                    a.debt(), lots.getOrDefault(c, List.of()), allocated, held));
                            StoreCreditStore.Balance credit = creditAccounts.getOrDefault(c, new StoreCreditStore.Balance(0, 0));
                            violations.addAll(LedgerIntegrity.checkCredit(c, creditFacts.getOrDefault(c, List.of()).stream()
                                            .map(f -> new LedgerIntegrity.CreditFacts(f.entryId(), f.sequence(), f.delta(),
                                                    f.balanceAfter())).toList(),
                                    credit.balance(), credit.held(), heldCredit.getOrDefault(c, 0L)));
                        }
                        for (StoreCreditStore.OrderFacts o : orders) {
                            violations.addAll(LedgerIntegrity.checkOrder(o.customerId(), o.orderId(), o.summaryNet(),
                                    o.entriesNet()));
                        }
                        return new IntegrityPage(customers, violations, more);
                    });
        });
    }
}
