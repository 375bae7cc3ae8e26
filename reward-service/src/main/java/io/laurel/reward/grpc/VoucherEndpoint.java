package io.laurel.reward.grpc;

import io.laurel.platform.common.Actor;
import io.laurel.platform.common.ActorMapping;
import io.laurel.platform.error.NotFoundException;
import io.laurel.platform.error.Violations;
import io.laurel.platform.grpc.Paging;
import io.laurel.platform.idempotency.Idempotency;
import io.laurel.reward.app.Vouchers;
import io.laurel.reward.domain.Voucher;
import io.laurel.reward.mapping.RewardMapping;
import io.laurel.reward.mapping.RewardRequests;
import io.laurel.reward.store.RewardStore;
import io.laurel.proto.reward.v1.GetVoucherRequest;
import io.laurel.proto.reward.v1.GetVoucherResponse;
import io.laurel.proto.reward.v1.ListVouchersRequest;
import io.laurel.proto.reward.v1.ListVouchersResponse;
import io.laurel.proto.reward.v1.MutinyVoucherServiceGrpc;
import io.laurel.proto.reward.v1.RedeemVoucherRequest;
import io.laurel.proto.reward.v1.RedeemVoucherResponse;
import io.laurel.proto.reward.v1.RevokeVoucherRequest;
import io.laurel.proto.reward.v1.RevokeVoucherResponse;
import io.quarkus.grpc.GrpcService;
import io.smallrye.mutiny.Uni;
import java.time.Instant;
import java.util.List;
import java.util.TreeSet;

/**
 * laurel.reward.v1.VoucherService: checks what the contract leaves to it, delegates to {@link Vouchers}. Each
 * request's shape is its contract's, checked before this runs.
 */
@GrpcService
public class VoucherEndpoint extends MutinyVoucherServiceGrpc.VoucherServiceImplBase {

    private final Vouchers vouchers;
    private final Idempotency idempotency;

    public VoucherEndpoint(Vouchers vouchers, Idempotency idempotency) {
        this.vouchers = vouchers;
        this.idempotency = idempotency;
    }

    @Override
    public Uni<GetVoucherResponse> getVoucher(GetVoucherRequest request) {
        requireUuid(request.getVoucherId());
        return vouchers.get(request.getStoreId(), request.getVoucherId()).map(voucher -> GetVoucherResponse.newBuilder()
                .setVoucher(RewardMapping.toProto(voucher, vouchers.now())).build());
    }

    @Override
    public Uni<ListVouchersResponse> listVouchers(ListVouchersRequest request) {
        Violations v = new Violations();
        // each a defined state: the contract's
        TreeSet<String> states = new TreeSet<>();
        request.getStatesList().forEach(state -> states.add(RewardMapping.toDomain(state).name()));
        int size = Paging.pageSize(request.getPageSize());
        RewardStore.VoucherKey after = Paging.after(v, request, 2, key -> {
            if (!RewardRequests.isUuid(key.get(1))) {
                throw new IllegalArgumentException("not a voucher id");
            }
            return new RewardStore.VoucherKey(Instant.parse(key.get(0)), key.get(1));
        }).orElse(null);
        v.throwIfAny();
        Instant now = vouchers.now();
        return vouchers.list(request.getStoreId(), emptyToNull(request.getCustomerId()),
                        states.isEmpty() ? null : states.toArray(new String[0]), emptyToNull(request.getCode()), after,
                        now, size + 1)
                .map(rows -> {
                    Paging.Page<Voucher> page = Paging.page(request, rows, size,
                            last -> List.of(last.issueTime().toString(), last.voucherId()));
                    return ListVouchersResponse.newBuilder()
                            .addAllVouchers(page.items().stream().map(voucher -> RewardMapping.toProto(voucher, now)).toList())
                            .setNextPageToken(page.nextPageToken())
                            .build();
                });
    }

    @Override
    public Uni<RedeemVoucherResponse> redeemVoucher(RedeemVoucherRequest request) {
        return idempotency.once(request.getStoreId(), request.getRequestId(), request, RedeemVoucherResponse.parser(),
                tx -> vouchers.redeem(tx, request.getStoreId(), request.getCustomerId(), request.getCode(),
                                request.getOrderId())
                        .map(voucher -> RedeemVoucherResponse.newBuilder()
                                .setVoucher(RewardMapping.toProto(voucher, vouchers.now())).build()));
    }

    @Override
    public Uni<RevokeVoucherResponse> revokeVoucher(RevokeVoucherRequest request) {
        Violations v = new Violations();
        Actor actor = ActorMapping.toDomain(request.getActor()); // its shape is the contract's
        v.throwIfAny();
        requireUuid(request.getVoucherId());
        return idempotency.once(request.getStoreId(), request.getRequestId(), request, RevokeVoucherResponse.parser(),
                tx -> vouchers.revoke(tx, request.getStoreId(), request.getVoucherId(), request.getReason(), actor)
                        .map(voucher -> RevokeVoucherResponse.newBuilder()
                                .setVoucher(RewardMapping.toProto(voucher, vouchers.now())).build()));
    }

    private static void requireUuid(String voucherId) {
        if (!RewardRequests.isUuid(voucherId)) {
            throw new NotFoundException("voucher", voucherId);
        }
    }

    private static String emptyToNull(String s) {
        return s.isEmpty() ? null : s;
    }
}
