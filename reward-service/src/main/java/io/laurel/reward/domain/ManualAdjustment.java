package io.laurel.reward.domain;

import io.laurel.platform.common.Actor;
import io.laurel.platform.common.ExpiryPolicy;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;

/**
 * R-LEDGER-8: a manual grant (creates a lot, expiring by the requested policy or the store
 * default, R-PROG-6) or deduction (consumes the soonest-expiring lots, R-LEDGER-3, never below
 * zero). Before appending it, the expiries due by now that are not booked yet are booked as
 * EXPIRED entries, so every balance_after the ledger shows is the balance a customer really had.
 */
public final class ManualAdjustment {

    /** The customer's account as locked for this change. */
    public record Account(long lastSequence, long balance) {
    }

    /** A validated adjustment; {@code expiryPolicy} null = the store default. */
    public record Request(String storeId, String customerId, long pointsDelta, String reason, Actor actor,
                          ExpiryPolicy expiryPolicy) {
    }

    /**
     * What to append: {@code entries} in append order (booked expiries, then the ADJUSTED entry,
     * which is last), and the lot a grant creates (null for a deduction).
     */
    public record Outcome(List<LedgerEntry> entries, PointsLot createdLot, Account account) {

        public LedgerEntry adjustment() {
            return entries.get(entries.size() - 1);
        }
    }

    private ManualAdjustment() {
    }

    /** The adjustment on an account without a posting of its own (a fresh posting over {@code lots}). */
    public static Outcome apply(Request request, Account account, List<PointsLot> lots, StoreConfig config,
                                Instant now, Supplier<String> ids) {
        PointsPosting posting = PointsPosting.open(request.storeId(), request.customerId(),
                new CustomerAccount(account.lastSequence(), account.balance(), 0, 0, 0, 0), lots, now, ids);
        post(posting, request, config, now);
        PointsLot created = posting.createdLots().isEmpty() ? null : posting.createdLots().get(0).lot();
        CustomerAccount after = posting.account();
        return new Outcome(posting.entries(), created, new Account(after.lastSequence(), after.balance()));
    }

    /**
     * Appends the ADJUSTED entry to {@code posting} (due expiries are already booked by it): a grant
     * creates a lot (after repaying any debt), a deduction consumes the soonest-expiring lots and is
     * refused beyond the available points.
     */
    public static LedgerEntry post(PointsPosting posting, Request request, StoreConfig config, Instant now) {
        long delta = request.pointsDelta();
        if (delta > 0) {
            ExpiryPolicy policy = ExpiryPolicy.resolve(request.expiryPolicy(), config.defaultPointsExpiry());
            Instant expiresAt = PointsExpiry.expiresAt(now, policy, config.zone());
            return posting.credit(LedgerEntry.Kind.ADJUSTED, delta, now, expiresAt, PointsPosting.Refs.NONE,
                    request.reason(), request.actor(), "MANUAL", null);
        }
        return posting.debit(LedgerEntry.Kind.ADJUSTED, -delta, now, null, PointsPosting.Shortfall.REFUSE,
                PointsPosting.Refs.NONE, request.reason(), request.actor());
    }
}
