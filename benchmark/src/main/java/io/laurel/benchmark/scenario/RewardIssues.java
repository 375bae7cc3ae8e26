package io.laurel.benchmark.scenario;

import io.laurel.benchmark.BenchContext;
import io.laurel.benchmark.Figure;
import io.laurel.benchmark.Load;
import io.laurel.benchmark.Scenario;
import com.google.protobuf.Timestamp;
import io.laurel.proto.common.v1.PointsExpiryPolicy;
import io.laurel.proto.common.v1.PointsExpiryPolicyKind;
import io.laurel.proto.common.v1.PointsReward;
import io.laurel.proto.common.v1.RewardSpec;
import io.laurel.proto.reward.v1.IssueRewardRequest;
import io.laurel.proto.reward.v1.RewardCause;
import io.laurel.proto.reward.v1.RewardCauseKind;
import io.laurel.proto.reward.v1.RewardServiceGrpc;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * RewardService.IssueReward of milestone points (a lot with its expiry, the ledger entry, the cause
 * row, two outbox messages, in one transaction) over many customers, beside the raw single-row-update
 * TPS of the same Postgres: issue #8 aims at ≥ 0.5×.
 */
public final class RewardIssues implements Scenario {

    private static final int CUSTOMERS = 2_000;
    private static final int IN_FLIGHT = 16;

    @Override
    public String name() {
        return "reward-issue";
    }

    @Override
    public String description() {
        return "IssueReward (points) over " + CUSTOMERS + " customers, " + IN_FLIGHT + " in flight, vs raw update TPS";
    }

    @Override
    public List<Figure> run(BenchContext context) throws Exception {
        String store = StoreSetup.rewardStore(context);
        var rewards = RewardServiceGrpc.newBlockingStub(context.channel("reward"));
        int customers = context.scaled(CUSTOMERS);
        var occurred = Timestamp.newBuilder().setSeconds(Instant.now().getEpochSecond()).build();
        Map<String, Double> cpuBefore = context.cpu();
        Load.Result issues = Load.during(IN_FLIGHT, context.duration(), i -> rewards.issueReward(
                IssueRewardRequest.newBuilder().setRequestId("issue-" + i).setStoreId(store)
                        .setCustomerId("c-" + i % customers)
                        .setCause(RewardCause.newBuilder().setKind(RewardCauseKind.REWARD_CAUSE_KIND_MILESTONE)
                                .setProgramId("bench").setMilestoneTarget(i + 1L))
                        .setReward(RewardSpec.newBuilder().setPoints(PointsReward.newBuilder().setFixedPoints(100)))
                        .setExpiryPolicy(PointsExpiryPolicy.newBuilder()
                                .setKind(PointsExpiryPolicyKind.POINTS_EXPIRY_POLICY_KIND_AFTER_DAYS).setDays(90))
                        .setOccurredAt(occurred).build()));
        context.awaitQuiet(); // the CPU figure includes what the calls set going through the outboxes
        Figure cpu = context.cpuPerUnit("suite CPU per IssueReward", cpuBefore, issues.calls());
        return Figure.listOf(
                Figure.atLeast("IssueReward/s", issues.perSecond(), "/s", "raw update TPS", context.rawUpdateTps(), 0.5),
                Figure.info("IssueReward p99", issues.p99Ms(), "ms", "gRPC echo p99", context.echo("reward").p99Ms()),
                cpu);
    }
}
