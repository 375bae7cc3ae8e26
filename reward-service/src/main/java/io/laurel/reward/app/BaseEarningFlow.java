package io.laurel.reward.app;

import io.laurel.platform.common.Money;
import io.laurel.platform.error.FailedPreconditionException;
import io.laurel.platform.error.FieldViolation;
import io.laurel.platform.error.InvalidArgumentException;
import io.laurel.platform.error.ItemErrors;
import io.laurel.platform.error.NotFoundException;
import io.laurel.platform.id.IdGenerator;
import io.laurel.platform.outbox.Outbox;
import io.laurel.platform.store.Rounds;
import io.laurel.platform.store.SqlErrors;
import io.laurel.platform.time.StoredTime;
import io.laurel.proto.reward.v1.EarnForOrderResponse;
import io.laurel.proto.reward.v1.RecordTierChangeResponse;
import io.laurel.proto.reward.v1.ReverseOrderEarningResponse;
import io.laurel.reward.domain.BaseEarning;
import io.laurel.reward.domain.LedgerEntry;
import io.laurel.reward.domain.OrderEarning;
import io.laurel.reward.domain.PointsExpiry;
import io.laurel.reward.domain.PointsPosting;
import io.laurel.reward.domain.StoreConfig;
import io.laurel.reward.mapping.EarningMapping;
import io.laurel.reward.mapping.LedgerMapping;
import io.laurel.reward.mapping.PointsAnnouncements;
import io.laurel.reward.store.EarningStore;
import io.laurel.reward.store.LedgerRepository;
import io.laurel.reward.store.PointsLedger;
import io.laurel.reward.store.PostingStore;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * EarningService's use cases (R-LEDGER-5). Every call takes the customer's account lock first, so an
 * order, its refunds and the customer's tier changes apply one at a time; each is idempotent on its
 * business key, and the stored result depends only on the set of messages received, not on the
 * order they arrived in: an order earns at the multiplier of the latest tier change before it, a
 * late tier change re-prices the orders it covers, and a refund that arrives before its order waits
 * for it.
 */
@ApplicationScoped
public class BaseEarningFlow {

    public static final String ORDER_ALREADY_RECORDED = "ORDER_ALREADY_RECORDED";
    public static final String REVERSAL_ALREADY_RECORDED = "REVERSAL_ALREADY_RECORDED";
    public static final String ORDER_CUSTOMER_MISMATCH = "ORDER_CUSTOMER_MISMATCH";
    public static final String CHANGE_ALREADY_RECORDED = "CHANGE_ALREADY_RECORDED";

    /** A validated EarnForOrder. */
    public record Earn(String storeId, String customerId, String orderId, Money amount, Instant occurredAt) {
    }

    /** A validated ReverseOrderEarning; {@code refundedMinor} 0 for a cancellation. */
    public record Reverse(String storeId, String customerId, String orderId, String reversalId, long refundedMinor,
                          String currency, boolean cancellation, Instant occurredAt) {
    }

    /** A validated RecordTierChange. */
    public record TierChange(String storeId, String customerId, String changeId, String tierProgramId, String tierId,
                             int multiplierBps, Instant effectiveTime) {
    }

    private final Pool pool;
    private final PointsLedger ledger;
    private final LedgerRepository entries;
    private final PostingStore postings;
    private final EarningStore earnings;
    private final Outbox outbox;
    private final IdGenerator ids;
    private final Clock clock;

    public BaseEarningFlow(Pool pool, PointsLedger ledger, LedgerRepository entries, PostingStore postings,
                           EarningStore earnings, Outbox outbox, IdGenerator ids, Clock clock) {
        this.pool = pool;
        this.ledger = ledger;
        this.entries = entries;
        this.postings = postings;
        this.earnings = earnings;
        this.outbox = outbox;
        this.ids = ids;
        this.clock = clock;
    }

    /** An EarnForOrder of a batch, with the path naming it in errors ({@code ""} alone, {@code orders[3]} in a batch). */
    public record EarnItem(String path, Earn earn) {
    }

    public Uni<EarnForOrderResponse> earn(Earn r) {
        return earnAll(r.storeId(), List.of(new EarnItem("", r))).map(List::getFirst);
    }

