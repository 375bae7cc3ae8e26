package io.laurel.reward.mapping;

import io.laurel.platform.common.Actor;
import io.laurel.platform.common.ActorMapping;
import io.laurel.platform.common.ExpiryPolicy;
import io.laurel.platform.common.ExpiryPolicyMapping;
import io.laurel.platform.common.Money;
import io.laurel.platform.error.Violations;
import io.laurel.platform.grpc.ProtoTime;
import io.laurel.platform.time.StoredTime;
import io.laurel.reward.app.BaseEarningFlow;
import io.laurel.reward.app.Redemptions;
import io.laurel.reward.app.RewardIssuing;
import io.laurel.reward.app.StoreCredits;
import io.laurel.reward.domain.Redemption;
import io.laurel.reward.domain.RewardCause;
import io.laurel.reward.domain.RewardSpec;
import io.laurel.proto.common.v1.FreeProductReward;
import io.laurel.proto.common.v1.PointsReward;
import io.laurel.proto.common.v1.StoreCreditReward;
import io.laurel.proto.reward.v1.AdjustStoreCreditRequest;
import io.laurel.proto.reward.v1.ClawBackRewardRequest;
import io.laurel.proto.reward.v1.EarnForOrderRequest;
import io.laurel.proto.reward.v1.IssueRewardRequest;
import io.laurel.proto.reward.v1.RecordTierChangeRequest;
import io.laurel.proto.reward.v1.ReserveRedemptionRequest;
import io.laurel.proto.reward.v1.ReverseOrderEarningRequest;
import io.laurel.proto.reward.v1.RewardCauseKind;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * RewardService, EarningService, RedemptionService and StoreCreditService requests beyond their shape: what the
 * contracts' {@code buf.validate} rules state (required fields, ids, ranges, texts) is checked before the service
 * runs (platform's RequestShapeInterceptor, L-API-3); what is left here needs another field or a common type's
 * rule. Every bad field is recorded on the given {@link Violations}, then the request becomes its domain form (null
 * when invalid).
 */
public final class RewardRequests {

    /** Largest money amount accepted: 10^13 minor units (100 billion in a two-decimal currency). */
    public static final long MAX_MINOR = 10_000_000_000_000L;

    private RewardRequests() {
    }

    public static RewardIssuing.Issue issue(IssueRewardRequest r, Violations v) {
        RewardCause cause = cause(r.getCause(), v.nested("cause"));
        RewardSpec spec = spec(r, v);
        Money orderAmount = null;
        if (spec != null && spec.isPercentage()) {
            if (cause.kind() == RewardCause.Kind.TIER_ENTRY) {
                v.add("reward", "a tier entry reward cannot be a percentage: there is no order");
            }
            if (!r.hasOrderAmount()) {
                v.add("order_amount", "is required for a percentage reward");
            } else {
                orderAmount = money(r.getOrderAmount(), v.nested("order_amount"), true);
            }
        }
        ExpiryPolicy policy = null;
        if (spec != null && spec.kind() != RewardSpec.Kind.STORE_CREDIT) {
            policy = resolvedPolicy(r.hasExpiryPolicy(), r.getExpiryPolicy(), v.nested("expiry_policy"));
        }
        Instant occurred = StoredTime.of(ProtoTime.toInstant(r.getOccurredAt()));
        return v.isEmpty() ? new RewardIssuing.Issue(r.getStoreId(), r.getCustomerId(), cause, spec, orderAmount,
                policy, occurred) : null;
    }

    public static RewardIssuing.ClawBack clawBack(ClawBackRewardRequest r, Violations v) {
        RewardCause cause = cause(r.getCause(), v.nested("cause"));
        if (cause.kind() != RewardCause.Kind.MILESTONE) {
            v.add("cause.kind", "must be MILESTONE: only milestone rewards are clawed back");
        }
        Instant occurred = StoredTime.of(ProtoTime.toInstant(r.getOccurredAt()));
        return v.isEmpty() ? new RewardIssuing.ClawBack(r.getStoreId(), r.getCustomerId(), cause, r.getReason(),
                occurred) : null;
    }

    public static BaseEarningFlow.Earn earn(EarnForOrderRequest r, Violations v) {
        Money amount = money(r.getAmount(), v.nested("amount"), true);
        Instant occurred = StoredTime.of(ProtoTime.toInstant(r.getOccurredAt()));
        return v.isEmpty() ? new BaseEarningFlow.Earn(r.getStoreId(), r.getCustomerId(), r.getOrderId(), amount,
                occurred) : null;
    }

    public static BaseEarningFlow.Reverse reverse(ReverseOrderEarningRequest r, Violations v) {
        Money refunded = null;
        if (r.hasRefundedAmount() == r.getCancellation()) {
            v.add("refunded_amount", "exactly one of refunded_amount (a refund) and cancellation must be set");
        } else if (r.hasRefundedAmount()) {
            refunded = money(r.getRefundedAmount(), v.nested("refunded_amount"), false);
        }
        Instant occurred = StoredTime.of(ProtoTime.toInstant(r.getOccurredAt()));
        if (!v.isEmpty()) {
            return null;
        }
        return new BaseEarningFlow.Reverse(r.getStoreId(), r.getCustomerId(), r.getOrderId(), r.getReversalId(),
                refunded == null ? 0 : refunded.amountMinor(), refunded == null ? "" : refunded.currencyCode(),
                r.getCancellation(), occurred);
    }

    /** Every rule of RecordTierChange is its contract's. */
    public static BaseEarningFlow.TierChange tierChange(RecordTierChangeRequest r) {
        return new BaseEarningFlow.TierChange(r.getStoreId(), r.getCustomerId(), r.getChangeId(),
                r.getTierProgramId(), r.getTierId(), r.getEarningMultiplierBps(), StoredTime.of(ProtoTime.toInstant(r.getEffectiveTime())));
    }

    public static Redemptions.Reserve reserve(ReserveRedemptionRequest r, Violations v) {
        Money credit = r.hasStoreCredit() ? money(r.getStoreCredit(), v.nested("store_credit"), true) : null;
        if (r.getPoints() == 0 && (credit == null || credit.amountMinor() == 0)) {
            v.add("points", "points or store_credit must be above 0: there is nothing to redeem");
        }
        Money max = r.hasMaxDiscount() ? money(r.getMaxDiscount(), v.nested("max_discount"), true) : null;
        // 1 minute..24 hours: the contract's
        Duration ttl = r.hasTtl() ? Duration.ofSeconds(r.getTtl().getSeconds(), r.getTtl().getNanos())
                : Redemption.DEFAULT_TTL;
        return v.isEmpty() ? new Redemptions.Reserve(r.getStoreId(), r.getCustomerId(), r.getCheckoutId(),
                r.getPoints(), credit, max, ttl) : null;
    }

    public static StoreCredits.Adjust adjustCredit(AdjustStoreCreditRequest r, Violations v) {
        Violations at = v.nested("amount_delta");
        checkCurrency(r.getAmountDelta().getCurrencyCode(), at);
        long minor = r.getAmountDelta().getAmountMinor();
        at.require(minor != 0, "amount_minor", "must not be 0: positive grants, negative deducts");
        at.require(minor >= -MAX_MINOR && minor <= MAX_MINOR, "amount_minor",
                "must be between -" + MAX_MINOR + " and " + MAX_MINOR);
        Money delta = MoneyMapping(r.getAmountDelta());
        Actor actor = ActorMapping.toDomain(r.getActor()); // its shape is the contract's
        return v.isEmpty() ? new StoreCredits.Adjust(r.getStoreId(), r.getCustomerId(), delta, r.getReason(), actor)
                : null;
    }

    /** An id that names a row by UUID: anything else cannot exist (NOT_FOUND rather than INTERNAL). */
    public static boolean isUuid(String id) {
        try {
            UUID.fromString(id);
            return id.length() == 36;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** The fields a cause needs by its kind (its kind, program and the rest of its shape are the contract's). */
    private static RewardCause cause(io.laurel.proto.reward.v1.RewardCause c, Violations v) {
        if (c.getKind() == RewardCauseKind.REWARD_CAUSE_KIND_MILESTONE) {
            v.require(c.getMilestoneTarget() > 0, "milestone_target", "must be positive: the milestone reached");
            v.require(c.getTierId().isEmpty(), "tier_id", "must be empty for a MILESTONE cause");
        } else {
            v.require(!c.getTierId().isBlank(), "tier_id", "is required for a TIER_ENTRY cause");
            v.require(c.getMilestoneTarget() == 0, "milestone_target", "must be 0 for a TIER_ENTRY cause");
            v.require(!c.hasSpellStartTime(), "spell_start_time", "must be unset for a TIER_ENTRY cause");
        }
        return RewardMapping.toDomain(c);
    }

    private static RewardSpec spec(IssueRewardRequest r, Violations root) {
        Violations v = root.nested("reward");
        return switch (r.getReward().getKindCase()) {
            case POINTS -> points(r.getReward().getPoints());
            case STORE_CREDIT -> credit(r.getReward().getStoreCredit(), v.nested("store_credit"));
            case FREE_PRODUCT -> freeProduct(r.getReward().getFreeProduct());
            case KIND_NOT_SET -> throw new IllegalStateException("the contract requires a reward kind");
        };
    }

    private static RewardSpec points(PointsReward p) {
        return switch (p.getAmountCase()) {
            // the spec is returned even when out of range, so the checks that depend on its kind still run
            // ranges and the choice of one amount are the contract's (common/v1/reward.proto)
            case FIXED_POINTS -> RewardSpec.fixedPoints(p.getFixedPoints());
            case PERCENT_OF_ORDER_BPS -> RewardSpec.percentPoints(p.getPercentOfOrderBps());
            case AMOUNT_NOT_SET -> throw new IllegalStateException("the contract requires an amount");
        };
    }

    private static RewardSpec credit(StoreCreditReward c, Violations v) {
        return switch (c.getAmountCase()) {
            case FIXED_AMOUNT -> {
                Money m = money(c.getFixedAmount(), v.nested("fixed_amount"), true);
                if (m != null && m.amountMinor() == 0) {
                    v.add("fixed_amount.amount_minor", "must be positive");
                    yield null;
                }
                yield m == null ? null : RewardSpec.fixedCredit(m.amountMinor(), m.currencyCode());
            }
            case PERCENT_OF_ORDER_BPS -> RewardSpec.percentCredit(c.getPercentOfOrderBps());
            case AMOUNT_NOT_SET -> throw new IllegalStateException("the contract requires an amount");
        };
    }

    /** product_id required and quantity 1..100 are the contract's. */
    private static RewardSpec freeProduct(FreeProductReward f) {
        return RewardSpec.freeProduct(f.getProductId(), f.getVariantId(), f.getQuantity());
    }

    private static ExpiryPolicy resolvedPolicy(boolean present, io.laurel.proto.common.v1.PointsExpiryPolicy p,
                                               Violations v) {
        if (!present) {
            v.add("", "is required for points and vouchers: NEVER or AFTER_DAYS (resolve STORE_DEFAULT first)");
            return null;
        }
        // kind required and defined, days within 0..3650: the contract's; what depends on the kind is here
        ExpiryPolicy policy = ExpiryPolicyMapping.toDomain(p);
        if (policy == null || policy.kind() == ExpiryPolicy.Kind.STORE_DEFAULT) {
            v.add("kind", "must be NEVER or AFTER_DAYS: the caller resolves STORE_DEFAULT");
            return null;
        }
        if (policy.kind() == ExpiryPolicy.Kind.AFTER_DAYS) {
            v.require(policy.days() >= 1, "days", "must be at least 1 when kind is AFTER_DAYS");
        } else {
            v.require(policy.days() == 0, "days", "must be 0 unless kind is AFTER_DAYS");
        }
        return policy;
    }

    /** A money amount in an ISO currency; {@code zeroAllowed} false requires > 0; negative never allowed. */
    static Money money(io.laurel.proto.common.v1.Money m, Violations v, boolean zeroAllowed) {
        boolean ok = checkCurrency(m.getCurrencyCode(), v);
        ok &= v.require(zeroAllowed ? m.getAmountMinor() >= 0 : m.getAmountMinor() > 0, "amount_minor",
                zeroAllowed ? "must not be negative" : "must be positive")
                && v.require(m.getAmountMinor() <= MAX_MINOR, "amount_minor", "must be at most " + MAX_MINOR);
        return ok ? MoneyMapping(m) : null;
    }

    private static boolean checkCurrency(String code, Violations v) {
        return v.require(Money.isIsoCurrency(code), "currency_code", "must be an ISO 4217 code, e.g. EUR");
    }

    private static Money MoneyMapping(io.laurel.proto.common.v1.Money m) {
        return io.laurel.platform.common.MoneyMapping.toDomain(m);
    }
}
