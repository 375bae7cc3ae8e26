package io.laurel.reward.app;

import com.google.protobuf.InvalidProtocolBufferException;
import io.laurel.platform.common.ExpiryPolicy;
import io.laurel.platform.common.Money;
import io.laurel.platform.error.InvalidArgumentException;
import io.laurel.platform.error.FieldViolation;
import io.laurel.platform.error.ItemErrors;
import io.laurel.platform.id.IdGenerator;
import io.laurel.platform.outbox.Outbox;
import io.laurel.platform.store.Rounds;
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
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

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

    /** An IssueReward of a batch, with the path naming it in errors ({@code ""} alone, {@code rewards[3]} in a batch). */
    public record IssueItem(String path, Issue issue) {
    }

    public Uni<IssueRewardResponse> issue(Issue request) {
        return issueAll(request.storeId(), List.of(new IssueItem("", request))).map(List::getFirst);
    }

    /**
     * Issues rewards of one store in one transaction, each answered as {@link #issue} alone would: the rewards go in
     * rounds holding each customer (and so each cause) at most once, in request order (with several rounds, every
     * account of the batch is locked first, in id order); a round reads in one round trip and writes in another
     * whatever its size. One reward refused refuses the whole batch, naming it.
     */
    public Uni<List<IssueRewardResponse>> issueAll(String storeId, List<IssueItem> items) {
        Instant now = StoredTime.now(clock);
        List<String> customers = items.stream().map(item -> item.issue().customerId()).distinct().sorted().toList();
        List<List<Integer>> rounds = Rounds.of(items.size(), i -> List.of(items.get(i).issue().customerId()));
        // one round locks its accounts (in id order) as it opens them; with more, all are locked first, in one order
        return pool.withTransaction(tx -> (rounds.size() == 1 ? Uni.createFrom().voidItem()
                : postings.lockAll(tx, storeId, customers, now).replaceWithVoid()).flatMap(locked -> {
                    List<IssueRewardResponse> answers = new ArrayList<>(Collections.nCopies(items.size(), null));
                    Uni<Void> chain = Uni.createFrom().voidItem();
                    for (List<Integer> round : rounds) {
                        List<IssueItem> these = round.stream().map(items::get).toList();
                        chain = chain.chain(() -> issueRound(tx, storeId, these, now).invoke(done -> {
                            for (int k = 0; k < round.size(); k++) {
                                answers.set(round.get(k), done.get(k));
                            }
                        }).replaceWithVoid());
                    }
                    return chain.replaceWith(answers);
                }));
    }

    /** One round (distinct customers): replays the causes already issued, issues the rest. */
    private Uni<List<IssueRewardResponse>> issueRound(SqlConnection tx, String storeId, List<IssueItem> round,
                                                      Instant now) {
        List<String> customers = round.stream().map(item -> item.issue().customerId()).toList();
        List<String> keys = round.stream().map(item -> key(item.issue())).toList();
        // the store's settings at each reward's time, the accounts under their locks with their lots, and the causes'
        // rows: pipelined, one round trip (Postgres runs them in order, so the causes are read under the locks)
        return Uni.combine().all().unis(
                        ledger.requireConfigsAt(tx, storeId, round.stream().map(item -> item.issue().occurredAt()).toList()),
                        postings.openAll(tx, storeId, customers, now, ids::newId),
                        rewards.findAll(tx, storeId, keys))
                .asTuple()
                .flatMap(read -> {
                    for (int k = 0; k < round.size(); k++) {
                        checkAgainstStore(round.get(k), read.getItem1().get(k));
                    }
                    List<IssueRewardResponse> answers = new ArrayList<>(Collections.nCopies(round.size(), null));
                    RoundWrites writes = new RoundWrites();
                    Uni<Void> chain = Uni.createFrom().voidItem();
                    for (int k = 0; k < round.size(); k++) {
                        int at = k;
                        Issue request = round.get(k).issue();
                        RewardStore.IssueRow row = read.getItem3().get(keys.get(k));
                        if (row != null && row.isIssued()) {
                            answers.set(at, IssueRewardResponse.newBuilder().setIssuedReward(parse(row.issued()))
                                    .setReplayed(true).build());
                            continue;
                        }
                        StoreConfig config = read.getItem1().get(k);
                        PointsPosting posting = read.getItem2().get(request.customerId());
                        chain = chain.chain(() -> issueNew(tx, request, config, posting, row, writes, now)
                                .invoke(answer -> answers.set(at, answer)).replaceWithVoid());
                    }
                    return chain.chain(() -> write(tx, storeId, writes, now)).replaceWith(answers);
                });
    }

    private static String key(Issue request) {
        return request.cause().key(request.customerId());
    }

    private static void checkAgainstStore(IssueItem item, StoreConfig config) {
        // L-PROG-5: faults that need the store's settings, once the request itself is valid
        Issue request = item.issue();
        List<FieldViolation> faults = new ArrayList<>();
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
            throw ItemErrors.inItem(new InvalidArgumentException("INVALID_ARGUMENT", faults), item.path());
        }
    }

    /** What a round's issuances write together, once every one is computed. */
    private static final class RoundWrites {
        final List<RewardStore.Issued> issued = new ArrayList<>();
        final List<PostingStore.Write> postings = new ArrayList<>();
    }

    /** The round's cause rows, postings, accounts and points announcements: pipelined, one round trip. */
    private Uni<Void> write(SqlConnection tx, String storeId, RoundWrites writes, Instant now) {
        List<LedgerEntry> entries = writes.postings.stream().flatMap(w -> w.posting().entries().stream()).toList();
        return Uni.combine().all().unis(rewards.saveIssuedAll(tx, storeId, writes.issued, now),
                        postings.writeAll(tx, storeId, writes.postings, now),
                        outbox.enqueueAll(tx, PointsAnnouncements.of(entries)))
                .discardItems();
    }

    /**
     * Issues a reward on its customer's posting: a store credit entry or a voucher is written at once, the rest is
     * left in {@code writes} — unless a claw-back arrived first, which is applied right after issuance and written
     * with it.
     */
    private Uni<IssueRewardResponse> issueNew(SqlConnection tx, Issue request, StoreConfig config,
                                              PointsPosting posting, RewardStore.IssueRow pending, RoundWrites writes,
                                              Instant now) {
        String key = key(request);
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
            IssueRewardResponse answer = IssueRewardResponse.newBuilder().setIssuedReward(result).build();
            RewardStore.Issued saved = new RewardStore.Issued(key, request.customerId(), r.kind(), result.toByteArray(),
                    r.lotId(), r.amountMinor(), r.voucherId());
            if (pending == null || pending.clawBack() == null) {
                writes.issued.add(saved);
                writes.postings.add(new PostingStore.Write(posting, r.account()));
                return Uni.createFrom().item(answer);
            }
            // a claw-back arrived first: apply it right after issuance (RewardService.ClawBackReward)
            ClawBack clawBack = new ClawBack(request.storeId(), request.customerId(), request.cause(),
                    pending.clawBackReason(), pending.clawBackTime());
            RewardStore.IssueRow issuedRow = new RewardStore.IssueRow(r.kind(), result.toByteArray(), r.lotId(),
                    r.amountMinor(), r.voucherId(), null, null, null, false);
            return rewards.saveIssued(tx, request.storeId(), saved, now)
                    .flatMap(x -> takeBack(tx, clawBack, issuedRow, posting, r.account(), key, now))
                    .replaceWith(answer);
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
