package io.laurel.reward.domain;

import io.laurel.platform.common.Actor;
import io.laurel.platform.common.ExpiryPolicy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * R-LEDGER-8: a manual grant (creates a lot, expiring by the requested policy or the store
 * default, R-PROG-6) or deduction (consumes the soonest-expiring lots, R-LEDGER-3, never below
 * zero). Before appending it, the expiries due by now that are not booked yet are booked as
 * EXPIRED entries, so every balance_after the ledger shows is the balance a customer really had.
 */
public final class ManualAdjustment {

    /** Largest |points_delta| of one adjustment. */
    public static final long MAX_POINTS = 1_000_000_000L;
    public static final int MAX_REASON = 500;

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

    public static Outcome apply(Request request, Account account, List<PointsLot> lots, StoreConfig config,
                                Instant now, Supplier<String> ids) {
        List<LedgerEntry> entries = new ArrayList<>();
        long sequence = account.lastSequence();
        long balance = account.balance();
        Map<String, PointsLot> current = new HashMap<>();
        lots.forEach(lot -> current.put(lot.lotId(), lot));
        for (PointsLot lot : LotConsumption.expiredUnbooked(lots, now)) {
            long points = lot.remainingPoints() - lot.heldPoints();
            balance -= points;
            entries.add(new LedgerEntry(ids.get(), request.storeId(), request.customerId(), ++sequence,
                    LedgerEntry.Kind.EXPIRED, -points, balance, lot.expiresAt(), now, null, null,
                    List.of(new LotAllocation(lot.lotId(), points)), null, "", LedgerEntry.SYSTEM_ACTOR));
            current.put(lot.lotId(), lot.consume(points));
        }
        PointsLot created = null;
        String entryId = ids.get();
        long delta = request.pointsDelta();
        balance += delta;
        if (delta > 0) {
            ExpiryPolicy policy = ExpiryPolicy.resolve(request.expiryPolicy(), config.defaultPointsExpiry());
            Instant expiresAt = PointsExpiry.expiresAt(now, policy, config.zone());
            created = new PointsLot(ids.get(), request.customerId(), entryId, now, expiresAt, delta, delta, 0, false);
            entries.add(new LedgerEntry(entryId, request.storeId(), request.customerId(), ++sequence,
                    LedgerEntry.Kind.ADJUSTED, delta, balance, now, now, created.lotId(), expiresAt, List.of(),
                    null, request.reason(), request.actor()));
        } else {
            List<LotAllocation> taken = LotConsumption.consume(List.copyOf(current.values()), -delta, now);
            entries.add(new LedgerEntry(entryId, request.storeId(), request.customerId(), ++sequence,
                    LedgerEntry.Kind.ADJUSTED, delta, balance, now, now, null, null, taken,
                    null, request.reason(), request.actor()));
        }
        return new Outcome(entries, created, new Account(sequence, balance));
    }
}
