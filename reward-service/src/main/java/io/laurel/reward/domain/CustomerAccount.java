package io.laurel.reward.domain;

/**
 * A customer's account row, locked for one change: the points ledger's append position, booked
 * balance and reversal debt, and the store-credit ledger's position, balance and held part.
 */
public record CustomerAccount(long lastSequence, long balance, long debt, long creditLastSequence,
                              long creditBalance, long creditHeld) {

    public long availableCredit() {
        return creditBalance - creditHeld;
    }

    public CustomerAccount withPoints(long lastSequence, long balance, long debt) {
        return new CustomerAccount(lastSequence, balance, debt, creditLastSequence, creditBalance, creditHeld);
    }

    public CustomerAccount withCredit(long creditLastSequence, long creditBalance, long creditHeld) {
        return new CustomerAccount(lastSequence, balance, debt, creditLastSequence, creditBalance, creditHeld);
    }
}
