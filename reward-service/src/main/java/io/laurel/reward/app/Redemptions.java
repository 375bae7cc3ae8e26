package io.laurel.reward.app;

import io.laurel.platform.common.Money;
import io.laurel.platform.error.AlreadyExistsException;
import io.laurel.platform.error.FailedPreconditionException;
import io.laurel.platform.error.FieldViolation;
import io.laurel.platform.error.InvalidArgumentException;
import io.laurel.platform.error.NotFoundException;
import io.laurel.platform.id.IdGenerator;
import io.laurel.platform.store.SqlErrors;
import io.laurel.platform.time.StoredTime;
import io.laurel.reward.domain.CustomerAccount;
import io.laurel.reward.domain.LedgerEntry;
import io.laurel.reward.domain.LotAllocation;
import io.laurel.reward.domain.PointsBalance;
import io.laurel.reward.domain.PointsPosting;
import io.laurel.reward.domain.Redemption;
import io.laurel.reward.domain.StoreCreditEntry;
import io.laurel.reward.store.PointsLedger;
import io.laurel.reward.store.PostingStore;
import io.laurel.reward.store.RedemptionStore;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * RedemptionService's use cases (R-LEDGER-4). Reserving holds specific lot portions (soonest expiry
 * first) and store credit under the customer's account lock, so concurrent reservations see each
 * other's holds and can never spend a point twice or take a balance below zero. Commit turns the
 * holds into SPENT entries; release and time-out end them (L-LEDGER-3: held points did not expire,
 * a remainder whose lot lapsed meanwhile expires when freed).
 */
@ApplicationScoped
public class Redemptions {

    public static final String INSUFFICIENT_STORE_CREDIT = "INSUFFICIENT_STORE_CREDIT";

    /** A validated ReserveRedemption; {@code maxDiscount} null when not given. */
    public record Reserve(String storeId, String customerId, String checkoutId, long points, Money storeCredit,
                          Money maxDiscount, Duration ttl) {
    }

    private final Pool pool;
    private final PointsLedger ledger;
    private final PostingStore postings;
    private final RedemptionStore redemptions;
    private final IdGenerator ids;
    private final Clock clock;

    public Redemptions(Pool pool, PointsLedger ledger, PostingStore postings, RedemptionStore redemptions,
                       IdGenerator ids, Clock clock) {
        this.pool = pool;
        this.ledger = ledger;
        this.postings = postings;
        this.redemptions = redemptions;
        this.ids = ids;
        this.clock = clock;
    }

    /** Reserves in the caller's transaction (the idempotency key's). */
    public Uni<Redemption> reserve(SqlConnection tx, Reserve r) {
        Instant now = StoredTime.now(clock);
        return ledger.requireConfig(tx, r.storeId()).flatMap(config -> {
            checkAgainstStore(r, config.currencyCode(), config.pointValueMinorMilli());
            return postings.open(tx, r.storeId(), r.customerId(), now, ids::newId)
                    .flatMap(posting -> timeOutOverdue(tx, r.storeId(), r.customerId(), posting, now)
                            .flatMap(account -> redemptions.openForCheckout(tx, r.storeId(), r.checkoutId())
                                    .flatMap(open -> {
                                        if (open != null && open.stateAt(now) == Redemption.State.RESERVED) {
                                            throw new AlreadyExistsException("redemption", open.redemptionId(),
                                                    Map.of("redemption_id", open.redemptionId()));
                                        }
                                        return hold(tx, r, posting, account, config.currencyCode(),
                                                config.pointValueMinorMilli(), now);
                                    })));
        });
    }

    private static void checkAgainstStore(Reserve r, String currency, long pointValue) {
        List<FieldViolation> faults = new java.util.ArrayList<>();
        if (r.storeCredit() != null && !r.storeCredit().currencyCode().equals(currency)) {
            faults.add(new FieldViolation("store_credit.currency_code", "must be the store currency " + currency));
        }
        if (r.maxDiscount() != null && !r.maxDiscount().currencyCode().equals(currency)) {
            faults.add(new FieldViolation("max_discount.currency_code", "must be the store currency " + currency));
        }
        long credit = r.storeCredit() == null ? 0 : r.storeCredit().amountMinor();
        long total = PointsBalance.valueMinor(r.points(), pointValue) + credit;
        if (faults.isEmpty() && r.maxDiscount() != null && total > r.maxDiscount().amountMinor()) {
            faults.add(new FieldViolation("points", "the discount " + total + " is above max_discount "
                    + r.maxDiscount().amountMinor()));
        }
        if (!faults.isEmpty()) {
            throw new InvalidArgumentException(faults);
        }
    }