    /**
     * Records base earning for many orders of one store in one transaction, each answered as {@link #earn}
     * alone would: the orders go in rounds holding each customer and order at most once, in request order
     * (with several rounds, every account of the batch is locked first, in id order); a round costs about
     * a dozen statements whatever its size. One order refused refuses the whole batch, naming it.
     */
    public Uni<List<EarnForOrderResponse>> earnAll(String storeId, List<EarnItem> items) {
        Instant now = StoredTime.now(clock);
        List<String> customers = items.stream().map(item -> item.earn().customerId()).distinct().sorted().toList();
        List<List<Integer>> rounds = Rounds.of(items.size(), i -> List.of("customer " + items.get(i).earn().customerId(),
                "order " + items.get(i).earn().orderId()));
        // one round locks its accounts (in id order) as it opens them; with more, all are locked first, in one order
        return pool.withTransaction(tx -> (rounds.size() == 1 ? Uni.createFrom().voidItem()
                : postings.lockAll(tx, storeId, customers, now).replaceWithVoid()).flatMap(locked -> {
                    List<EarnForOrderResponse> answers = new ArrayList<>(Collections.nCopies(items.size(), null));
                    Uni<Void> chain = Uni.createFrom().voidItem();
                    for (List<Integer> round : rounds) {
                        List<EarnItem> these = round.stream().map(items::get).toList();
                        chain = chain.chain(() -> earnRound(tx, storeId, these, now).invoke(done -> {
                            for (int k = 0; k < round.size(); k++) {
                                answers.set(round.get(k), done.get(k));
                            }
                        }).replaceWithVoid());
                    }
                    return chain.replaceWith(answers);
                }))
                // the same order id sent at once for two customers: the second meets the first's row
                .onFailure(SqlErrors::isUniqueViolation).transform(e -> new FailedPreconditionException(
                        ORDER_ALREADY_RECORDED, items.size() == 1
                                ? "order " + items.getFirst().earn().orderId() + " was recorded meanwhile for another customer"
                                : "an order of the batch was recorded meanwhile for another customer",
                        items.size() == 1 ? Map.of("order_id", items.getFirst().earn().orderId()) : Map.of()));
    }

    /** One round (distinct customers and orders): replays what was recorded, earns the rest. */
    private Uni<List<EarnForOrderResponse>> earnRound(SqlConnection tx, String storeId, List<EarnItem> round, Instant now) {
        List<String> customers = round.stream().map(item -> item.earn().customerId()).toList();
        List<String> orders = round.stream().map(item -> item.earn().orderId()).toList();
        return Uni.combine().all().unis(postings.openAll(tx, storeId, customers, now, ids::newId),
                        earnings.orders(tx, storeId, orders))
                .asTuple()
                .flatMap(opened -> {
                    Map<String, OrderEarning> recorded = opened.getItem2();
                    List<EarnItem> fresh = round.stream().filter(item -> !recorded.containsKey(item.earn().orderId()))
                            .toList();
                    Uni<Map<String, EarnForOrderResponse>> earned = fresh.isEmpty()
                            ? Uni.createFrom().item(Map.of()) : earnFresh(tx, storeId, fresh, opened.getItem1(), now);
                    return earned.flatMap(answers -> {
                        List<EarnForOrderResponse> all = new ArrayList<>();
                        Uni<Void> replays = Uni.createFrom().voidItem();
                        for (EarnItem item : round) {
                            OrderEarning existing = recorded.get(item.earn().orderId());
                            int position = all.size();
                            all.add(answers.get(item.earn().orderId()));
                            if (existing != null) {
                                replays = replays.chain(() -> replayEarn(tx, item, existing)
                                        .invoke(answer -> all.set(position, answer)).replaceWithVoid());
                            }
                        }
                        return replays.replaceWith(all);
                    });
                });
    }

