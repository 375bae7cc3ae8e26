package io.laurel.reward.grpc;

import io.laurel.platform.error.NotFoundException;
import io.laurel.platform.error.Violations;
import io.laurel.platform.grpc.ProtoTime;
import io.laurel.platform.idempotency.Idempotency;
import io.laurel.platform.time.StoredTime;
import io.laurel.reward.app.Redemptions;
import io.laurel.reward.domain.Redemption;
import io.laurel.reward.mapping.RewardMapping;
import io.laurel.reward.mapping.RewardRequests;
import io.laurel.proto.reward.v1.CommitRedemptionRequest;
import io.laurel.proto.reward.v1.CommitRedemptionResponse;
import io.laurel.proto.reward.v1.GetRedemptionRequest;
import io.laurel.proto.reward.v1.GetRedemptionResponse;
import io.laurel.proto.reward.v1.MutinyRedemptionServiceGrpc;
import io.laurel.proto.reward.v1.RedemptionState;
import io.laurel.proto.reward.v1.ReleaseRedemptionRequest;
import io.laurel.proto.reward.v1.ReleaseRedemptionResponse;
import io.laurel.proto.reward.v1.ReserveRedemptionRequest;
import io.laurel.proto.reward.v1.ReserveRedemptionResponse;
import io.quarkus.grpc.GrpcService;
import io.smallrye.mutiny.Uni;
import java.time.Clock;
import java.time.Instant;

/**
 * laurel.reward.v1.RedemptionService: checks what the contract leaves to it, runs {@link Redemptions} under the
 * request_id's key. Each request's shape is its contract's, checked before this runs.
 */
@GrpcService
public class RedemptionEndpoint extends MutinyRedemptionServiceGrpc.RedemptionServiceImplBase {

    private final Redemptions redemptions;
    private final Idempotency idempotency;
    private final Clock clock;

    public RedemptionEndpoint(Redemptions redemptions, Idempotency idempotency, Clock clock) {
        this.redemptions = redemptions;
        this.idempotency = idempotency;
        this.clock = clock;
    }

    @Override
    public Uni<ReserveRedemptionResponse> reserveRedemption(ReserveRedemptionRequest request) {
        Violations v = new Violations();
        Redemptions.Reserve reserve = RewardRequests.reserve(request, v);
        v.throwIfAny();
        return idempotency.once(request.getStoreId(), request.getRequestId(), request, ReserveRedemptionResponse.parser(),
                tx -> redemptions.reserve(tx, reserve).map(r -> ReserveRedemptionResponse.newBuilder()
                        .setRedemption(toProto(r, StoredTime.now(clock))).build()));
    }

    @Override
    public Uni<CommitRedemptionResponse> commitRedemption(CommitRedemptionRequest request) {
        requireUuid(request.getRedemptionId());
        return idempotency.once(request.getStoreId(), request.getRequestId(), request, CommitRedemptionResponse.parser(),
                tx -> redemptions.commit(tx, request.getStoreId(), request.getRedemptionId(), request.getOrderId())
                        .map(r -> CommitRedemptionResponse.newBuilder()
                                .setRedemption(toProto(r, StoredTime.now(clock))).build()));
    }

    @Override
    public Uni<ReleaseRedemptionResponse> releaseRedemption(ReleaseRedemptionRequest request) {
        requireUuid(request.getRedemptionId());
        return idempotency.once(request.getStoreId(), request.getRequestId(), request, ReleaseRedemptionResponse.parser(),
                tx -> redemptions.release(tx, request.getStoreId(), request.getRedemptionId())
                        .map(r -> ReleaseRedemptionResponse.newBuilder()
                                .setRedemption(toProto(r, StoredTime.now(clock))).build()));
    }

    @Override
    public Uni<GetRedemptionResponse> getRedemption(GetRedemptionRequest request) {
        requireUuid(request.getRedemptionId());
        return redemptions.get(request.getStoreId(), request.getRedemptionId()).map(r -> GetRedemptionResponse
                .newBuilder().setRedemption(toProto(r, StoredTime.now(clock))).build());
    }

    private static void requireUuid(String redemptionId) {
        if (!RewardRequests.isUuid(redemptionId)) {
            throw new NotFoundException("redemption", redemptionId);
        }
    }

    static io.laurel.proto.reward.v1.Redemption toProto(Redemption r, Instant now) {
        var b = io.laurel.proto.reward.v1.Redemption.newBuilder()
                .setRedemptionId(r.redemptionId())
                .setStoreId(r.storeId())
                .setCustomerId(r.customerId())
                .setCheckoutId(r.checkoutId())
                .setPoints(r.points())
                .setPointValueMinorMilli(r.pointValueMinorMilli())
                .setPointsDiscount(RewardMapping.money(r.pointsDiscountMinor(), r.currencyCode()))
                .setStoreCredit(RewardMapping.money(r.storeCreditMinor(), r.currencyCode()))
                .setTotalDiscount(RewardMapping.money(r.totalDiscountMinor(), r.currencyCode()))
                .setState(switch (r.stateAt(now)) {
                    case RESERVED -> RedemptionState.REDEMPTION_STATE_RESERVED;
                    case COMMITTED -> RedemptionState.REDEMPTION_STATE_COMMITTED;
                    case RELEASED -> RedemptionState.REDEMPTION_STATE_RELEASED;
                    case EXPIRED -> RedemptionState.REDEMPTION_STATE_EXPIRED;
                })
                .setCreateTime(ProtoTime.toProto(r.createTime()))
                .setExpireTime(ProtoTime.toProto(r.expireTime()));
        if (r.storedState() == Redemption.State.COMMITTED) {
            b.setCommitTime(ProtoTime.toProto(r.endTime())).setOrderId(r.orderId());
        } else if (r.storedState() == Redemption.State.RELEASED) {
            b.setReleaseTime(ProtoTime.toProto(r.endTime()));
        }
        return b.build();
    }
}