    private Uni<Redemption> hold(SqlConnection tx, Reserve r, PointsPosting posting, CustomerAccount account,
                                 String currency, long pointValue, Instant now) {
        long credit = r.storeCredit() == null ? 0 : r.storeCredit().amountMinor();
        if (credit > account.availableCredit()) {
            throw new FailedPreconditionException(INSUFFICIENT_STORE_CREDIT,
                    "the customer has " + account.availableCredit() + " minor units of store credit available, fewer than "
                            + credit + " requested",
                    Map.of("available_minor", Long.toString(account.availableCredit()),
                            "requested_minor", Long.toString(credit)));
        }
        List<LotAllocation> holds = r.points() == 0 ? List.of() : posting.hold(r.points());
        Redemption redemption = new Redemption(ids.newId(), r.storeId(), r.customerId(), r.checkoutId(), r.points(),
                pointValue, currency, PointsBalance.valueMinor(r.points(), pointValue), credit,
                Redemption.State.RESERVED, now, now.plus(r.ttl()), null, null);
        CustomerAccount after = account.withCredit(account.creditLastSequence(), account.creditBalance(),
                account.creditHeld() + credit);
        return postings.write(tx, r.storeId(), posting, after, now)
                .flatMap(x -> redemptions.insert(tx, redemption, holds))
                // another customer reserved the same checkout at the same moment
                .onFailure(SqlErrors::isUniqueViolation).transform(e -> new AlreadyExistsException("redemption",
                        r.checkoutId(), Map.of("checkout_id", r.checkoutId())))
                .replaceWith(redemption);
    }

    /** Ends the customer's reservations that are past their deadline, in this posting; returns the account. */
    private Uni<CustomerAccount> timeOutOverdue(SqlConnection tx, String storeId, String customerId,
                                                PointsPosting posting, Instant now) {
        return redemptions.openOf(tx, storeId, customerId).flatMap(open -> {
            Uni<CustomerAccount> account = Uni.createFrom().item(posting.account());
            for (Redemption overdue : open) {
                if (overdue.stateAt(now) == Redemption.State.EXPIRED) {
                    account = account.flatMap(a -> endHolds(tx, overdue, posting, a, Redemption.State.EXPIRED, null, now));
                }
            }
            return account;
        });
    }

    /** Releases a reservation's holds (RELEASED or EXPIRED) and records its end. */
    private Uni<CustomerAccount> endHolds(SqlConnection tx, Redemption r, PointsPosting posting,
                                          CustomerAccount account, Redemption.State state, String orderId,
                                          Instant now) {
        return redemptions.holds(tx, r.storeId(), r.redemptionId()).flatMap(holds -> {
            posting.release(holds);
            CustomerAccount after = account.withCredit(account.creditLastSequence(), account.creditBalance(),
                    account.creditHeld() - r.storeCreditMinor());
            return redemptions.end(tx, r.ended(state, now, orderId)).replaceWith(after);
        });
    }

