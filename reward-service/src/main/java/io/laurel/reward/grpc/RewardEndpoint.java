package io.laurel.reward.grpc;

import io.laurel.platform.error.Violations;
import io.laurel.reward.app.RewardIssuing;
import io.laurel.reward.mapping.RewardRequests;
import io.laurel.proto.reward.v1.ClawBackRewardRequest;
import io.laurel.proto.reward.v1.ClawBackRewardResponse;
import io.laurel.proto.reward.v1.IssueRewardRequest;
import io.laurel.proto.reward.v1.IssueRewardResponse;
import io.laurel.proto.reward.v1.MutinyRewardServiceGrpc;
import io.quarkus.grpc.GrpcService;
import io.smallrye.mutiny.Uni;

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
    public Uni<ClawBackRewardResponse> clawBackReward(ClawBackRewardRequest request) {
        Violations v = new Violations();
        RewardIssuing.ClawBack clawBack = RewardRequests.clawBack(request, v);
        v.throwIfAny();
        return issuing.clawBack(clawBack);
    }
}
