package io.laurel.program.mapping;

import io.laurel.platform.common.ExpiryPolicyMapping;
import io.laurel.platform.common.MoneyMapping;
import io.laurel.platform.error.Violations;
import io.laurel.platform.grpc.ProtoTime;
import io.laurel.program.domain.milestone.Eligibility;
import io.laurel.program.domain.milestone.Metric;
import io.laurel.program.domain.milestone.MilestoneProgramRules;
import io.laurel.program.domain.milestone.MilestoneProgramVersion;
import io.laurel.program.domain.milestone.MilestoneStep;
import io.laurel.program.domain.milestone.ProgramSchedule;
import io.laurel.program.domain.milestone.ProgramStatus;
import io.laurel.program.domain.milestone.RefundRule;
import io.laurel.program.domain.milestone.Reward;
import io.laurel.proto.common.v1.FreeProductReward;
import io.laurel.proto.common.v1.MilestoneMetric;
import io.laurel.proto.common.v1.PointsReward;
import io.laurel.proto.common.v1.RewardSpec;
import io.laurel.proto.common.v1.StoreCreditReward;
import io.laurel.proto.program.v1.Condition;
import io.laurel.proto.program.v1.ConditionList;
import io.laurel.proto.program.v1.CurrentTierCondition;
import io.laurel.proto.program.v1.CustomerTagCondition;
import io.laurel.proto.program.v1.Milestone;
import io.laurel.proto.program.v1.MilestoneProgram;
import io.laurel.proto.program.v1.MilestoneProgramStatus;
import io.laurel.proto.program.v1.MinimumOrderAmountCondition;
import io.laurel.proto.program.v1.RefundPolicy;
import io.laurel.proto.program.v1.Schedule;
import io.laurel.proto.program.v1.TagMatch;
import java.util.List;
import java.util.Set;

/** proto ↔ domain for milestone programs (and the rewards and money tier programs share), with the update-mask merge. */
public final class MilestoneProgramMapping {

    private MilestoneProgramMapping() {
    }

    // ---- proto → domain

    /** The program in {@code p}; unset enums become null so the rules name them. */
    public static MilestoneProgramVersion toDomain(MilestoneProgram p) {
        return new MilestoneProgramVersion(p.getProgramId(), p.getStoreId(), p.getInternalName(), p.getTitle(),
                toDomain(p.getStatus()),
                p.hasSchedule() ? new ProgramSchedule(
                        p.getSchedule().hasStartTime() ? ProtoTime.toInstant(p.getSchedule().getStartTime()) : null,
                        p.getSchedule().hasEndTime() ? ProtoTime.toInstant(p.getSchedule().getEndTime()) : null)
                        : ProgramSchedule.ALWAYS,
                toDomain(p.getMetric()),
                p.hasCondition() ? toDomain(p.getCondition()) : null,
                p.getMilestonesList().stream()
                        .map(m -> new MilestoneStep(m.getTarget(), toDomain(m.getReward()))).toList(),
                p.hasPointsExpiry() ? ExpiryPolicyMapping.toDomain(p.getPointsExpiry()) : null,
                switch (p.getRefundPolicy()) {
                    case REFUND_POLICY_UNSPECIFIED, REFUND_POLICY_KEEP -> RefundRule.KEEP;
                    case REFUND_POLICY_CLAW_BACK_UNSPENT -> RefundRule.CLAW_BACK_UNSPENT;
                    // the contract (defined_only) refuses it before any mapping
                    case UNRECOGNIZED -> throw new IllegalArgumentException(
                            "refund_policy " + p.getRefundPolicyValue() + " is not a defined value");
                },
                p.getVersion(),
                p.hasCreateTime() ? ProtoTime.toInstant(p.getCreateTime()) : null,
                p.hasUpdateTime() ? ProtoTime.toInstant(p.getUpdateTime()) : null);
    }

    /**
     * The program a request carries, its output-only fields ignored. Its timestamps are valid
     * instants: the request shape interceptor refuses any other (L-API-3).
     */
    public static MilestoneProgramVersion fromRequest(MilestoneProgram p) {
        return toDomain(p.toBuilder().clearStatus().clearVersion().clearCreateTime().clearUpdateTime().build());
    }

    public static Metric toDomain(MilestoneMetric metric) {
        return switch (metric) {
            case MILESTONE_METRIC_ORDER_COUNT -> Metric.ORDER_COUNT;
            case MILESTONE_METRIC_AMOUNT_SPENT -> Metric.AMOUNT_SPENT;
            case MILESTONE_METRIC_POINTS_EARNED -> Metric.POINTS_EARNED;
            case MILESTONE_METRIC_REVIEW_COUNT -> Metric.REVIEW_COUNT;
            case MILESTONE_METRIC_INACTIVITY_DAYS -> Metric.INACTIVITY_DAYS;
            case MILESTONE_METRIC_UNSPECIFIED, UNRECOGNIZED -> null;
        };
    }

