package io.laurel.reward.mapping;

import com.google.protobuf.Duration;
import io.laurel.platform.common.Actor;
import io.laurel.platform.common.ActorMapping;
import io.laurel.platform.common.ExpiryPolicy;
import io.laurel.platform.common.ExpiryPolicyMapping;
import io.laurel.platform.error.Violations;
import io.laurel.reward.domain.LedgerEntry;
import io.laurel.reward.domain.ManualAdjustment;
import io.laurel.proto.reward.v1.AdjustPointsRequest;
import io.laurel.proto.reward.v1.GetBalanceRequest;
import io.laurel.proto.reward.v1.ListLedgerEntriesRequest;
import java.util.List;

/**
 * LedgerService requests beyond their shape: what the contract's {@code buf.validate} rules state (required ids, the
 * expiring_within range, kinds, points_delta, the reason) is checked before the service runs (platform's
 * RequestShapeInterceptor, L-API-3). Every bad field left is recorded on the given {@link Violations} (paths relative
 * to the request), then the request becomes its domain form.
 */
public final class LedgerRequests {

    public static final java.time.Duration DEFAULT_EXPIRING_WITHIN = java.time.Duration.ofDays(30);

    private LedgerRequests() {
    }

    /** The horizon of GetBalance's expiring_soon (default 30 days; 0..366 days is the contract's). */
    public static java.time.Duration expiringWithin(GetBalanceRequest request) {
        if (!request.hasExpiringWithin()) {
            return DEFAULT_EXPIRING_WITHIN;
        }
        Duration d = request.getExpiringWithin();
        return java.time.Duration.ofSeconds(d.getSeconds(), d.getNanos());
    }

    /** The kinds filter of ListLedgerEntries as stored names (each a defined kind: the contract's). */
    public static List<String> kinds(ListLedgerEntriesRequest request) {
        return request.getKindsList().stream().map(LedgerMapping::toDomain).map(LedgerEntry.Kind::name)
                .distinct().sorted().toList();
    }

    /** Validates AdjustPoints (R-LEDGER-8) and returns its domain form (null when invalid). */
    public static ManualAdjustment.Request adjustment(AdjustPointsRequest r, Violations v) {
        long delta = r.getPointsDelta();
        Actor actor = ActorMapping.toDomain(r.getActor()); // its shape is the contract's
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

    private static ExpiryPolicy expiryPolicy(AdjustPointsRequest r, Violations v) {
        // kind required and defined, days within 0..3650: the contract's; what depends on the kind is here
        ExpiryPolicy policy = ExpiryPolicyMapping.toDomain(r.getExpiryPolicy());
        if (policy.kind() == ExpiryPolicy.Kind.AFTER_DAYS) {
            v.require(policy.days() >= 1, "days", "must be at least 1 when kind is AFTER_DAYS");
        } else {
            v.require(policy.days() == 0, "days", "must be 0 unless kind is AFTER_DAYS");
        }
        return policy;
    }
}
