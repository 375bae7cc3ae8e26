package io.laurel.progress.mapping;

import io.laurel.platform.common.ExpiryPolicy;
import io.laurel.platform.common.ExpiryPolicyMapping;
import io.laurel.platform.grpc.ProtoTime;
import io.laurel.progress.domain.Condition;
import io.laurel.progress.domain.Metric;
import io.laurel.progress.domain.Milestone;
import io.laurel.progress.domain.ProgramVersion;
import io.laurel.progress.domain.Reward;
import io.laurel.progress.domain.StoreSettingsVersion;
import io.laurel.proto.common.v1.MilestoneMetric;
import io.laurel.proto.common.v1.RewardSpec;
import io.laurel.proto.program.v1.MilestoneProgram;
import io.laurel.proto.program.v1.RefundPolicy;
import io.laurel.proto.program.v1.StoreSettings;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;

/** program-service's configuration snapshots → the domain's program versions and store settings. */
public final class ConfigMapping {

    private ConfigMapping() {
    }

    public static ProgramVersion toDomain(MilestoneProgram p) {
        return new ProgramVersion(p.getProgramId(), p.getVersion(), ProtoTime.toInstant(p.getUpdateTime()),
                ProtoTime.toInstant(p.getCreateTime()), p.getTitle(), status(p),
                p.hasSchedule() && p.getSchedule().hasStartTime() ? ProtoTime.toInstant(p.getSchedule().getStartTime()) : null,
                p.hasSchedule() && p.getSchedule().hasEndTime() ? ProtoTime.toInstant(p.getSchedule().getEndTime()) : null,
                metric(p.getMetric()), p.hasCondition() ? condition(p.getCondition()) : null,
                p.getMilestonesList().stream().map(m -> new Milestone(m.getTarget(), reward(m.getReward()))).toList(),
                p.hasPointsExpiry() ? ExpiryPolicyMapping.toDomain(p.getPointsExpiry()) : ExpiryPolicy.storeDefault(),
                p.getRefundPolicy() == RefundPolicy.REFUND_POLICY_CLAW_BACK_UNSPENT);
    }

    public static StoreSettingsVersion toDomain(StoreSettings s) {
        ZoneId zone;
        try {
            zone = ZoneId.of(s.getTimeZone());
        } catch (RuntimeException unknown) {
            zone = ZoneOffset.UTC; // program-service validates zones; an unknown one here falls back to UTC
        }
        ExpiryPolicy expiry = s.hasDefaultPointsExpiry() ? ExpiryPolicyMapping.toDomain(s.getDefaultPointsExpiry()) : null;
        return new StoreSettingsVersion(s.getVersion(), ProtoTime.toInstant(s.getUpdateTime()), s.getCurrencyCode(),
                zone, expiry == null ? ExpiryPolicy.never() : expiry);
    }

    public static Metric metric(MilestoneMetric metric) {
        return switch (metric) {
            case MILESTONE_METRIC_ORDER_COUNT -> Metric.ORDER_COUNT;
            case MILESTONE_METRIC_AMOUNT_SPENT -> Metric.AMOUNT_SPENT;
            case MILESTONE_METRIC_POINTS_EARNED -> Metric.POINTS_EARNED;
            case MILESTONE_METRIC_REVIEW_COUNT -> Metric.REVIEW_COUNT;
            case MILESTONE_METRIC_INACTIVITY_DAYS -> Metric.INACTIVITY_DAYS;
            case MILESTONE_METRIC_UNSPECIFIED, UNRECOGNIZED -> throw new IllegalArgumentException("program without a metric");
        };
    }

    public static MilestoneMetric toProto(Metric metric) {
        return switch (metric) {
            case ORDER_COUNT -> MilestoneMetric.MILESTONE_METRIC_ORDER_COUNT;
            case AMOUNT_SPENT -> MilestoneMetric.MILESTONE_METRIC_AMOUNT_SPENT;
            case POINTS_EARNED -> MilestoneMetric.MILESTONE_METRIC_POINTS_EARNED;
            case REVIEW_COUNT -> MilestoneMetric.MILESTONE_METRIC_REVIEW_COUNT;
            case INACTIVITY_DAYS -> MilestoneMetric.MILESTONE_METRIC_INACTIVITY_DAYS;
        };
    }