    /** Earns {@code fresh} (new orders of distinct customers) on their opened postings; answers by order id. */
    private Uni<Map<String, EarnForOrderResponse>> earnFresh(SqlConnection tx, String storeId, List<EarnItem> fresh,
                                                             Map<String, PointsPosting> opened, Instant now) {
        List<String> customers = fresh.stream().map(item -> item.earn().customerId()).toList();
        List<String> orderIds = fresh.stream().map(item -> item.earn().orderId()).toList();
        return Uni.combine().all().unis(
                        ledger.requireConfigsAt(tx, storeId, fresh.stream().map(item -> item.earn().occurredAt()).toList()),
                        earnings.tierChanges(tx, storeId, customers),
                        earnings.pendingReversals(tx, storeId, orderIds))
                .asTuple()
                .flatMap(read -> {
                    Map<String, EarnForOrderResponse> answers = new HashMap<>();
                    List<OrderEarning> stored = new ArrayList<>();
                    List<PostingStore.Write> writes = new ArrayList<>();
                    List<String> withReversals = new ArrayList<>();
                    for (int i = 0; i < fresh.size(); i++) {
                        EarnItem item = fresh.get(i);
                        Earn r = item.earn();
                        StoreConfig config = read.getItem1().get(i);
                        if (!config.currencyCode().equals(r.amount().currencyCode())) {
                            throw ItemErrors.inItem(new InvalidArgumentException(List.of(new FieldViolation(
                                    "amount.currency_code", "must be the store currency " + config.currencyCode()))),
                                    item.path());
                        }
                        PointsPosting posting = opened.get(r.customerId());
                        int multiplier = BaseEarning.multiplierAt(r.occurredAt(),
                                read.getItem2().getOrDefault(r.customerId(), List.of()));
                        long points = BaseEarning.points(r.amount().amountMinor(), config.currencyCode(),
                                config.baseEarningRateMilli(), multiplier);
                        Instant expires = PointsExpiry.expiresAt(r.occurredAt(), config.defaultPointsExpiry(), config.zone());
                        LedgerEntry entry = points == 0 ? null : posting.credit(LedgerEntry.Kind.EARNED, points,
                                clamp(r.occurredAt(), now), expires, PointsPosting.Refs.order(r.orderId()), "",
                                LedgerEntry.SYSTEM_ACTOR, "BASE_EARNING", r.orderId());
                        OrderEarning order = new OrderEarning(r.orderId(), r.customerId(), r.amount().amountMinor(),
                                config.currencyCode(), r.occurredAt(), config.baseEarningRateMilli(), multiplier, points,
                                0, 0, false, entry == null ? null : entry.lotId(), expires);
                        List<EarningStore.Reversal> pending = read.getItem3().getOrDefault(r.orderId(), List.of());
                        for (EarningStore.Reversal reversal : pending) {
                            order = applyReversal(posting, order, reversal, now).order();
                        }
                        if (!pending.isEmpty()) {
                            withReversals.add(r.orderId());
                        }
                        stored.add(order);
                        writes.add(new PostingStore.Write(posting, posting.account()));
                        answers.put(r.orderId(), earnResponse(order, entry));
                    }
                    List<LedgerEntry> entries = writes.stream().flatMap(w -> w.posting().entries().stream()).toList();
                    // pipelined, one round trip
                    return Uni.combine().all().unis(earnings.insertOrders(tx, storeId, stored, now),
                                    earnings.markApplied(tx, storeId, withReversals),
                                    postings.writeAll(tx, storeId, writes, now),
                                    outbox.enqueueAll(tx, PointsAnnouncements.of(entries)))
                            .discardItems()
                            .replaceWith(answers);
                });
    }

    private Uni<EarnForOrderResponse> replayEarn(SqlConnection tx, EarnItem item, OrderEarning existing) {
        Earn r = item.earn();
        if (!existing.customerId().equals(r.customerId()) || existing.amountMinor() != r.amount().amountMinor()
                || !existing.currencyCode().equals(r.amount().currencyCode())
                || !existing.occurredAt().equals(r.occurredAt())) {
            throw ItemErrors.inItem(new FailedPreconditionException(ORDER_ALREADY_RECORDED,
                    "order " + r.orderId() + " was already recorded with another customer, amount or occurred_at",
                    Map.of("order_id", r.orderId())), item.path());
        }
        return entries.entryOf(tx, r.storeId(), r.orderId(), LedgerEntry.Kind.EARNED, null)
                .map(entry -> earnResponse(existing, entry));
    }

