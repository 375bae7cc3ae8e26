package io.laurel.reward.mapping;

import com.google.protobuf.Duration;
import io.laurel.platform.common.Actor;
import io.laurel.platform.common.ActorMapping;
import io.laurel.platform.common.ExpiryPolicy;
import io.laurel.platform.common.ExpiryPolicyMapping;
import io.laurel.platform.error.Violations;
import io.laurel.platform.idempotency.Idempotency;
import io.laurel.reward.domain.LedgerEntry;
import io.laurel.reward.domain.ManualAdjustment;
import io.laurel.proto.reward.v1.AdjustPointsRequest;
import io.laurel.proto.reward.v1.GetBalanceRequest;
import io.laurel.proto.reward.v1.ListLedgerEntriesRequest;
import java.util.ArrayList;
import java.util.List;

/**
 * The shape of LedgerService requests: every bad field is recorded on the given {@link Violations}
 * (paths relative to the request), then the request becomes its domain form.
 */
public final class LedgerRequests {

    public static final java.time.Duration DEFAULT_EXPIRING_WITHIN = java.time.Duration.ofDays(30);
    public static final java.time.Duration MAX_EXPIRING_WITHIN = java.time.Duration.ofDays(366);

    private LedgerRequests() {
    }

    public static void checkIds(Violations v, String storeId, String customerId) {
        v.requireId("store_id", storeId).requireId("customer_id", customerId);
    }

    /** The horizon of GetBalance's expiring_soon (default 30 days, at most 366). */
    public static java.time.Duration expiringWithin(GetBalanceRequest request, Violations v) {
        if (!request.hasExpiringWithin()) {
            return DEFAULT_EXPIRING_WITHIN;
        }
        Duration d = request.getExpiringWithin();
        if (d.getSeconds() < 0 || d.getSeconds() > MAX_EXPIRING_WITHIN.getSeconds() || d.getNanos() < 0
                || d.getNanos() >= 1_000_000_000) {
            v.add("expiring_within", "must be between 0 and 366 days");
            return DEFAULT_EXPIRING_WITHIN;
        }
        java.time.Duration within = java.time.Duration.ofSeconds(d.getSeconds(), d.getNanos());
        if (within.isNegative()) {
            v.add("expiring_within", "must not be negative");
        } else if (within.compareTo(MAX_EXPIRING_WITHIN) > 0) {
            v.add("expiring_within", "must be at most 366 days");
        }
        return within;
    }

    /** The kinds filter of ListLedgerEntries as stored names. */
    public static List<String> kinds(ListLedgerEntriesRequest request, Violations v) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < request.getKindsCount(); i++) {
            LedgerEntry.Kind kind = LedgerMapping.toDomain(request.getKinds(i));
            if (kind == null) {
                v.add("kinds[" + i + "]", "must be a ledger entry kind");
            } else if (!names.contains(kind.name())) {
                names.add(kind.name());
            }
        }
        names.sort(null);
        return names;
    }

    /** Validates AdjustPoints (R-LEDGER-8) and returns its domain form (null when invalid). */
    public static ManualAdjustment.Request adjustment(AdjustPointsRequest r, Violations v) {
        Idempotency.checkRequestId(v, r.getRequestId());
        checkIds(v, r.getStoreId(), r.getCustomerId());
        long delta = r.getPointsDelta();
        if (delta == 0) {
            v.add("points_delta", "must not be 0: positive grants, negative deducts");
        } else {
            v.require(delta >= -ManualAdjustment.MAX_POINTS && delta <= ManualAdjustment.MAX_POINTS, "points_delta",
                    "must be between -" + ManualAdjustment.MAX_POINTS + " and " + ManualAdjustment.MAX_POINTS);
        }
        if (r.getReason().isBlank()) {
            v.add("reason", "is required: why the points are adjusted, shown in history");
        } else {
            v.require(r.getReason().codePointCount(0, r.getReason().length()) <= ManualAdjustment.MAX_REASON,
                    "reason", "must be at most " + ManualAdjustment.MAX_REASON + " characters");
        }
        Actor actor = actor(r, v.nested("actor"));
        ExpiryPolicy policy = null;
        if (r.hasExpiryPolicy()) {
            if (delta < 0) {
                v.add("expiry_policy", "applies to grants only: a deduction creates no lot");
            } else {
                policy = expiryPolicy(r, v.nested("expiry_policy"));
            }
        }
        return v.isEmpty()
                ? new ManualAdjustment.Request(r.getStoreId(), r.getCustomerId(), delta, r.getReason(), actor, policy)
                : null;
    }

    private static Actor actor(AdjustPointsRequest r, Violations v) {
        if (!r.hasActor()) {
            v.add("", "is required: who makes the adjustment (kind and id)");
            return null;
        }
        Actor actor = ActorMapping.toDomain(r.getActor());
        v.require(actor != null, "kind", "is required: MERCHANT_STAFF, PLATFORM or SYSTEM");
        ActorMapping.checkShape(v, r.getActor());
        return actor;
    }

    private static ExpiryPolicy expiryPolicy(AdjustPointsRequest r, Violations v) {
        ExpiryPolicy policy = ExpiryPolicyMapping.toDomain(r.getExpiryPolicy());
        if (policy == null) {
            v.add("kind", "is required: STORE_DEFAULT, NEVER or AFTER_DAYS");
            return null;
        }
        if (policy.kind() == ExpiryPolicy.Kind.AFTER_DAYS) {
            v.require(policy.days() >= 1 && policy.days() <= ExpiryPolicy.MAX_DAYS, "days",
                    "must be between 1 and " + ExpiryPolicy.MAX_DAYS);
        } else {
            v.require(policy.days() == 0, "days", "must be 0 unless kind is AFTER_DAYS");
        }
        return policy;
    }
}
