package io.laurel.reward.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * R-LEDGER-9: a customer's ledger is consistent when every {@code balance_after} is the running sum
 * of the deltas, the account's balance is the last of them, each lot's remainder is its original
 * points minus what debits took from it, the lots' remainders (less any debt) add up to the
 * balance, held points match open reservations, and no redemption or manual deduction left a
 * negative balance.
 */
public final class LedgerIntegrity {

    /** The facts of one entry the check needs. */
    public record EntryFacts(String entryId, long sequence, LedgerEntry.Kind kind, long pointsDelta, long balanceAfter) {
    }

    /** One inconsistency; {@code at} is the entry or lot where it shows ("" for the account). */
    public record Violation(String customerId, String check, String at, long expected, long actual, String description) {
    }

    private LedgerIntegrity() {
    }

    /**
     * @param entries            the customer's entries in sequence order
     * @param allocatedByLot     points the entries' allocations took from each lot
     * @param heldByReservations points open reservations hold on each lot
     */
    public static List<Violation> check(String customerId, List<EntryFacts> entries, long accountBalance, long debt,
                                        List<PointsLot> lots, Map<String, Long> allocatedByLot,
                                        Map<String, Long> heldByReservations) {
        List<Violation> found = new ArrayList<>();
        long running = 0;
        for (EntryFacts e : entries) {
            running += e.pointsDelta();
            if (e.balanceAfter() != running) {
                found.add(new Violation(customerId, "BALANCE_AFTER_MISMATCH", e.entryId(), running, e.balanceAfter(),
                        "entry " + e.sequence() + ": balance_after is not the sum of the deltas up to it"));
            }
            boolean mayNotGoNegative = e.kind() == LedgerEntry.Kind.SPENT
                    || e.kind() == LedgerEntry.Kind.ADJUSTED && e.pointsDelta() < 0;
            if (mayNotGoNegative && e.balanceAfter() < 0) {
                found.add(new Violation(customerId, "NEGATIVE_AFTER_REDEMPTION", e.entryId(), 0, e.balanceAfter(),
                        "entry " + e.sequence() + ": a " + e.kind() + " debit left a negative balance"));
            }
        }
        if (accountBalance != running) {
            found.add(new Violation(customerId, "BALANCE_AFTER_MISMATCH", "", running, accountBalance,
                    "the account's balance is not the sum of its entries"));
        }
        long lotsSum = 0;
        for (PointsLot lot : lots) {
            long expected = lot.originalPoints() - allocatedByLot.getOrDefault(lot.lotId(), 0L);
            if (lot.remainingPoints() != expected) {
                found.add(new Violation(customerId, "LOTS_SUM_MISMATCH", lot.lotId(), expected, lot.remainingPoints(),
                        "lot remainder is not its original points minus what debits took from it"));
            }
            long held = heldByReservations.getOrDefault(lot.lotId(), 0L);
            if (lot.heldPoints() != held) {
                found.add(new Violation(customerId, "HELD_POINTS_MISMATCH", lot.lotId(), held, lot.heldPoints(),
                        "lot held points do not match its open reservations"));
            }
            lotsSum += lot.remainingPoints();
        }
        if (lotsSum - debt != running) {
            found.add(new Violation(customerId, "LOTS_SUM_MISMATCH", "", running, lotsSum - debt,
                    "the lots' remainders less the debt do not add up to the balance"));
        }
        return found;
    }

    /** One store-credit entry's facts. */
    public record CreditFacts(String entryId, long sequence, long delta, long balanceAfter) {
    }

    /**
     * The store-credit side (R-LEDGER-6, 9): each balance_after is the running sum and never negative,
     * the account's balance is the last one, and its held part is what open reservations hold.
     */
    public static List<Violation> checkCredit(String customerId, List<CreditFacts> entries, long accountBalance,
                                              long accountHeld, long heldByReservations) {
        List<Violation> found = new ArrayList<>();
        long running = 0;
        for (CreditFacts e : entries) {
            running += e.delta();
            if (e.balanceAfter() != running) {
                found.add(new Violation(customerId, "STORE_CREDIT_BALANCE_MISMATCH", e.entryId(), running,
                        e.balanceAfter(), "store-credit entry " + e.sequence() + ": balance_after is not the running sum"));
            }
            if (e.balanceAfter() < 0) {
                found.add(new Violation(customerId, "STORE_CREDIT_NEGATIVE", e.entryId(), 0, e.balanceAfter(),
                        "store-credit entry " + e.sequence() + " left a negative balance"));
            }
        }
        if (accountBalance != running) {
            found.add(new Violation(customerId, "STORE_CREDIT_BALANCE_MISMATCH", "", running, accountBalance,
                    "the account's store-credit balance is not the sum of its entries"));
        }
        if (accountHeld != heldByReservations) {
            found.add(new Violation(customerId, "STORE_CREDIT_HELD_MISMATCH", "", heldByReservations, accountHeld,
                    "held store credit does not match the open reservations"));
        }
        return found;
    }

    /** An order's base-earning summary (P − reversed) against the sum of its entries (R-LEDGER-5). */
    public static List<Violation> checkOrder(String customerId, String orderId, long summaryNet, long entriesNet) {
        return summaryNet == entriesNet ? List.of() : List.of(new Violation(customerId, "ORDER_EARNING_MISMATCH",
                orderId, entriesNet, summaryNet, "order " + orderId + ": earned less reversed is not the sum of its entries"));
    }
}
