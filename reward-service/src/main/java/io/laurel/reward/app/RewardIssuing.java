package io.laurel.reward.app;

import com.google.protobuf.InvalidProtocolBufferException;
import io.laurel.platform.common.ExpiryPolicy;
import io.laurel.platform.common.Money;
import io.laurel.platform.error.InvalidArgumentException;
import io.laurel.platform.error.FieldViolation;
import io.laurel.platform.id.IdGenerator;
import io.laurel.platform.outbox.Outbox;
import io.laurel.platform.time.StoredTime;
import io.laurel.reward.domain.CustomerAccount;
import io.laurel.reward.domain.LedgerEntry;
import io.laurel.reward.domain.PointsExpiry;
import io.laurel.reward.domain.PointsPosting;
import io.laurel.reward.domain.RewardCause;
import io.laurel.reward.domain.RewardSpec;
import io.laurel.reward.domain.StoreConfig;
import io.laurel.reward.domain.StoreCreditEntry;
import io.laurel.reward.domain.Voucher;
import io.laurel.reward.mapping.LedgerMapping;
import io.laurel.reward.mapping.PointsAnnouncements;
import io.laurel.reward.mapping.RewardMapping;
import io.laurel.reward.store.PointsLedger;
import io.laurel.reward.store.PostingStore;
import io.laurel.reward.store.RewardStore;
import io.laurel.proto.reward.v1.ClawBackRewardResponse;
import io.laurel.proto.reward.v1.IssueRewardResponse;
import io.laurel.proto.reward.v1.IssuedReward;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * RewardService's use cases: issue a reward once per cause (R-LEDGER-1) and claw back what is still
 * unspent of it (L-REWARD-2). Both take the customer's account lock first, so a concurrent duplicate
 * waits for the first and then finds its row, and a claw-back that arrives before its reward is
 * recorded and applied right after issuance.
 */
@ApplicationScoped
public class RewardIssuing {

    /** A validated IssueReward; {@code orderAmount} null when not given. */
    public record Issue(String storeId, String customerId, RewardCause cause, RewardSpec reward, Money orderAmount,
                        ExpiryPolicy expiryPolicy, Instant occurredAt) {
    }

    /** A validated ClawBackReward. */
    public record ClawBack(String storeId, String customerId, RewardCause cause, String reason, Instant occurredAt) {
    }

    private final Pool pool;
    private final PointsLedger ledger;
    private final PostingStore postings;
    private final RewardStore rewards;
    private final Outbox outbox;
    private final IdGenerator ids;
    private final Clock clock;

    public RewardIssuing(Pool pool, PointsLedger ledger, PostingStore postings, RewardStore rewards, Outbox outbox,
                         IdGenerator ids, Clock clock) {
        this.pool = pool;
        this.ledger = ledger;
        this.postings = postings;
        this.rewards = rewards;
        this.outbox = outbox;
        this.ids = ids;
        this.clock = clock;
    }

    public Uni<IssueRewardResponse> issue(Issue request) {
        Instant now = StoredTime.now(clock);
        String key = request.cause().key(request.customerId());
        // the store's settings, the account under its lock with its lots, and the cause's row: read together,
        // pipelined (one round trip; Postgres runs them in order, so the cause is read under the account lock)
        return pool.withTransaction(tx -> Uni.combine().all().unis(
                        ledger.requireConfigAt(tx, request.storeId(), request.occurredAt()),
                        postings.open(tx, request.storeId(), request.customerId(), now, ids::newId),
                        rewards.find(tx, request.storeId(), key).map(Optional::ofNullable))
                .asTuple()
                .call(read -> checkAgainstStore(request, read.getItem1()))
                .flatMap(read -> {
                    RewardStore.IssueRow row = read.getItem3().orElse(null);
                    if (row != null && row.isIssued()) {
                        return Uni.createFrom().item(IssueRewardResponse.newBuilder()
                                .setIssuedReward(parse(row.issued())).setReplayed(true).build());
                    }
                    return issueNew(tx, request, read.getItem1(), read.getItem2(), key, row, now);
                }));
    }

