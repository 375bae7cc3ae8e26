package io.laurel.reward.grpc;

import io.laurel.platform.error.Violations;
import io.laurel.platform.grpc.Paging;
import io.laurel.platform.grpc.ProtoTime;
import io.laurel.platform.idempotency.Idempotency;
import io.laurel.reward.app.StoreCredits;
import io.laurel.reward.domain.LedgerEntry;
import io.laurel.reward.domain.ManualAdjustment;
import io.laurel.reward.domain.PointsBalance;
import io.laurel.reward.domain.PointsLot;
import io.laurel.reward.mapping.LedgerMapping;
import io.laurel.reward.mapping.LedgerRequests;
import io.laurel.reward.store.LedgerRepository;
import io.laurel.reward.store.PointsLedger;
import io.laurel.proto.common.v1.Money;
import io.laurel.proto.reward.v1.AdjustPointsRequest;
import io.laurel.proto.reward.v1.AdjustPointsResponse;
import io.laurel.proto.reward.v1.CheckLedgerIntegrityRequest;
import io.laurel.proto.reward.v1.CheckLedgerIntegrityResponse;
import io.laurel.proto.reward.v1.GetBalanceRequest;
import io.laurel.proto.reward.v1.GetBalanceResponse;
import io.laurel.proto.reward.v1.LedgerIntegrityViolation;
import io.laurel.proto.reward.v1.ListLedgerEntriesRequest;
import io.laurel.proto.reward.v1.ListLedgerEntriesResponse;
import io.laurel.proto.reward.v1.ListPointsLotsRequest;
import io.laurel.proto.reward.v1.ListPointsLotsResponse;
import io.laurel.proto.reward.v1.MutinyLedgerServiceGrpc;
import io.quarkus.grpc.GrpcService;
import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * laurel.reward.v1.LedgerService: checks what the contract leaves to it, maps proto ↔ domain, delegates to
 * {@link PointsLedger}. Each request's shape is its contract's, checked before this runs.
 */
@GrpcService
public class LedgerEndpoint extends MutinyLedgerServiceGrpc.LedgerServiceImplBase {

    private final PointsLedger ledger;
    private final Idempotency idempotency;
    private final StoreCredits credits;

    public LedgerEndpoint(PointsLedger ledger, Idempotency idempotency, StoreCredits credits) {
        this.ledger = ledger;
        this.idempotency = idempotency;
        this.credits = credits;
    }

    @Override
    public Uni<GetBalanceResponse> getBalance(GetBalanceRequest request) {
        Duration within = LedgerRequests.expiringWithin(request);
        Instant asOf = request.hasAsOfTime() ? ProtoTime.toInstant(request.getAsOfTime()) : null;
        return Uni.combine().all().unis(ledger.balance(request.getStoreId(), request.getCustomerId(), asOf, within),
                        credits.balance(request.getStoreId(), request.getCustomerId()))
                .with((view, credit) -> {
                    PointsBalance.Balance b = view.balance();
                    String currency = view.config().currencyCode();
                    long pointValue = view.config().pointValueMinorMilli();
                    // store credit never expires: a past instant shows today's credit (its history has the rest)
                    return GetBalanceResponse.newBuilder()
                            .setAsOfTime(ProtoTime.toProto(b.asOf()))
                            .setPointsBalance(b.points())
                            .setReservedPoints(b.reserved())
                            .setAvailablePoints(b.available())
                            .setAvailablePointsValue(money(PointsBalance.valueMinor(b.available(), pointValue), currency))
                            .setPointValueMinorMilli(pointValue)
                            .setStoreCreditBalance(money(credit.balance(), currency))
                            .setReservedStoreCredit(money(credit.held(), currency))
                            .setAvailableStoreCredit(money(credit.balance() - credit.held(), currency))
                            .addAllExpiringSoon(b.expiringSoon().stream().map(LedgerMapping::toProto).toList())
                            .build();
                });
    }