    public static ProgramStatus toDomain(MilestoneProgramStatus status) {
        return switch (status) {
            case MILESTONE_PROGRAM_STATUS_DRAFT -> ProgramStatus.DRAFT;
            case MILESTONE_PROGRAM_STATUS_ACTIVE -> ProgramStatus.ACTIVE;
            case MILESTONE_PROGRAM_STATUS_PAUSED -> ProgramStatus.PAUSED;
            case MILESTONE_PROGRAM_STATUS_ARCHIVED -> ProgramStatus.ARCHIVED;
            case MILESTONE_PROGRAM_STATUS_UNSPECIFIED, UNRECOGNIZED -> null;
        };
    }

    public static Reward toDomain(RewardSpec r) {
        return switch (r.getKindCase()) {
            case POINTS -> switch (r.getPoints().getAmountCase()) {
                case FIXED_POINTS -> new Reward.Points(r.getPoints().getFixedPoints(), null);
                case PERCENT_OF_ORDER_BPS -> new Reward.Points(null, r.getPoints().getPercentOfOrderBps());
                case AMOUNT_NOT_SET -> new Reward.Points(null, null);
            };
            case STORE_CREDIT -> switch (r.getStoreCredit().getAmountCase()) {
                case FIXED_AMOUNT -> new Reward.StoreCredit(MoneyMapping.toDomain(r.getStoreCredit().getFixedAmount()), null);
                case PERCENT_OF_ORDER_BPS -> new Reward.StoreCredit(null, r.getStoreCredit().getPercentOfOrderBps());
                case AMOUNT_NOT_SET -> new Reward.StoreCredit(null, null);
            };
            case FREE_PRODUCT -> new Reward.FreeProduct(r.getFreeProduct().getProductId(),
                    r.getFreeProduct().getVariantId(), r.getFreeProduct().getQuantity());
            case KIND_NOT_SET -> new Reward.Unset();
        };
    }

    static Eligibility toDomain(Condition c) {
        return switch (c.getNodeCase()) {
            case CUSTOMER_TAGS -> new Eligibility.CustomerTags(switch (c.getCustomerTags().getMatch()) {
                case TAG_MATCH_ANY -> Eligibility.TagMatch.ANY;
                case TAG_MATCH_ALL -> Eligibility.TagMatch.ALL;
                case TAG_MATCH_NONE -> Eligibility.TagMatch.NONE;
                case TAG_MATCH_UNSPECIFIED, UNRECOGNIZED -> null;
            }, List.copyOf(c.getCustomerTags().getTagsList()));
            case CURRENT_TIER -> new Eligibility.CurrentTier(List.copyOf(c.getCurrentTier().getTierIdsList()));
            case MINIMUM_ORDER_AMOUNT -> new Eligibility.MinimumOrderAmount(c.getMinimumOrderAmount().hasAmount()
                    ? MoneyMapping.toDomain(c.getMinimumOrderAmount().getAmount()) : null);
            case ALL_OF -> new Eligibility.AllOf(children(c.getAllOf()));
            case ANY_OF -> new Eligibility.AnyOf(children(c.getAnyOf()));
            case NOT -> new Eligibility.Not(toDomain(c.getNot()));
            case NODE_NOT_SET -> new Eligibility.Unset();
        };
    }

    private static List<Eligibility> children(ConditionList list) {
        return list.getConditionsList().stream().map(MilestoneProgramMapping::toDomain).toList();
    }

    // ---- domain → proto