    private static Uni<Void> checkAgainstStore(Issue request, StoreConfig config) {
        // L-PROG-5: faults that need the store's settings, once the request itself is valid
        List<FieldViolation> faults = new java.util.ArrayList<>();
        if (request.reward().kind() == RewardSpec.Kind.STORE_CREDIT && !request.reward().isPercentage()
                && !request.reward().currency().equals(config.currencyCode())) {
            faults.add(new FieldViolation("reward.store_credit.fixed_amount.currency_code",
                    "must be the store currency " + config.currencyCode()));
        }
        if (request.reward().isPercentage() && request.orderAmount() != null
                && !request.orderAmount().currencyCode().equals(config.currencyCode())) {
            faults.add(new FieldViolation("order_amount.currency_code", "must be the store currency " + config.currencyCode()));
        }
        if (!faults.isEmpty()) {
            throw new InvalidArgumentException("INVALID_ARGUMENT", faults);
        }
        return Uni.createFrom().voidItem();
    }

    private Uni<IssueRewardResponse> issueNew(SqlConnection tx, Issue request, StoreConfig config,
                                              PointsPosting posting, String key, RewardStore.IssueRow pending,
                                              Instant now) {
        RewardSpec spec = request.reward();
        long orderMinor = request.orderAmount() == null ? 0 : request.orderAmount().amountMinor();
        Instant occurred = request.occurredAt().isAfter(now) ? now : request.occurredAt();
        PointsPosting.Refs refs = new PointsPosting.Refs(request.cause(), null, null, null);
        IssuedReward.Builder issued = IssuedReward.newBuilder().setCause(RewardMapping.toProto(request.cause()));
        Uni<IssuedRecord> record = switch (spec.kind()) {
            case POINTS -> {
                long points = spec.points(orderMinor, config.pointValueMinorMilli());
                LedgerEntry entry = points == 0
                        ? posting.zero(LedgerEntry.Kind.EARNED, occurred, refs, "", LedgerEntry.SYSTEM_ACTOR)
                        : posting.credit(LedgerEntry.Kind.EARNED, points, occurred,
                                PointsExpiry.expiresAt(request.occurredAt(), request.expiryPolicy(), config.zone()),
                                refs, "", LedgerEntry.SYSTEM_ACTOR, sourceKind(request.cause()), key);
                issued.setPointsEntry(LedgerMapping.toProto(entry));
                yield Uni.createFrom().item(new IssuedRecord("POINTS", entry.lotId(), null, null, posting.account()));
            }
            case STORE_CREDIT -> {
                long minor = spec.creditMinor(orderMinor);
                CustomerAccount account = posting.account();
                StoreCreditEntry entry = StoreCreditEntry.next(ids.newId(), request.storeId(), request.customerId(),
                        account, StoreCreditEntry.Kind.ISSUED, minor, config.currencyCode(), occurred, now,
                        request.cause(), null, null, "", LedgerEntry.SYSTEM_ACTOR);
                issued.setStoreCreditEntry(RewardMapping.toProto(entry));
                yield postings.appendCredit(tx, entry)
                        .replaceWith(new IssuedRecord("STORE_CREDIT", null, minor, null, entry.applyTo(account)));
            }
            case FREE_PRODUCT -> {
                Instant expires = PointsExpiry.expiresAt(request.occurredAt(), request.expiryPolicy(), config.zone());
                yield insertVoucher(tx, new Voucher(ids.newId(), request.storeId(), request.customerId(), null,
                        spec.productId(), spec.variantId(), spec.quantity(), Voucher.State.ISSUED, request.cause(), now,
                        expires, null, null, null, null, null), key, 0)
                        .map(voucher -> {
                            issued.setVoucher(RewardMapping.toProto(voucher, now));
                            return new IssuedRecord("FREE_PRODUCT", null, null, voucher.voucherId(), posting.account());
                        });
            }
        };
        return record.flatMap(r -> {
            IssuedReward result = issued.build();
            Uni<Void> saved = rewards.saveIssued(tx, request.storeId(), key, request.customerId(), r.kind(),
                    result.toByteArray(), r.lotId(), r.amountMinor(), r.voucherId(), now);
            if (pending == null || pending.clawBack() == null) {
                // the cause row, the posting, the account and the announcements: pipelined, one round trip
                return Uni.combine().all().unis(saved, finish(tx, request.storeId(), posting, r.account(), now))
                        .discardItems()
                        .replaceWith(IssueRewardResponse.newBuilder().setIssuedReward(result).build());
            }
            // a claw-back arrived first: apply it right after issuance (RewardService.ClawBackReward)
            ClawBack clawBack = new ClawBack(request.storeId(), request.customerId(), request.cause(),
                    pending.clawBackReason(), pending.clawBackTime());
            RewardStore.IssueRow issuedRow = new RewardStore.IssueRow(r.kind(), result.toByteArray(), r.lotId(),
                    r.amountMinor(), r.voucherId(), null, null, null, false);
            return saved.flatMap(x -> takeBack(tx, clawBack, issuedRow, posting, r.account(), key, now))
                    .replaceWith(IssueRewardResponse.newBuilder().setIssuedReward(result).build());
        });
    }

