package io.laurel.reward.domain;

import io.laurel.platform.common.Actor;
import java.security.SecureRandom;
import java.time.Instant;

/** A free-product voucher (R-LEDGER-7): ISSUED → REDEEMED | EXPIRED | REVOKED, each final. */
public record Voucher(
        String voucherId,
        String storeId,
        String customerId,
        String code,
        String productId,
        String variantId,
        int quantity,
        State storedState,
        RewardCause cause,
        Instant issueTime,
        Instant expiresAt,
        Instant redeemTime,
        String orderId,
        Instant revokeTime,
        String revokeReason,
        Actor revokedBy) {

    public enum State { ISSUED, REDEEMED, EXPIRED, REVOKED }

    /** Code alphabet: A–Z and 2–9 without the look-alikes O and I (32 symbols, 5 bits each). */
    public static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    public static final int CODE_LENGTH = 12;
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A fresh unguessable code: 12 symbols from a CSPRNG, 60 bits. */
    public static String newCode() {
        StringBuilder code = new StringBuilder(CODE_LENGTH);
        for (int i = 0; i < CODE_LENGTH; i++) {
            code.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return code.toString();
    }

    /** The state at {@code at}: an ISSUED voucher past its expiry is EXPIRED even before the job marks it. */
    public State stateAt(Instant at) {
        if (storedState == State.ISSUED && expiresAt != null && !at.isBefore(expiresAt)) {
            return State.EXPIRED;
        }
        return storedState;
    }
}
