package io.laurel.reward.domain;

import io.laurel.platform.common.Actor;
import io.laurel.platform.error.FailedPreconditionException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * One transaction's changes to a customer's points, over the account and lots read under the
 * account lock. It books due expiries first (L-LEDGER-5), then credits (a new lot, after repaying
 * any reversal debt), debits (soonest-expiring lots first, R-LEDGER-3, L-LEDGER-1) and holds; the
 * caller writes {@link #entries()}, {@link #createdLots()}, {@link #changedLots()} and
 * {@link #account()} in the same transaction.
 */
public final class PointsPosting {

    /** How a debit may end when the lots do not cover it. */
    public enum Shortfall {
        /** Refused with FAILED_PRECONDITION INSUFFICIENT_POINTS (manual deduction, redemption). */
        REFUSE,
        /** The rest becomes debt that later credits repay (base-earning reversals, L-LEDGER-2). */
        DEBT,
        /** Only what the preferred lot still has unheld is taken (claw-back, L-REWARD-2). */
        PREFERRED_LOT_ONLY
    }

    /** A lot created by a credit, with what created it. */
    public record NewLot(PointsLot lot, String sourceKind, String sourceRef) {
    }

    /** The references an entry carries besides its amounts. */
    public record Refs(RewardCause cause, String orderId, String reversalId, String redemptionId) {

        public static final Refs NONE = new Refs(null, null, null, null);

        public static Refs order(String orderId) {
            return new Refs(null, orderId, null, null);
        }
    }

    private final String storeId;
    private final String customerId;
    private final Instant now;
    private final Supplier<String> ids;
    private CustomerAccount account;
    private long sequence;
    private long balance;
    private long debt;
    private final Map<String, PointsLot> lots = new LinkedHashMap<>();
    private final Set<String> changed = new LinkedHashSet<>();
    private final List<LedgerEntry> entries = new ArrayList<>();
    private final List<NewLot> created = new ArrayList<>();

    private PointsPosting(String storeId, String customerId, CustomerAccount account, List<PointsLot> lots,
                          Instant now, Supplier<String> ids) {
        this.storeId = storeId;
        this.customerId = customerId;
        this.account = account;
        this.sequence = account.lastSequence();
        this.balance = account.balance();
        this.debt = account.debt();
        this.now = now;
        this.ids = ids;
        lots.forEach(lot -> this.lots.put(lot.lotId(), lot));
    }

    /** Starts a posting and books the expiries due by {@code now}. */
    public static PointsPosting open(String storeId, String customerId, CustomerAccount account, List<PointsLot> lots,
                                     Instant now, Supplier<String> ids) {
        PointsPosting posting = new PointsPosting(storeId, customerId, account, lots, now, ids);
        posting.bookExpiries();
        return posting;
    }

    /** Appends an EXPIRED entry for each lot whose unheld remainder has expired and is not booked. */
    public void bookExpiries() {
        for (PointsLot lot : LotConsumption.expiredUnbooked(List.copyOf(lots.values()), now)) {
            long points = lot.remainingPoints() - lot.heldPoints();
            // a remainder freed from a hold after the lot's expiry expires when it is freed
            Instant effective = lot.expiryBooked() ? now : lot.expiresAt();
            balance -= points;
            LedgerEntry entry = new LedgerEntry(ids.get(), storeId, customerId, ++sequence, LedgerEntry.Kind.EXPIRED,
                    -points, balance, effective, now, null, null, List.of(new LotAllocation(lot.lotId(), points)),
                    null, "", LedgerEntry.SYSTEM_ACTOR);
            entries.add(entry);
            put(lot.consume(points).booked());
        }
    }

    /**
     * Credits {@code points} (> 0): repays debt first, puts the rest in a new lot earned at
     * {@code earnedAt} expiring at {@code expiresAt} (null = never).
     */
    public LedgerEntry credit(LedgerEntry.Kind kind, long points, Instant earnedAt, Instant expiresAt, Refs refs,
                              String reason, Actor actor, String sourceKind, String sourceRef) {
        if (points <= 0) {
            throw new IllegalArgumentException("a credit is positive: " + points);
        }
        String entryId = ids.get();
        long repaid = Math.min(debt, points);
        debt -= repaid;
        balance += points;
        String lotId = null;
        if (points > repaid) {
            lotId = ids.get();
            PointsLot lot = new PointsLot(lotId, customerId, entryId, earnedAt, expiresAt, points - repaid,
                    points - repaid, 0, false);
            lots.put(lotId, lot);
            created.add(new NewLot(lot, sourceKind, sourceRef));
        }
        LedgerEntry entry = new LedgerEntry(entryId, storeId, customerId, ++sequence, kind, points, balance, earnedAt,
                now, lotId, expiresAt, List.of(), refs.orderId(), reason, actor, refs.cause(), refs.reversalId(),
                refs.redemptionId());
        entries.add(entry);
        bookExpiries(); // a late credit may already be past its expiry
        return entry;
    }

    /**
     * Debits up to {@code points} (> 0) at {@code effective}: from {@code preferredLot} first (if any),
     * then soonest-expiring lots; what is missing is handled by {@code shortfall}. Returns the entry
     * (its delta may be smaller than asked, even 0, under PREFERRED_LOT_ONLY).
     */
    public LedgerEntry debit(LedgerEntry.Kind kind, long points, Instant effective, String preferredLot,
                             Shortfall shortfall, Refs refs, String reason, Actor actor) {
        if (points <= 0) {
            throw new IllegalArgumentException("a debit is positive: " + points);
        }
        if (shortfall == Shortfall.REFUSE && available() < points) {
            throw insufficient(available(), points);
        }
        List<LotAllocation> taken = new ArrayList<>();
        long left = points;
        PointsLot own = preferredLot == null ? null : lots.get(preferredLot);
        if (own != null) {
            long take = Math.min(left, own.spendableAt(now));
            if (take > 0) {
                taken.add(new LotAllocation(own.lotId(), take));
                left -= take;
            }
        }
        if (shortfall == Shortfall.PREFERRED_LOT_ONLY) {
            points -= left;
            left = 0;
        } else if (left > 0) {
            List<PointsLot> others = lots.values().stream()
                    .filter(lot -> !lot.lotId().equals(preferredLot)).toList();
            long fromLots = Math.min(left, LotConsumption.spendable(others, now));
            if (fromLots > 0) {
                taken.addAll(LotConsumption.consume(others, fromLots, now));
            }
            left -= fromLots;
            if (left > 0) {
                taken.add(new LotAllocation(null, left));
                debt += left;
            }
        }
        for (LotAllocation a : taken) {
            if (a.lotId() != null) {
                put(lots.get(a.lotId()).consume(a.points()));
            }
        }
        balance -= points;
        LedgerEntry entry = new LedgerEntry(ids.get(), storeId, customerId, ++sequence, kind, -points, balance,
                effective, now, null, null, taken, refs.orderId(), reason, actor, refs.cause(), refs.reversalId(),
                refs.redemptionId());
        entries.add(entry);
        return entry;
    }

    /** A zero-delta entry: a reward that computed to 0, or a claw-back that found nothing unspent. */
    public LedgerEntry zero(LedgerEntry.Kind kind, Instant effective, Refs refs, String reason, Actor actor) {
        LedgerEntry entry = new LedgerEntry(ids.get(), storeId, customerId, ++sequence, kind, 0, balance, effective,
                now, null, null, List.of(), refs.orderId(), reason, actor, refs.cause(), refs.reversalId(),
                refs.redemptionId());
        entries.add(entry);
        return entry;
    }

    /** Points that can be reserved or deducted now: the unheld unexpired remainders less the debt. */
    public long available() {
        return Math.max(0, LotConsumption.spendable(List.copyOf(lots.values()), now) - debt);
    }

    /** Holds {@code points} on the soonest-expiring lots (R-LEDGER-4); INSUFFICIENT_POINTS if not available. */
    public List<LotAllocation> hold(long points) {
        long available = available();
        if (available < points) {
            throw insufficient(available, points);
        }
        List<LotAllocation> holds = LotConsumption.consume(List.copyOf(lots.values()), points, now);
        for (LotAllocation h : holds) {
            PointsLot lot = lots.get(h.lotId());
            put(lot.withHeld(lot.heldPoints() + h.points()));
        }
        return holds;
    }

    /** Ends holds unspent; a remainder whose lot expired meanwhile expires now (L-LEDGER-3). */
    public void release(List<LotAllocation> holds) {
        for (LotAllocation h : holds) {
            PointsLot lot = lots.get(h.lotId());
            put(lot.withHeld(lot.heldPoints() - h.points()));
        }
        bookExpiries();
    }

    /** Spends held points (a committed redemption): one SPENT entry taking exactly the holds. */
    public LedgerEntry spendHeld(List<LotAllocation> held, Refs refs, Actor actor) {
        // allocations listed in consumption order, as every debit's are
        List<LotAllocation> holds = held.stream()
                .sorted(java.util.Comparator.comparing((LotAllocation h) -> lots.get(h.lotId()), LotConsumption.ORDER))
                .toList();
        long points = 0;
        for (LotAllocation h : holds) {
            PointsLot lot = lots.get(h.lotId());
            put(lot.withHeld(lot.heldPoints() - h.points()).consume(h.points()));
            points += h.points();
        }
        balance -= points;
        LedgerEntry entry = new LedgerEntry(ids.get(), storeId, customerId, ++sequence, LedgerEntry.Kind.SPENT,
                -points, balance, now, now, null, null, holds, refs.orderId(), "", actor, null, null,
                refs.redemptionId());
        entries.add(entry);
        return entry;
    }

    public String customerId() {
        return customerId;
    }

    public PointsLot lot(String lotId) {
        return lots.get(lotId);
    }

    public List<LedgerEntry> entries() {
        return List.copyOf(entries);
    }

    public List<NewLot> createdLots() {
        return List.copyOf(created);
    }

    /** Lots that existed before this posting and changed (remainder, holds or expiry booking). */
    public List<PointsLot> changedLots() {
        Set<String> createdIds = new LinkedHashSet<>();
        created.forEach(n -> createdIds.add(n.lot().lotId()));
        return changed.stream().filter(id -> !createdIds.contains(id)).map(lots::get).toList();
    }

    /** The created lots as they stand at the end of the posting. */
    public List<NewLot> createdLotsNow() {
        return created.stream().map(n -> new NewLot(lots.get(n.lot().lotId()), n.sourceKind(), n.sourceRef())).toList();
    }

    public CustomerAccount account() {
        return account.withPoints(sequence, balance, debt);
    }

    public boolean isEmpty() {
        return entries.isEmpty() && changed.isEmpty();
    }

    private void put(PointsLot lot) {
        lots.put(lot.lotId(), lot);
        changed.add(lot.lotId());
    }

    private static FailedPreconditionException insufficient(long available, long requested) {
        return new FailedPreconditionException(LotConsumption.INSUFFICIENT_POINTS,
                "the customer has " + available + " points available, fewer than the " + requested + " requested",
                Map.of("available_points", Long.toString(available), "requested_points", Long.toString(requested)));
    }
}