    private record IssuedRecord(String kind, String lotId, Long amountMinor, String voucherId, CustomerAccount account) {
    }

    private Uni<Voucher> insertVoucher(SqlConnection tx, Voucher draft, String key, int attempt) {
        Voucher voucher = new Voucher(draft.voucherId(), draft.storeId(), draft.customerId(), Voucher.newCode(),
                draft.productId(), draft.variantId(), draft.quantity(), draft.storedState(), draft.cause(),
                draft.issueTime(), draft.expiresAt(), null, null, null, null, null);
        return rewards.insertVoucher(tx, voucher, key).flatMap(inserted -> {
            if (inserted) {
                return Uni.createFrom().item(voucher);
            }
            if (attempt >= 5) {
                throw new IllegalStateException("no free voucher code after 6 draws");
            }
            return insertVoucher(tx, draft, key, attempt + 1);
        });
    }

    public Uni<ClawBackRewardResponse> clawBack(ClawBack request) {
        Instant now = StoredTime.now(clock);
        String key = request.cause().key(request.customerId());
        return pool.withTransaction(tx -> postings.open(tx, request.storeId(), request.customerId(), now, ids::newId)
                .flatMap(posting -> rewards.find(tx, request.storeId(), key).flatMap(row -> {
                    if (row != null && row.clawBack() != null) {
                        return Uni.createFrom().item(parseClawBack(row.clawBack()).toBuilder().setReplayed(true).build());
                    }
                    if (row == null || !row.isIssued()) {
                        ClawBackRewardResponse pending = ClawBackRewardResponse.newBuilder().setPending(true).build();
                        return rewards.saveClawBack(tx, request.storeId(), key, request.customerId(),
                                pending.toByteArray(), request.reason(), request.occurredAt(), false, now)
                                .replaceWith(pending);
                    }
                    return takeBack(tx, request, row, posting, posting.account(), key, now);
                })));
    }

