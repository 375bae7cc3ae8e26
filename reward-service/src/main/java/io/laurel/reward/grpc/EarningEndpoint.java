package io.laurel.reward.grpc;

import io.laurel.platform.error.Violations;
import io.laurel.platform.grpc.BatchItems;
import io.laurel.reward.app.BaseEarningFlow;
import io.laurel.reward.mapping.EarningMapping;
import io.laurel.reward.mapping.RewardRequests;
import io.laurel.proto.reward.v1.EarnForOrderRequest;
import io.laurel.proto.reward.v1.EarnForOrderResponse;
import io.laurel.proto.reward.v1.EarnForOrdersRequest;
import io.laurel.proto.reward.v1.EarnForOrdersResponse;
import io.laurel.proto.reward.v1.GetOrderEarningRequest;
import io.laurel.proto.reward.v1.GetOrderEarningResponse;
import io.laurel.proto.reward.v1.MutinyEarningServiceGrpc;
import io.laurel.proto.reward.v1.RecordTierChangeRequest;
import io.laurel.proto.reward.v1.RecordTierChangeResponse;
import io.laurel.proto.reward.v1.ReverseOrderEarningRequest;
import io.laurel.proto.reward.v1.ReverseOrderEarningResponse;
import io.quarkus.grpc.GrpcService;
import io.smallrye.mutiny.Uni;
import java.util.List;

/**
 * laurel.reward.v1.EarningService: checks what the contract leaves to it, delegates to {@link BaseEarningFlow}
 * (business-key idempotent). Each request's shape is its contract's, checked before this runs.
 */
@GrpcService
public class EarningEndpoint extends MutinyEarningServiceGrpc.EarningServiceImplBase {

    private final BaseEarningFlow earning;

    public EarningEndpoint(BaseEarningFlow earning) {
        this.earning = earning;
    }

    @Override
    public Uni<EarnForOrderResponse> earnForOrder(EarnForOrderRequest request) {
        Violations v = new Violations();
        BaseEarningFlow.Earn earn = RewardRequests.earn(request, v);
        v.throwIfAny();
        return earning.earn(earn);
    }

    @Override
    public Uni<EarnForOrdersResponse> earnForOrders(EarnForOrdersRequest request) {
        Violations v = new Violations();
        List<BaseEarningFlow.EarnItem> items = BatchItems.ofOneStore(v, "orders", request.getStoreId(),
                request.getOrdersList(), EarnForOrderRequest::getStoreId,
                (order, item, path) -> new BaseEarningFlow.EarnItem(path, RewardRequests.earn(order, item)));
        v.throwIfAny();
        return earning.earnAll(request.getStoreId(), items)
                .map(results -> EarnForOrdersResponse.newBuilder().addAllResults(results).build());
    }

    @Override
    public Uni<ReverseOrderEarningResponse> reverseOrderEarning(ReverseOrderEarningRequest request) {
        Violations v = new Violations();
        BaseEarningFlow.Reverse reverse = RewardRequests.reverse(request, v);
        v.throwIfAny();
        return earning.reverse(reverse);
    }

    @Override
    public Uni<RecordTierChangeResponse> recordTierChange(RecordTierChangeRequest request) {
        return earning.recordTierChange(RewardRequests.tierChange(request));
    }

    @Override
    public Uni<GetOrderEarningResponse> getOrderEarning(GetOrderEarningRequest request) {
        return earning.get(request.getStoreId(), request.getOrderId())
                .map(order -> GetOrderEarningResponse.newBuilder().setOrderEarning(EarningMapping.toProto(order)).build());
    }
}