    public Uni<ReverseOrderEarningResponse> reverse(Reverse r) {
        Instant now = StoredTime.now(clock);
        EarningStore.Reversal reversal = new EarningStore.Reversal(r.orderId(), r.reversalId(), r.customerId(),
                r.refundedMinor(), r.currency(), r.cancellation(), r.occurredAt(), false);
        return pool.withTransaction(tx -> postings.open(tx, r.storeId(), r.customerId(), now, ids::newId)
                .flatMap(posting -> earnings.insertReversal(tx, r.storeId(), reversal, now).flatMap(known -> {
                    if (known != null) {
                        return replayReverse(tx, r, reversal, known);
                    }
                    return earnings.order(tx, r.storeId(), r.orderId()).flatMap(order -> {
                        if (order == null) {
                            return Uni.createFrom().item(ReverseOrderEarningResponse.newBuilder().setPending(true).build());
                        }
                        checkAgainstOrder(r, order);
                        Applied applied = applyReversal(posting, order, reversal, now);
                        return earnings.updateOrder(tx, r.storeId(), applied.order())
                                .flatMap(x -> earnings.markApplied(tx, r.storeId(), r.orderId()))
                                .flatMap(x -> finish(tx, r.storeId(), posting, now))
                                .replaceWith(reverseResponse(applied.order(), applied.entry()));
                    });
                })));
    }

    private static void checkAgainstOrder(Reverse r, OrderEarning order) {
        if (!order.customerId().equals(r.customerId())) {
            throw new FailedPreconditionException(ORDER_CUSTOMER_MISMATCH,
                    "order " + r.orderId() + " belongs to another customer", Map.of("order_id", r.orderId()));
        }
        if (!r.cancellation() && !order.currencyCode().equals(r.currency())) {
            throw new InvalidArgumentException(List.of(new FieldViolation("refunded_amount.currency_code",
                    "must be the order's currency " + order.currencyCode())));
        }
    }

    private Uni<ReverseOrderEarningResponse> replayReverse(SqlConnection tx, Reverse r, EarningStore.Reversal asked,
                                                           EarningStore.Reversal known) {
        boolean same = known.customerId().equals(asked.customerId()) && known.refundedMinor() == asked.refundedMinor()
                && known.cancellation() == asked.cancellation() && known.currency().equals(asked.currency())
                && known.occurredAt().equals(asked.occurredAt());
        if (!same) {
            throw new FailedPreconditionException(REVERSAL_ALREADY_RECORDED,
                    "reversal " + r.reversalId() + " of order " + r.orderId() + " was already recorded with other content",
                    Map.of("order_id", r.orderId(), "reversal_id", r.reversalId()));
        }
        if (!known.applied()) {
            return Uni.createFrom().item(ReverseOrderEarningResponse.newBuilder().setPending(true).build());
        }
        return earnings.order(tx, r.storeId(), r.orderId()).flatMap(order -> entries
                .entryOf(tx, r.storeId(), r.orderId(), LedgerEntry.Kind.REVERSED, r.reversalId())
                .map(entry -> reverseResponse(order, entry)));
    }

    private record Applied(OrderEarning order, LedgerEntry entry) {
    }

    /** Brings the order's reversed total to floor(P × R / A) with one REVERSED entry (L-LEDGER-2: may make debt). */
    private static Applied applyReversal(PointsPosting posting, OrderEarning order, EarningStore.Reversal reversal,
                                         Instant now) {
        OrderEarning next = order.reversedBy(reversal.refundedMinor(), reversal.cancellation());
        long delta = next.pointsReversed() - order.pointsReversed();
        LedgerEntry entry = delta <= 0 ? null : posting.debit(LedgerEntry.Kind.REVERSED, delta,
                clamp(reversal.occurredAt(), now), order.lotId(), PointsPosting.Shortfall.DEBT,
                new PointsPosting.Refs(null, order.orderId(), reversal.reversalId(), null), "", LedgerEntry.SYSTEM_ACTOR);
        return new Applied(next, entry);
    }

    public Uni<RecordTierChangeResponse> recordTierChange(TierChange r) {
        Instant now = StoredTime.now(clock);
        EarningStore.StoredTierChange asked = new EarningStore.StoredTierChange(r.customerId(), r.tierProgramId(),
                r.tierId(), r.multiplierBps(), r.effectiveTime(), 0);
        return pool.withTransaction(tx -> postings.open(tx, r.storeId(), r.customerId(), now, ids::newId)
                .flatMap(posting -> earnings.tierChange(tx, r.storeId(), r.changeId()).flatMap(known -> {
                    if (known != null) {
                        if (!known.equals(new EarningStore.StoredTierChange(asked.customerId(), asked.tierProgramId(),
                                asked.tierId(), asked.multiplierBps(), asked.effectiveTime(), known.repricedOrders()))) {
                            throw new FailedPreconditionException(CHANGE_ALREADY_RECORDED,
                                    "tier change " + r.changeId() + " was already recorded with other content",
                                    Map.of("change_id", r.changeId()));
                        }
                        return Uni.createFrom().item(RecordTierChangeResponse.newBuilder()
                                .setRepricedOrderCount(known.repricedOrders()).build());
                    }
                    return earnings.tierChanges(tx, r.storeId(), r.customerId())
                            .flatMap(changes -> earnings.ordersAfter(tx, r.storeId(), r.customerId(), r.effectiveTime())
                                    .flatMap(orders -> reprice(tx, r, posting, changes, orders, now)));
                })))
                .onFailure(SqlErrors::isUniqueViolation).transform(e -> new FailedPreconditionException(
                        CHANGE_ALREADY_RECORDED, "tier change " + r.changeId() + " was recorded meanwhile for another customer",
                        Map.of("change_id", r.changeId())));
    }

