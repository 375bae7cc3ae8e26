package io.laurel.reward.mapping;

import com.google.protobuf.Duration;
import io.laurel.platform.error.Violations;
import io.laurel.platform.idempotency.Idempotency;
import io.laurel.reward.domain.Actor;
import io.laurel.reward.domain.ExpiryPolicy;
import io.laurel.reward.domain.LedgerEntry;
import io.laurel.reward.domain.ManualAdjustment;
import io.laurel.reward.domain.PageToken;
import io.laurel.proto.reward.v1.AdjustPointsRequest;
import io.laurel.proto.reward.v1.CheckLedgerIntegrityRequest;
import io.laurel.proto.reward.v1.GetBalanceRequest;
import io.laurel.proto.reward.v1.ListLedgerEntriesRequest;
import io.laurel.proto.reward.v1.ListPointsLotsRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The shape of LedgerService requests: every bad field is recorded on the given {@link Violations}
 * (paths relative to the request), then the request becomes its domain form.
 */
public final class LedgerRequests {

    /** Longest id that comes from the commerce platform (store, customer). */
    public static final int MAX_ID = 128;
    public static final int MAX_ACTOR_NAME = 200;
    public static final java.time.Duration DEFAULT_EXPIRING_WITHIN = java.time.Duration.ofDays(30);
    public static final java.time.Duration MAX_EXPIRING_WITHIN = java.time.Duration.ofDays(366);

    private LedgerRequests() {
    }

    public static void checkIds(Violations v, String storeId, String customerId) {
        checkId(v, "store_id", storeId);
        checkId(v, "customer_id", customerId);
    }

    public static void checkId(Violations v, String field, String value) {
        if (value.isBlank()) {
            v.add(field, "is required");
        } else {
            v.require(value.length() <= MAX_ID, field, "must be at most " + MAX_ID + " characters");
        }
    }

    public static void checkPageSize(Violations v, int pageSize) {
        v.require(pageSize >= 0, "page_size", "must not be negative (0 = the default, 50; at most 100)");
    }

    /** The horizon of GetBalance's expiring_soon (default 30 days, at most 366). */
    public static java.time.Duration expiringWithin(GetBalanceRequest request, Violations v) {
        if (!request.hasExpiringWithin()) {
            return DEFAULT_EXPIRING_WITHIN;
        }
        Duration d = request.getExpiringWithin();
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

    /**
     * The position a page token carries, parsed; records a violation on {@code page_token} when the
     * token is malformed, was made for other fields, or does not parse.
     */
    public static <T> Optional<T> pagePosition(String token, String binding, int parts,
                                               Function<List<String>, T> parse, Violations v) {
        if (token.isEmpty()) {
            return Optional.empty();
        }
        Optional<T> position;
        try {
            position = PageToken.decode(token, binding, parts).map(parse);
        } catch (RuntimeException unparsable) {
            position = Optional.empty();
        }
        v.require(position.isPresent(), "page_token",
                "is not a token returned by this call with the same other fields");
        return position;
    }

    public static String entriesBinding(ListLedgerEntriesRequest r, List<String> kinds) {
        return "entries|" + r.getStoreId() + "|" + r.getCustomerId() + "|" + String.join(",", kinds);
    }

    public static String lotsBinding(ListPointsLotsRequest r) {
        return "lots|" + r.getStoreId() + "|" + r.getCustomerId() + "|" + r.getIncludeClosed();
    }

    public static String integrityBinding(CheckLedgerIntegrityRequest r) {
        return "integrity|" + r.getStoreId() + "|" + r.getCustomerId();
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
        Actor actor = LedgerMapping.toDomain(r.getActor());
        v.require(actor != null, "kind", "is required: MERCHANT_STAFF, PLATFORM or SYSTEM");
        checkId(v, "id", r.getActor().getId());
        v.require(r.getActor().getDisplayName().length() <= MAX_ACTOR_NAME, "display_name",
                "must be at most " + MAX_ACTOR_NAME + " characters");
        return actor;
    }

    private static ExpiryPolicy expiryPolicy(AdjustPointsRequest r, Violations v) {
        ExpiryPolicy policy = LedgerMapping.toDomain(r.getExpiryPolicy());
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