    /** Commits in the caller's transaction. */
    public Uni<Redemption> commit(SqlConnection tx, String storeId, String redemptionId, String orderId) {
        Instant now = StoredTime.now(clock);
        return locked(tx, storeId, redemptionId, now, (posting, r) -> switch (r.stateAt(now)) {
            case COMMITTED -> {
                if (!r.orderId().equals(orderId)) {
                    throw precondition("ALREADY_COMMITTED", "the redemption was committed on order " + r.orderId(), r);
                }
                yield Uni.createFrom().item(r);
            }
            case RELEASED -> throw precondition("RESERVATION_RELEASED", "the reservation was released", r);
            case EXPIRED -> throw precondition("RESERVATION_EXPIRED", "the reservation timed out at " + r.expireTime(), r);
            case RESERVED -> redemptions.holds(tx, storeId, redemptionId).flatMap(holds -> {
                PointsPosting.Refs refs = new PointsPosting.Refs(null, orderId, null, redemptionId);
                if (!holds.isEmpty()) {
                    posting.spendHeld(holds, refs, LedgerEntry.SYSTEM_ACTOR);
                }
                CustomerAccount account = posting.account();
                Uni<CustomerAccount> credit = Uni.createFrom().item(account.withCredit(account.creditLastSequence(),
                        account.creditBalance(), account.creditHeld() - r.storeCreditMinor()));
                if (r.storeCreditMinor() > 0) {
                    credit = credit.flatMap(a -> {
                        StoreCreditEntry spent = StoreCreditEntry.next(ids.newId(), storeId, r.customerId(), a,
                                StoreCreditEntry.Kind.SPENT, -r.storeCreditMinor(), r.currencyCode(), now, now, null,
                                redemptionId, orderId, "", LedgerEntry.SYSTEM_ACTOR);
                        return postings.appendCredit(tx, spent).replaceWith(spent.applyTo(a));
                    });
                }
                Redemption committed = r.ended(Redemption.State.COMMITTED, now, orderId);
                return credit.flatMap(a -> postings.write(tx, storeId, posting, a, now))
                        .flatMap(x -> redemptions.end(tx, committed))
                        .replaceWith(committed);
            });
        });
    }

    /** Releases in the caller's transaction; a timed-out reservation is ended as EXPIRED. */
    public Uni<Redemption> release(SqlConnection tx, String storeId, String redemptionId) {
        Instant now = StoredTime.now(clock);
        return locked(tx, storeId, redemptionId, now, (posting, r) -> switch (r.storedState()) {
            case COMMITTED -> throw precondition("ALREADY_COMMITTED", "the redemption was committed", r);
            case RELEASED, EXPIRED -> Uni.createFrom().item(r);
            case RESERVED -> {
                Redemption.State end = r.stateAt(now) == Redemption.State.EXPIRED ? Redemption.State.EXPIRED
                        : Redemption.State.RELEASED;
                yield endHolds(tx, r, posting, posting.account(), end, null, now)
                        .flatMap(a -> postings.write(tx, storeId, posting, a, now))
                        .replaceWith(r.ended(end, now, null));
            }
        });
    }

    /** Times out one overdue reservation (the background job); a no-op if another replica or call ended it. */
    public Uni<Boolean> timeOut(RedemptionStore.Due due) {
        Instant now = StoredTime.now(clock);
        return pool.withTransaction(tx -> postings.open(tx, due.storeId(), due.customerId(), now, ids::newId)
                .flatMap(posting -> redemptions.find(tx, due.storeId(), due.redemptionId(), true).flatMap(r -> {
                    if (r == null || r.storedState() != Redemption.State.RESERVED
                            || r.stateAt(now) != Redemption.State.EXPIRED) {
                        return Uni.createFrom().item(false);
                    }
                    return endHolds(tx, r, posting, posting.account(), Redemption.State.EXPIRED, null, now)
                            .flatMap(a -> postings.write(tx, due.storeId(), posting, a, now))
                            .replaceWith(true);
                })));
    }

    public Uni<Redemption> get(String storeId, String redemptionId) {
        return redemptions.find(pool, storeId, redemptionId, false).map(r -> {
            if (r == null) {
                throw new NotFoundException("redemption", redemptionId);
            }
            return r;
        });
    }

    private interface Step {
        Uni<Redemption> apply(PointsPosting posting, Redemption redemption);
    }

    /** Finds the redemption, locks its customer's account, re-reads it under the lock, then runs {@code step}. */
    private Uni<Redemption> locked(SqlConnection tx, String storeId, String redemptionId, Instant now, Step step) {
        return redemptions.find(tx, storeId, redemptionId, false).flatMap(found -> {
            if (found == null) {
                throw new NotFoundException("redemption", redemptionId);
            }
            return postings.open(tx, storeId, found.customerId(), now, ids::newId)
                    .flatMap(posting -> redemptions.find(tx, storeId, redemptionId, true)
                            .flatMap(r -> step.apply(posting, r)));
        });
    }

    private static FailedPreconditionException precondition(String reason, String message, Redemption r) {
        return new FailedPreconditionException(reason, message, Map.of("redemption_id", r.redemptionId()));
    }
}