    private Uni<RecordTierChangeResponse> reprice(SqlConnection tx, TierChange r, PointsPosting posting,
                                                  List<BaseEarning.TierChange> known, List<OrderEarning> orders,
                                                  Instant now) {
        List<BaseEarning.TierChange> changes = new ArrayList<>(known);
        changes.add(new BaseEarning.TierChange(r.changeId(), r.tierId(), r.multiplierBps(), r.effectiveTime()));
        List<OrderEarning> repriced = new ArrayList<>();
        for (OrderEarning order : orders) {
            int multiplier = BaseEarning.multiplierAt(order.occurredAt(), changes);
            if (multiplier == order.multiplierBps()) {
                continue;
            }
            OrderEarning next = order.repricedAt(multiplier);
            long net = next.net() - order.net();
            PointsPosting.Refs refs = PointsPosting.Refs.order(order.orderId());
            if (net > 0) {
                posting.credit(LedgerEntry.Kind.EARNING_CORRECTED, net, clamp(order.occurredAt(), now), order.expiresAt(),
                        refs, "", LedgerEntry.SYSTEM_ACTOR, "EARNING_CORRECTION", order.orderId());
            } else if (net < 0) {
                posting.debit(LedgerEntry.Kind.EARNING_CORRECTED, -net, now, order.lotId(), PointsPosting.Shortfall.DEBT,
                        refs, "", LedgerEntry.SYSTEM_ACTOR);
            }
            repriced.add(next);
        }
        Uni<Void> writes = Uni.createFrom().voidItem();
        for (OrderEarning order : repriced) {
            writes = writes.flatMap(x -> earnings.updateOrder(tx, r.storeId(), order));
        }
        EarningStore.StoredTierChange stored = new EarningStore.StoredTierChange(r.customerId(), r.tierProgramId(),
                r.tierId(), r.multiplierBps(), r.effectiveTime(), repriced.size());
        return writes.flatMap(x -> earnings.insertTierChange(tx, r.storeId(), r.changeId(), stored, now))
                .flatMap(x -> finish(tx, r.storeId(), posting, now))
                .replaceWith(RecordTierChangeResponse.newBuilder().setRepricedOrderCount(repriced.size()).build());
    }

    public Uni<OrderEarning> get(String storeId, String orderId) {
        return earnings.order(pool, storeId, orderId).map(order -> {
            if (order == null) {
                throw new NotFoundException("order earning", orderId);
            }
            return order;
        });
    }

    private Uni<Void> finish(SqlConnection tx, String storeId, PointsPosting posting, Instant now) {
        return postings.write(tx, storeId, posting, posting.account(), now)
                .flatMap(x -> outbox.enqueueAll(tx, PointsAnnouncements.of(posting.entries())));
    }

    private static EarnForOrderResponse earnResponse(OrderEarning order, LedgerEntry entry) {
        EarnForOrderResponse.Builder b = EarnForOrderResponse.newBuilder().setOrderEarning(EarningMapping.toProto(order));
        if (entry != null) {
            b.setEntry(LedgerMapping.toProto(entry));
        }
        return b.build();
    }

    private static ReverseOrderEarningResponse reverseResponse(OrderEarning order, LedgerEntry entry) {
        ReverseOrderEarningResponse.Builder b = ReverseOrderEarningResponse.newBuilder()
                .setOrderEarning(EarningMapping.toProto(order));
        if (entry != null) {
            b.setEntry(LedgerMapping.toProto(entry));
        }
        return b.build();
    }

    static Instant clamp(Instant at, Instant now) {
        return at.isAfter(now) ? now : at;
    }
}
