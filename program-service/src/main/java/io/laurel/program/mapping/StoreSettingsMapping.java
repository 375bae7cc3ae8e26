package io.laurel.program.mapping;

import io.laurel.platform.common.ExpiryPolicyMapping;
import io.laurel.platform.error.Violations;
import io.laurel.platform.grpc.ProtoTime;
import io.laurel.program.domain.StoreSettingsVersion;
import io.laurel.proto.program.v1.StoreSettings;
import java.util.List;
import java.util.Set;

/** proto ↔ domain for store settings, including the update-mask merge. */
public final class StoreSettingsMapping {

    /** The settable fields an update mask may name. */
    public static final Set<String> SETTABLE = Set.of("currency_code", "time_zone", "default_points_expiry",
            "base_earning_rate_milli", "point_value_minor_milli");

    private StoreSettingsMapping() {
    }

    public static StoreSettings toProto(StoreSettingsVersion s) {
        return StoreSettings.newBuilder()
                .setStoreId(s.storeId())
                .setCurrencyCode(s.currencyCode())
                .setTimeZone(s.timeZone())
                .setDefaultPointsExpiry(ExpiryPolicyMapping.toProto(s.defaultPointsExpiry()))
                .setBaseEarningRateMilli(s.baseEarningRateMilli())
                .setPointValueMinorMilli(s.pointValueMinorMilli())
                .setVersion(s.version())
                .setCreateTime(ProtoTime.toProto(s.createTime()))
                .setUpdateTime(ProtoTime.toProto(s.updateTime()))
                .build();
    }

    /**
     * The candidate next values: {@code input}'s fields named by {@code maskPaths} (all settable
     * fields when empty or when there is no current version) over {@code current}'s. Unknown mask
     * paths are recorded on {@code v} as {@code update_mask.paths[i]}.
     */
    public static StoreSettingsVersion merge(String storeId, StoreSettingsVersion current,
                                      StoreSettings input, List<String> maskPaths,
                                      Violations v) {
        for (int i = 0; i < maskPaths.size(); i++) {
            if (!SETTABLE.contains(maskPaths.get(i))) {
                v.add("update_mask.paths[" + i + "]", "is not a settable field; use one of " + SETTABLE);
            }
        }
        boolean all = current == null || maskPaths.isEmpty();
        Set<String> mask = Set.copyOf(maskPaths);
        return new StoreSettingsVersion(storeId,
                all || mask.contains("currency_code") ? input.getCurrencyCode() : current.currencyCode(),
                all || mask.contains("time_zone") ? input.getTimeZone() : current.timeZone(),
                all || mask.contains("default_points_expiry")
                        ? ExpiryPolicyMapping.toDomain(input.getDefaultPointsExpiry()) : current.defaultPointsExpiry(),
                all || mask.contains("base_earning_rate_milli")
                        ? input.getBaseEarningRateMilli() : current.baseEarningRateMilli(),
                all || mask.contains("point_value_minor_milli")
                        ? input.getPointValueMinorMilli() : current.pointValueMinorMilli(),
                0, null, null);
    }
}
