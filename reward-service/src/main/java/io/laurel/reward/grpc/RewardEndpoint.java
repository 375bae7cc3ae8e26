package io.laurel.reward.grpc;

import io.laurel.platform.error.Violations;
import io.laurel.platform.grpc.BatchItems;
import io.laurel.reward.app.RewardIssuing;
import io.laurel.reward.mapping.RewardRequests;
import io.laurel.proto.reward.v1.ClawBackRewardRequest;
import io.laurel.proto.reward.v1.ClawBackRewardResponse;
import io.laurel.proto.reward.v1.IssueRewardRequest;
import io.laurel.proto.reward.v1.IssueRewardResponse;
import io.laurel.proto.reward.v1.IssueRewardsRequest;
import io.laurel.proto.reward.v1.IssueRewardsResponse;
import io.laurel.proto.reward.v1.MutinyRewardServiceGrpc;
import io.quarkus.grpc.GrpcService;
import io.smallrye.mutiny.Uni;
import java.util.List;

/**
 * laurel.reward.v1.RewardService: checks what the contract leaves to it (each request's shape is the contract's,
 * checked before this runs), delegates to {@link RewardIssuing}. Idempotent on the
 * reward cause (the business key), so a redelivery under any request_id replays the first result.
 */
@GrpcService
public class RewardEndpoint extends MutinyRewardServiceGrpc.RewardServiceImplBase {

    private final RewardIssuing issuing;

    public RewardEndpoint(RewardIssuing issuing) {
        this.issuing = issuing;
    }

    @Override
    public Uni<IssueRewardResponse> issueReward(IssueRewardRequest request) {
        Violations v = new Violations();
        RewardIssuing.Issue issue = RewardRequests.issue(request, v);
        v.throwIfAny();
        return issuing.issue(issue);
    }

    @Override
    public Uni<IssueRewardsResponse> issueRewards(IssueRewardsRequest request) {
        Violations v = new Violations();
        List<RewardIssuing.IssueItem> items = BatchItems.ofOneStore(v, "rewards", request.getStoreId(),
                request.getRewardsList(), IssueRewardRequest::getStoreId,
                (reward, item, path) -> new RewardIssuing.IssueItem(path, RewardRequests.issue(reward, item)));
        v.throwIfAny();
        return issuing.issueAll(request.getStoreId(), items)
                .map(results -> IssueRewardsResponse.newBuilder().addAllResults(results).build());
    }

    @Override
    public Uni<ClawBackRewardResponse> clawBackReward(ClawBackRewardRequest request) {
        Violations v = new Violations();
        RewardIssuing.ClawBack clawBack = RewardRequests.clawBack(request, v);
        v.throwIfAny();
        return issuing.clawBack(clawBack);
    }
}
