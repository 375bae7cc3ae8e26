package io.laurel.platform.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.laurel.proto.reward.v1.EarnForOrderRequest;
import io.laurel.proto.reward.v1.EarnForOrdersRequest;
import io.laurel.proto.reward.v1.EarningServiceGrpc;
import io.laurel.proto.reward.v1.IssueRewardRequest;
import io.laurel.proto.reward.v1.IssueRewardsRequest;
import io.laurel.proto.reward.v1.RewardServiceGrpc;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How messages bound for reward-service share calls (the relay's side of EarnForOrders and IssueRewards). */
class AllOrNothingBatchingTest {

    private final AllOrNothingBatching<EarnForOrderRequest> batching = AllOrNothingBatching.earnForOrders();

    private static OutboxMessage order(String store, String orderId) {
        return OutboxMessage.of("reward", EarningServiceGrpc.getEarnForOrderMethod(), EarnForOrderRequest.newBuilder()
                .setRequestId("req-" + orderId).setStoreId(store).setCustomerId("c").setOrderId(orderId).build(), orderId);
    }

    @Test
    void aStoresOrdersGoInCallsOfAtMost25EachKeepingItsOwnRequestAndALoneOneGoesAsQueued() throws Exception {
        List<OutboxMessage> messages = new ArrayList<>();
        for (int i = 0; i < 51; i++) {
            messages.add(order("s1", "o-" + i));
        }
        messages.add(order("s2", "alone"));
        messages.add(new OutboxMessage("reward", EarningServiceGrpc.getEarnForOrderMethod().getFullMethodName(),
                new byte[] {(byte) 0xff}, "unreadable", null)); // the receiver says what is wrong with it

        List<List<OutboxMessage>> groups = batching.group(messages);

        assertThat(groups).extracting(List::size).containsExactlyInAnyOrder(25, 25, 1, 1, 1);
        List<OutboxMessage> full = groups.stream().filter(g -> g.size() == 25).findFirst().orElseThrow();
        assertThat(batching.callMethod(full)).isEqualTo(EarningServiceGrpc.getEarnForOrdersMethod().getFullMethodName());
        EarnForOrdersRequest merged = EarnForOrdersRequest.parseFrom(batching.merge(full));
        assertThat(merged.getStoreId()).isEqualTo("s1");
        assertThat(merged.getOrdersList()).extracting(EarnForOrderRequest::getRequestId)
                .startsWith("req-o-0", "req-o-1").hasSize(25);
        List<OutboxMessage> alone = groups.stream().filter(g -> g.getFirst().key().equals("alone")).findFirst().orElseThrow();
        assertThat(batching.callMethod(alone)).isEqualTo(EarningServiceGrpc.getEarnForOrderMethod().getFullMethodName());
        assertThat(batching.merge(alone)).isEqualTo(alone.getFirst().payload());
        assertThat(batching.refusals(full, new byte[0])).hasSize(25).containsOnlyNulls();
    }

    @Test
    void rewardsOfAStoreGoThroughIssueRewardsEachAWholeIssueRewardRequest() throws Exception {
        AllOrNothingBatching<IssueRewardRequest> rewards = AllOrNothingBatching.issueRewards();
        List<OutboxMessage> messages = new ArrayList<>();
        for (String key : List.of("cause-1", "cause-2")) {
            messages.add(OutboxMessage.of("reward", RewardServiceGrpc.getIssueRewardMethod(), IssueRewardRequest
                    .newBuilder().setRequestId(key).setStoreId("s1").setCustomerId("c").build(), key));
        }

        List<List<OutboxMessage>> groups = rewards.group(messages);

        assertThat(rewards.method()).isEqualTo(RewardServiceGrpc.getIssueRewardMethod().getFullMethodName());
        assertThat(groups).hasSize(1);
        assertThat(rewards.callMethod(groups.getFirst()))
                .isEqualTo(RewardServiceGrpc.getIssueRewardsMethod().getFullMethodName());
        IssueRewardsRequest merged = IssueRewardsRequest.parseFrom(rewards.merge(groups.getFirst()));
        assertThat(merged.getStoreId()).isEqualTo("s1");
        assertThat(merged.getRewardsList()).extracting(IssueRewardRequest::getRequestId)
                .containsExactly("cause-1", "cause-2");
    }
}
