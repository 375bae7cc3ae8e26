package io.laurel.platform.outbox;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.Parser;
import io.grpc.MethodDescriptor;
import io.laurel.proto.reward.v1.EarnForOrderRequest;
import io.laurel.proto.reward.v1.EarnForOrdersRequest;
import io.laurel.proto.reward.v1.EarningServiceGrpc;
import io.laurel.proto.reward.v1.IssueRewardRequest;
import io.laurel.proto.reward.v1.IssueRewardsRequest;
import io.laurel.proto.reward.v1.RewardServiceGrpc;
import io.laurel.proto.tier.v1.RecordQualifyingActivitiesRequest;
import io.laurel.proto.tier.v1.RecordQualifyingActivityRequest;
import io.laurel.proto.tier.v1.TierServiceGrpc;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Messages queued for a unary RPC whose receiver also takes them many of one store at once through a
 * batch RPC that is all or nothing (one transaction; any item refused refuses the call): the relay
 * sends a store's due messages through the batch RPC, each item keeping its own request (and so its
 * own idempotency), and a lone message through the RPC it was queued for. An OK answer recorded every
 * member; a refusal sends each member alone (the transport's fallback), so only the bad one is parked.
 *
 * @param <T> the request of the unary RPC, the batch's item
 */
public final class AllOrNothingBatching<T extends Message> implements OutboxBatching {

    /**
     * The most messages one call carries (the batch RPCs take up to 500). A relay pass (100 messages by
     * default) then goes in about four calls that run at once, each one transaction holding its
     * customers' locks: fewer statements per message than one call each, and the receiver's cores and
     * connections still work in parallel (one call of 100 serialized a pass: measured slower to drain).
     */
    public static final int ITEMS_PER_CALL = 25;

    private final String method;
    private final String batchMethod;
    private final Parser<T> parser;
    private final Function<T, String> storeOf;
    private final BiFunction<String, List<T>, Message> batchOf;

    private AllOrNothingBatching(MethodDescriptor<T, ?> method, MethodDescriptor<?, ?> batchMethod, Parser<T> parser,
                                 Function<T, String> storeOf, BiFunction<String, List<T>, Message> batchOf) {
        this.method = method.getFullMethodName();
        this.batchMethod = batchMethod.getFullMethodName();
        this.parser = parser;
        this.storeOf = storeOf;
        this.batchOf = batchOf;
    }

    /** tier-service's activity, from progress-service's orders and reward-service's points. */
    public static AllOrNothingBatching<RecordQualifyingActivityRequest> qualifyingActivities() {
        return new AllOrNothingBatching<>(TierServiceGrpc.getRecordQualifyingActivityMethod(),
                TierServiceGrpc.getRecordQualifyingActivitiesMethod(), RecordQualifyingActivityRequest.parser(),
                RecordQualifyingActivityRequest::getStoreId, (store, items) -> RecordQualifyingActivitiesRequest
                        .newBuilder().setStoreId(store).addAllActivities(items).build());
    }

    /** reward-service's base earning, from progress-service's completed orders. */
    public static AllOrNothingBatching<EarnForOrderRequest> earnForOrders() {
        return new AllOrNothingBatching<>(EarningServiceGrpc.getEarnForOrderMethod(),
                EarningServiceGrpc.getEarnForOrdersMethod(), EarnForOrderRequest.parser(),
                EarnForOrderRequest::getStoreId, (store, items) -> EarnForOrdersRequest.newBuilder().setStoreId(store)
                        .addAllOrders(items).build());
    }

    /** reward-service's milestone and tier entry rewards, from progress-service and tier-service. */
    public static AllOrNothingBatching<IssueRewardRequest> issueRewards() {
        return new AllOrNothingBatching<>(RewardServiceGrpc.getIssueRewardMethod(),
                RewardServiceGrpc.getIssueRewardsMethod(), IssueRewardRequest.parser(), IssueRewardRequest::getStoreId,
                (store, items) -> IssueRewardsRequest.newBuilder().setStoreId(store).addAllRewards(items).build());
    }

    @Override
    public String method() {
        return method;
    }

    @Override
    public String callMethod(List<OutboxMessage> group) {
        return group.size() == 1 ? method : batchMethod;
    }

    @Override
    public List<List<OutboxMessage>> group(List<OutboxMessage> messages) {
        return StoreBatches.group(messages, m -> {
            T request = parse(m);
            return request == null ? null : new StoreBatches.Sized(storeOf.apply(request), 1);
        }, ITEMS_PER_CALL);
    }

    @Override
    public byte[] merge(List<OutboxMessage> group) {
        if (group.size() == 1) {
            return group.getFirst().payload();
        }
        List<T> items = new ArrayList<>();
        group.forEach(m -> items.add(parse(m)));
        return batchOf.apply(storeOf.apply(items.getFirst()), items).toByteArray();
    }

    @Override
    public List<RejectedByReceiverException> refusals(List<OutboxMessage> group, byte[] response) {
        return Collections.nCopies(group.size(), null); // all or nothing: OK means every member was recorded
    }

    private T parse(OutboxMessage message) {
        try {
            return parser.parseFrom(message.payload());
        } catch (InvalidProtocolBufferException e) {
            return null;
        }
    }
}
