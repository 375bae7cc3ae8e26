package io.laurel.reward.app;

import io.laurel.platform.common.Actor;
import io.laurel.platform.error.FailedPreconditionException;
import io.laurel.platform.error.NotFoundException;
import io.laurel.platform.time.StoredTime;
import io.laurel.reward.domain.Voucher;
import io.laurel.reward.store.PostingStore;
import io.laurel.reward.store.RewardStore;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * VoucherService's use cases (R-LEDGER-7): a voucher is redeemed once (the row lock and the
 * ISSUED → REDEEMED transition), revoked by hand, and expired by time.
 */
@ApplicationScoped
public class Vouchers {

    private final Pool pool;
    private final PostingStore postings;
    private final RewardStore rewards;
    private final Clock clock;

    public Vouchers(Pool pool, PostingStore postings, RewardStore rewards, Clock clock) {
        this.pool = pool;
        this.postings = postings;
        this.rewards = rewards;
        this.clock = clock;
    }

    public Instant now() {
        return StoredTime.now(clock);
    }

    public Uni<Voucher> get(String storeId, String voucherId) {
        return rewards.voucher(pool, storeId, voucherId, false).map(v -> {
            if (v == null) {
                throw new NotFoundException("voucher", voucherId);
            }
            return v;
        });
    }

    public Uni<List<Voucher>> list(String storeId, String customerId, String[] states, String code,
                                   RewardStore.VoucherKey after, Instant now, int limit) {
        return rewards.vouchers(pool, storeId, customerId, states, code, after, now, limit);
    }

    /** In the caller's transaction: ISSUED → REDEEMED on {@code orderId}; the same order again returns it. */
    public Uni<Voucher> redeem(SqlConnection tx, String storeId, String customerId, String code, String orderId) {
        Instant now = StoredTime.now(clock);
        return postings.lock(tx, storeId, customerId, now)
                .flatMap(account -> rewards.voucherByCode(tx, storeId, customerId, code))
                .flatMap(v -> {
                    if (v == null) {
                        throw new NotFoundException("voucher", code);
                    }
                    return switch (v.stateAt(now)) {
                        case REDEEMED -> {
                            if (!v.orderId().equals(orderId)) {
                                throw precondition("VOUCHER_ALREADY_REDEEMED", "the voucher was redeemed on another order", v);
                            }
                            yield Uni.createFrom().item(v);
                        }
                        case EXPIRED -> throw precondition("VOUCHER_EXPIRED", "the voucher expired at " + v.expiresAt(), v);
                        case REVOKED -> throw precondition("VOUCHER_REVOKED", "the voucher was revoked", v);
                        case ISSUED -> rewards.markRedeemed(tx, storeId, v.voucherId(), orderId, now)
                                .replaceWith(new Voucher(v.voucherId(), v.storeId(), v.customerId(), v.code(),
                                        v.productId(), v.variantId(), v.quantity(), Voucher.State.REDEEMED, v.cause(),
                                        v.issueTime(), v.expiresAt(), now, orderId, null, null, null));
                    };
                });
    }

    /** In the caller's transaction: ISSUED → REVOKED; a REVOKED voucher is returned unchanged. */
    public Uni<Voucher> revoke(SqlConnection tx, String storeId, String voucherId, String reason, Actor actor) {
        Instant now = StoredTime.now(clock);
        return rewards.voucher(tx, storeId, voucherId, false).flatMap(found -> {
            if (found == null) {
                throw new NotFoundException("voucher", voucherId);
            }
            return postings.lock(tx, storeId, found.customerId(), now)
                    .flatMap(account -> rewards.voucher(tx, storeId, voucherId, true))
                    .flatMap(v -> switch (v.stateAt(now)) {
                        case REVOKED -> Uni.createFrom().item(v);
                        case REDEEMED -> throw precondition("VOUCHER_ALREADY_REDEEMED", "the voucher was redeemed", v);
                        case EXPIRED -> throw precondition("VOUCHER_EXPIRED", "the voucher expired at " + v.expiresAt(), v);
                        case ISSUED -> rewards.markRevoked(tx, storeId, voucherId, reason, actor, now)
                                .replaceWith(new Voucher(v.voucherId(), v.storeId(), v.customerId(), v.code(),
                                        v.productId(), v.variantId(), v.quantity(), Voucher.State.REVOKED, v.cause(),
                                        v.issueTime(), v.expiresAt(), null, null, now, reason, actor));
                    });
        });
    }

    private static FailedPreconditionException precondition(String reason, String message, Voucher v) {
        return new FailedPreconditionException(reason, message, Map.of("voucher_id", v.voucherId()));
    }
}