    @Override
    public Uni<ListLedgerEntriesResponse> listLedgerEntries(ListLedgerEntriesRequest request) {
        Violations v = new Violations();
        List<String> kinds = LedgerRequests.kinds(request);
        int size = Paging.pageSize(request.getPageSize());
        Long before = Paging.after(v, request, 1, key -> Long.parseLong(key.get(0))).orElse(null);
        v.throwIfAny();
        return ledger.entries(request.getStoreId(), request.getCustomerId(), kinds, before, size + 1).map(rows -> {
            Paging.Page<LedgerEntry> page = Paging.page(request, rows, size, e -> List.of(Long.toString(e.sequence())));
            return ListLedgerEntriesResponse.newBuilder()
                    .addAllEntries(page.items().stream().map(LedgerMapping::toProto).toList())
                    .setNextPageToken(page.nextPageToken())
                    .build();
        });
    }

    @Override
    public Uni<ListPointsLotsResponse> listPointsLots(ListPointsLotsRequest request) {
        Violations v = new Violations();
        int size = Paging.pageSize(request.getPageSize());
        LedgerRepository.LotKey after = Paging.after(v, request, 3, LedgerEndpoint::lotKey).orElse(null);
        v.throwIfAny();
        return ledger.lots(request.getStoreId(), request.getCustomerId(), request.getIncludeClosed(), after, size + 1)
                .map(view -> {
                    Paging.Page<PointsLot> page = Paging.page(request, view.lots(), size, last -> List.of(
                            last.expiresAt() == null ? "" : last.expiresAt().toString(),
                            last.earnedAt().toString(), last.lotId()));
                    return ListPointsLotsResponse.newBuilder()
                            .addAllLots(page.items().stream().map(lot -> LedgerMapping.toProto(lot, view.now())).toList())
                            .setNextPageToken(page.nextPageToken())
                            .build();
                });
    }

    @Override
    public Uni<AdjustPointsResponse> adjustPoints(AdjustPointsRequest request) {
        Violations v = new Violations();
        ManualAdjustment.Request adjustment = LedgerRequests.adjustment(request, v);
        v.throwIfAny();
        return idempotency.once(request.getStoreId(), request.getRequestId(), request, AdjustPointsResponse.parser(),
                tx -> ledger.adjust(tx, adjustment).map(entry ->
                        AdjustPointsResponse.newBuilder().setEntry(LedgerMapping.toProto(entry)).build()));
    }

    @Override
    public Uni<CheckLedgerIntegrityResponse> checkLedgerIntegrity(CheckLedgerIntegrityRequest request) {
        Violations v = new Violations();
        int size = Paging.pageSize(request.getPageSize());
        String after = Paging.after(v, request, 1, key -> key.get(0)).orElse("");
        v.throwIfAny();
        String customer = request.getCustomerId().isEmpty() ? null : request.getCustomerId();
        return ledger.checkIntegrity(request.getStoreId(), customer, after, size).map(page -> {
            List<String> checked = page.customersChecked();
            CheckLedgerIntegrityResponse.Builder response = CheckLedgerIntegrityResponse.newBuilder()
                    .setCustomersChecked(checked.size());
            page.violations().forEach(found -> response.addViolations(LedgerIntegrityViolation.newBuilder()
                    .setCustomerId(found.customerId())
                    .setCheck(found.check())
                    .setEntryId(found.at())
                    .setExpected(found.expected())
                    .setActual(found.actual())
                    .setDescription(found.description())));
            if (page.more()) {
                response.setNextPageToken(Paging.next(request, List.of(checked.get(checked.size() - 1))));
            }
            return response.build();
        });
    }

    private static Money money(long minor, String currency) {
        return Money.newBuilder().setAmountMinor(minor).setCurrencyCode(currency).build();
    }

    private static LedgerRepository.LotKey lotKey(List<String> position) {
        return new LedgerRepository.LotKey(position.get(0).isEmpty() ? null : Instant.parse(position.get(0)),
                Instant.parse(position.get(1)), position.get(2));
    }
}