    private static ProgramVersion.Status status(MilestoneProgram p) {
        return switch (p.getStatus()) {
            case MILESTONE_PROGRAM_STATUS_ACTIVE -> ProgramVersion.Status.ACTIVE;
            case MILESTONE_PROGRAM_STATUS_PAUSED -> ProgramVersion.Status.PAUSED;
            case MILESTONE_PROGRAM_STATUS_ARCHIVED -> ProgramVersion.Status.ARCHIVED;
            default -> ProgramVersion.Status.DRAFT;
        };
    }

    static Condition condition(io.laurel.proto.program.v1.Condition c) {
        return switch (c.getNodeCase()) {
            case CUSTOMER_TAGS -> new Condition.Tags(switch (c.getCustomerTags().getMatch()) {
                case TAG_MATCH_ALL -> Condition.TagMatch.ALL;
                case TAG_MATCH_NONE -> Condition.TagMatch.NONE;
                default -> Condition.TagMatch.ANY;
            }, new HashSet<>(c.getCustomerTags().getTagsList()));
            case CURRENT_TIER -> new Condition.TierIn(new HashSet<>(c.getCurrentTier().getTierIdsList()));
            case MINIMUM_ORDER_AMOUNT -> new Condition.MinimumOrderAmount(c.getMinimumOrderAmount().getAmount().getAmountMinor());
            case ALL_OF -> new Condition.AllOf(children(c.getAllOf().getConditionsList()));
            case ANY_OF -> new Condition.AnyOf(children(c.getAnyOf().getConditionsList()));
            case NOT -> new Condition.Not(condition(c.getNot()));
            case NODE_NOT_SET -> new Condition.Always();
        };
    }

    private static List<Condition> children(List<io.laurel.proto.program.v1.Condition> list) {
        return list.stream().map(ConfigMapping::condition).toList();
    }

    public static Reward reward(RewardSpec r) {
        return switch (r.getKindCase()) {
            case POINTS -> r.getPoints().hasPercentOfOrderBps()
                    ? Reward.percentPoints(r.getPoints().getPercentOfOrderBps())
                    : Reward.fixedPoints(r.getPoints().getFixedPoints());
            case STORE_CREDIT -> r.getStoreCredit().hasPercentOfOrderBps()
                    ? Reward.percentCredit(r.getStoreCredit().getPercentOfOrderBps())
                    : Reward.fixedCredit(r.getStoreCredit().getFixedAmount().getAmountMinor(),
                    r.getStoreCredit().getFixedAmount().getCurrencyCode());
            case FREE_PRODUCT -> Reward.freeProduct(r.getFreeProduct().getProductId(), r.getFreeProduct().getVariantId(),
                    r.getFreeProduct().getQuantity());
            case KIND_NOT_SET -> Reward.fixedPoints(0);
        };
    }

    public static RewardSpec toProto(Reward r) {
        RewardSpec.Builder b = RewardSpec.newBuilder();
        switch (r.kind()) {
            case POINTS -> {
                var points = io.laurel.proto.common.v1.PointsReward.newBuilder();
                if (r.isPercentage()) {
                    points.setPercentOfOrderBps(r.percentOfOrderBps());
                } else {
                    points.setFixedPoints(r.fixedAmount());
                }
                b.setPoints(points);
            }
            case STORE_CREDIT -> {
                var credit = io.laurel.proto.common.v1.StoreCreditReward.newBuilder();
                if (r.isPercentage()) {
                    credit.setPercentOfOrderBps(r.percentOfOrderBps());
                } else {
                    credit.setFixedAmount(io.laurel.proto.common.v1.Money.newBuilder()
                            .setAmountMinor(r.fixedAmount()).setCurrencyCode(r.currency()));
                }
                b.setStoreCredit(credit);
            }
            case FREE_PRODUCT -> b.setFreeProduct(io.laurel.proto.common.v1.FreeProductReward.newBuilder()
                    .setProductId(r.productId()).setVariantId(r.variantId()).setQuantity(r.quantity()));
        }
        return b.build();
    }
}
