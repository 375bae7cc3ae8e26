package io.laurel.reward.domain;

import java.time.Duration;
import java.time.Instant;

/**
 * A checkout redemption (R-LEDGER-4): RESERVED holds points (specific lot portions) and store
 * credit until it is COMMITTED (spent), RELEASED or, past {@code expireTime}, EXPIRED.
 */
public record Redemption(
        String redemptionId,
        String storeId,
        String customerId,
        String checkoutId,
        long points,
        long pointValueMinorMilli,
        String currencyCode,
        long pointsDiscountMinor,
        long storeCreditMinor,
        State storedState,
        Instant createTime,
        Instant expireTime,
        Instant endTime,
        String orderId) {

    public enum State { RESERVED, COMMITTED, RELEASED, EXPIRED }

    /** The lifetime of a reservation that names none (1 minute..24 hours when named: the contract's). */
    public static final Duration DEFAULT_TTL = Duration.ofMinutes(15);

    /** The state at {@code at}: a RESERVED redemption past its deadline is EXPIRED even before the job ends it. */
    public State stateAt(Instant at) {
        return storedState == State.RESERVED && !at.isBefore(expireTime) ? State.EXPIRED : storedState;
    }

    public long totalDiscountMinor() {
        return pointsDiscountMinor + storeCreditMinor;
    }

    public Redemption ended(State state, Instant at, String order) {
        return new Redemption(redemptionId, storeId, customerId, checkoutId, points, pointValueMinorMilli, currencyCode,
                pointsDiscountMinor, storeCreditMinor, state, createTime, expireTime, at, order);
    }
}
