package io.laurel.platform.common;

import io.laurel.proto.common.v1.PointsExpiryPolicy;
import io.laurel.proto.common.v1.PointsExpiryPolicyKind;

/** {@link ExpiryPolicy} ↔ {@code laurel.common.v1.PointsExpiryPolicy}. */
public final class ExpiryPolicyMapping {

    private ExpiryPolicyMapping() {
    }

    public static PointsExpiryPolicy toProto(ExpiryPolicy policy) {
        PointsExpiryPolicyKind kind = switch (policy.kind()) {
            case STORE_DEFAULT -> PointsExpiryPolicyKind.POINTS_EXPIRY_POLICY_KIND_STORE_DEFAULT;
            case NEVER -> PointsExpiryPolicyKind.POINTS_EXPIRY_POLICY_KIND_NEVER;
            case AFTER_DAYS -> PointsExpiryPolicyKind.POINTS_EXPIRY_POLICY_KIND_AFTER_DAYS;
        };
        return PointsExpiryPolicy.newBuilder().setKind(kind).setDays(policy.days()).build();
    }

    /** null when the kind is unset or unknown: the caller's rules report it as missing. */
    public static ExpiryPolicy toDomain(PointsExpiryPolicy policy) {
        ExpiryPolicy.Kind kind = switch (policy.getKind()) {
            case POINTS_EXPIRY_POLICY_KIND_STORE_DEFAULT -> ExpiryPolicy.Kind.STORE_DEFAULT;
            case POINTS_EXPIRY_POLICY_KIND_NEVER -> ExpiryPolicy.Kind.NEVER;
            case POINTS_EXPIRY_POLICY_KIND_AFTER_DAYS -> ExpiryPolicy.Kind.AFTER_DAYS;
            case POINTS_EXPIRY_POLICY_KIND_UNSPECIFIED, UNRECOGNIZED -> null;
        };
        return kind == null ? null : new ExpiryPolicy(kind, policy.getDays());
    }
}