    /** L-REWARD-2: takes back what is still unspent of an issued reward, records it once, writes everything. */
    private Uni<ClawBackRewardResponse> takeBack(SqlConnection tx, ClawBack request, RewardStore.IssueRow row,
                                                 PointsPosting posting, CustomerAccount account, String key,
                                                 Instant now) {
        Instant effective = request.occurredAt().isAfter(now) ? now : request.occurredAt();
        PointsPosting.Refs refs = new PointsPosting.Refs(request.cause(), null, null, null);
        ClawBackRewardResponse.Builder response = ClawBackRewardResponse.newBuilder();
        Uni<CustomerAccount> done = switch (row.kind()) {
            case "POINTS" -> {
                long unspent = row.lotId() == null || posting.lot(row.lotId()) == null ? 0
                        : posting.lot(row.lotId()).spendableAt(now);
                LedgerEntry entry = unspent == 0
                        ? posting.zero(LedgerEntry.Kind.CLAWED_BACK, effective, refs, request.reason(), LedgerEntry.SYSTEM_ACTOR)
                        : posting.debit(LedgerEntry.Kind.CLAWED_BACK, unspent, effective, row.lotId(),
                                PointsPosting.Shortfall.PREFERRED_LOT_ONLY, refs, request.reason(), LedgerEntry.SYSTEM_ACTOR);
                response.setPointsEntry(LedgerMapping.toProto(entry));
                yield Uni.createFrom().item(account);
            }
            case "STORE_CREDIT" -> {
                long take = Math.min(row.amountMinor(), account.availableCredit());
                StoreCreditEntry entry = StoreCreditEntry.next(ids.newId(), request.storeId(), request.customerId(),
                        account, StoreCreditEntry.Kind.CLAWED_BACK, -take, currencyOf(row), effective, now,
                        request.cause(), null, null, request.reason(), LedgerEntry.SYSTEM_ACTOR);
                response.setStoreCreditEntry(RewardMapping.toProto(entry));
                yield postings.appendCredit(tx, entry).replaceWith(entry.applyTo(account));
            }
            default -> rewards.voucher(tx, request.storeId(), row.voucherId(), true).flatMap(voucher -> {
                if (voucher.stateAt(now) != Voucher.State.ISSUED) {
                    response.setVoucher(RewardMapping.toProto(voucher, now));
                    return Uni.createFrom().item(account);
                }
                Voucher revoked = new Voucher(voucher.voucherId(), voucher.storeId(), voucher.customerId(),
                        voucher.code(), voucher.productId(), voucher.variantId(), voucher.quantity(),
                        Voucher.State.REVOKED, voucher.cause(), voucher.issueTime(), voucher.expiresAt(), null, null,
                        now, request.reason(), LedgerEntry.SYSTEM_ACTOR);
                response.setVoucher(RewardMapping.toProto(revoked, now));
                return rewards.markRevoked(tx, request.storeId(), voucher.voucherId(), request.reason(),
                        LedgerEntry.SYSTEM_ACTOR, now).replaceWith(account);
            });
        };
        return done.flatMap(after -> {
            ClawBackRewardResponse result = response.build();
            return rewards.saveClawBack(tx, request.storeId(), key, request.customerId(), result.toByteArray(),
                            request.reason(), request.occurredAt(), true, now)
                    .flatMap(x -> finish(tx, request.storeId(), posting, after, now))
                    .replaceWith(result);
        });
    }

    /** Writes the posting and the account, and announces the points changes in the same transaction. */
    private Uni<Void> finish(SqlConnection tx, String storeId, PointsPosting posting, CustomerAccount account,
                             Instant now) {
        return Uni.combine().all().unis(postings.write(tx, storeId, posting, account, now),
                outbox.enqueueAll(tx, PointsAnnouncements.of(posting.entries()))).discardItems();
    }

    private static String currencyOf(RewardStore.IssueRow row) {
        IssuedReward issued = parse(row.issued());
        return issued.getStoreCreditEntry().getAmountDelta().getCurrencyCode();
    }

    private static String sourceKind(RewardCause cause) {
        return cause.kind() == RewardCause.Kind.MILESTONE ? "MILESTONE_REWARD" : "TIER_ENTRY_REWARD";
    }

    private static IssuedReward parse(byte[] bytes) {
        try {
            return IssuedReward.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("stored issued reward is unreadable", e);
        }
    }

    private static ClawBackRewardResponse parseClawBack(byte[] bytes) {
        try {
            return ClawBackRewardResponse.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("stored claw-back is unreadable", e);
        }
    }
}
