package io.laurel.reward.app;

import io.laurel.platform.common.Actor;
import io.laurel.platform.common.Money;
import io.laurel.platform.error.FailedPreconditionException;
import io.laurel.platform.error.FieldViolation;
import io.laurel.platform.error.InvalidArgumentException;
import io.laurel.platform.id.IdGenerator;
import io.laurel.platform.time.StoredTime;
import io.laurel.reward.domain.CustomerAccount;
import io.laurel.reward.domain.StoreCreditEntry;
import io.laurel.reward.store.PointsLedger;
import io.laurel.reward.store.PostingStore;
import io.laurel.reward.store.StoreCreditStore;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** StoreCreditService's use cases (R-LEDGER-6, 8): manual adjustment and history. */
@ApplicationScoped
public class StoreCredits {

    /** A validated AdjustStoreCredit. */
    public record Adjust(String storeId, String customerId, Money amountDelta, String reason, Actor actor) {
    }

    private final Pool pool;
    private final PointsLedger ledger;
    private final PostingStore postings;
    private final StoreCreditStore credits;
    private final IdGenerator ids;
    private final Clock clock;

    public StoreCredits(Pool pool, PointsLedger ledger, PostingStore postings, StoreCreditStore credits,
                        IdGenerator ids, Clock clock) {
        this.pool = pool;
        this.ledger = ledger;
        this.postings = postings;
        this.credits = credits;
        this.ids = ids;
        this.clock = clock;
    }

    /** In the caller's (idempotency key's) transaction: never below the available credit. */
    public Uni<StoreCreditEntry> adjust(SqlConnection tx, Adjust r) {
        Instant now = StoredTime.now(clock);
        return ledger.requireConfig(tx, r.storeId()).flatMap(config -> {
            if (!config.currencyCode().equals(r.amountDelta().currencyCode())) {
                throw new InvalidArgumentException(List.of(new FieldViolation("amount_delta.currency_code",
                        "must be the store currency " + config.currencyCode())));
            }
            return postings.lock(tx, r.storeId(), r.customerId(), now).flatMap(account -> {
                long delta = r.amountDelta().amountMinor();
                if (delta < 0 && -delta > account.availableCredit()) {
                    throw new FailedPreconditionException(Redemptions.INSUFFICIENT_STORE_CREDIT,
                            "the customer has " + account.availableCredit()
                                    + " minor units of store credit available, fewer than " + -delta + " requested",
                            Map.of("available_minor", Long.toString(account.availableCredit()),
                                    "requested_minor", Long.toString(-delta)));
                }
                StoreCreditEntry entry = StoreCreditEntry.next(ids.newId(), r.storeId(), r.customerId(), account,
                        StoreCreditEntry.Kind.ADJUSTED, delta, config.currencyCode(), now, now, null, null, null,
                        r.reason(), r.actor());
                CustomerAccount after = entry.applyTo(account);
                return postings.appendCredit(tx, entry)
                        .flatMap(x -> postings.saveAccount(tx, r.storeId(), r.customerId(), after, now))
                        .replaceWith(entry);
            });
        });
    }

    public Uni<List<StoreCreditEntry>> entries(String storeId, String customerId, String[] kinds, Long before,
                                               int limit) {
        return credits.entries(pool, storeId, customerId, kinds, before, limit);
    }

    public Uni<StoreCreditStore.Balance> balance(String storeId, String customerId) {
        return credits.balance(pool, storeId, customerId);
    }
}