    public static MilestoneProgram toProto(MilestoneProgramVersion p) {
        var b = MilestoneProgram.newBuilder()
                .setProgramId(p.programId())
                .setStoreId(p.storeId())
                .setInternalName(p.internalName())
                .setTitle(p.title())
                .setStatus(toProto(p.status()))
                .setMetric(toProto(p.metric()))
                .setPointsExpiry(ExpiryPolicyMapping.toProto(p.pointsExpiry()))
                .setRefundPolicy(p.refundPolicy() == RefundRule.CLAW_BACK_UNSPENT
                        ? RefundPolicy.REFUND_POLICY_CLAW_BACK_UNSPENT
                        : RefundPolicy.REFUND_POLICY_KEEP)
                .setHiddenFromShoppers(p.hiddenFromShoppers())
                .setVersion(p.version())
                .setCreateTime(ProtoTime.toProto(p.createTime()))
                .setUpdateTime(ProtoTime.toProto(p.updateTime()));
        ProgramSchedule s = p.schedule();
        if (s.start() != null || s.end() != null) {
            var schedule = Schedule.newBuilder();
            if (s.start() != null) {
                schedule.setStartTime(ProtoTime.toProto(s.start()));
            }
            if (s.end() != null) {
                schedule.setEndTime(ProtoTime.toProto(s.end()));
            }
            b.setSchedule(schedule);
        }
        if (p.condition() != null) {
            b.setCondition(toProto(p.condition()));
        }
        for (MilestoneStep m : p.milestones()) {
            b.addMilestones(Milestone.newBuilder()
                    .setTarget(m.target()).setReward(toProto(m.reward())));
        }
        return b.build();
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

    public static MilestoneProgramStatus toProto(ProgramStatus status) {
        return switch (status) {
            case DRAFT -> MilestoneProgramStatus.MILESTONE_PROGRAM_STATUS_DRAFT;
            case ACTIVE -> MilestoneProgramStatus.MILESTONE_PROGRAM_STATUS_ACTIVE;
            case PAUSED -> MilestoneProgramStatus.MILESTONE_PROGRAM_STATUS_PAUSED;
            case ARCHIVED -> MilestoneProgramStatus.MILESTONE_PROGRAM_STATUS_ARCHIVED;
        };
    }

    public static RewardSpec toProto(Reward reward) {
        return switch (reward) {
            case Reward.Points p -> RewardSpec.newBuilder().setPoints(p.fixedPoints() != null
                    ? PointsReward.newBuilder().setFixedPoints(p.fixedPoints())
                    : PointsReward.newBuilder().setPercentOfOrderBps(p.percentOfOrderBps())).build();
            case Reward.StoreCredit c -> RewardSpec.newBuilder().setStoreCredit(c.fixedAmount() != null
                    ? StoreCreditReward.newBuilder().setFixedAmount(MoneyMapping.toProto(c.fixedAmount()))
                    : StoreCreditReward.newBuilder().setPercentOfOrderBps(c.percentOfOrderBps())).build();
            case Reward.FreeProduct f -> RewardSpec.newBuilder().setFreeProduct(FreeProductReward.newBuilder()
                    .setProductId(f.productId()).setVariantId(f.variantId()).setQuantity(f.quantity())).build();
            case Reward.Unset u -> RewardSpec.getDefaultInstance();
        };
    }

    static Condition toProto(Eligibility c) {
        var b = Condition.newBuilder();
        switch (c) {
            case Eligibility.CustomerTags t -> b.setCustomerTags(CustomerTagCondition.newBuilder()
                    .setMatch(switch (t.match()) {
                        case ANY -> TagMatch.TAG_MATCH_ANY;
                        case ALL -> TagMatch.TAG_MATCH_ALL;
                        case NONE -> TagMatch.TAG_MATCH_NONE;
                    }).addAllTags(t.tags()));
            case Eligibility.CurrentTier t -> b.setCurrentTier(CurrentTierCondition.newBuilder().addAllTierIds(t.tierIds()));
            case Eligibility.MinimumOrderAmount m -> b.setMinimumOrderAmount(MinimumOrderAmountCondition.newBuilder()
                    .setAmount(MoneyMapping.toProto(m.amount())));
            case Eligibility.AllOf all -> b.setAllOf(list(all.conditions()));
            case Eligibility.AnyOf any -> b.setAnyOf(list(any.conditions()));
            case Eligibility.Not not -> b.setNot(toProto(not.condition()));
            case Eligibility.Unset u -> { }
        }
        return b.build();
    }

    private static ConditionList list(List<Eligibility> conditions) {
        var b = ConditionList.newBuilder();
        conditions.forEach(c -> b.addConditions(toProto(c)));
        return b.build();
    }

    // ---- update

    /**
     * The settable fields an update with {@code maskPaths} sets (all of them when the mask is empty).
     * Unknown or output-only paths are recorded on {@code v} as {@code update_mask.paths[i]}.
     */
    public static Set<String> maskedFields(List<String> maskPaths, Violations v) {
        for (int i = 0; i < maskPaths.size(); i++) {
            if (!MilestoneProgramRules.FIELDS.contains(maskPaths.get(i))) {
                v.add("update_mask.paths[" + i + "]", "is not a settable field; use one of " + MilestoneProgramRules.FIELDS);
            }
        }
        return maskPaths.isEmpty() ? MilestoneProgramRules.FIELDS : Set.copyOf(maskPaths);
    }

    /**
     * The candidate next values: {@code input}'s fields named by {@code maskPaths} (all settable
     * fields when empty) over {@code current}'s; the paths were checked by {@link #maskedFields}
     * and {@code in} comes from {@link #fromRequest}.
     */
    public static MilestoneProgramVersion merge(MilestoneProgramVersion current, MilestoneProgramVersion in, List<String> maskPaths) {
        boolean all = maskPaths.isEmpty();
        Set<String> mask = Set.copyOf(maskPaths);
        return new MilestoneProgramVersion(current.programId(), current.storeId(),
                all || mask.contains("internal_name") ? in.internalName() : current.internalName(),
                all || mask.contains("title") ? in.title() : current.title(),
                current.status(),
                all || mask.contains("schedule") ? in.schedule() : current.schedule(),
                all || mask.contains("metric") ? in.metric() : current.metric(),
                all || mask.contains("condition") ? in.condition() : current.condition(),
                all || mask.contains("milestones") ? in.milestones() : current.milestones(),
                all || mask.contains("points_expiry") ? in.pointsExpiry() : current.pointsExpiry(),
                all || mask.contains("refund_policy") ? in.refundPolicy() : current.refundPolicy(),
                current.version(), current.createTime(), current.updateTime());
    }

}
