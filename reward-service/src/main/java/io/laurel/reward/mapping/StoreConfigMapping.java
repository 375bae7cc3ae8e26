package io.laurel.reward.mapping;

import io.laurel.platform.common.ExpiryPolicy;
import io.laurel.platform.common.ExpiryPolicyMapping;
import io.laurel.platform.grpc.ProtoTime;
import io.laurel.reward.domain.StoreConfig;
import io.laurel.proto.program.v1.ConfigChange;
import io.laurel.proto.program.v1.StoreSettings;

/** program-service's StoreSettings (from the configuration feed) → what reward-service keeps. */
public final class StoreConfigMapping {

    private StoreConfigMapping() {
    }

    /** The change's store settings (program-service always sets their store id and version). */
    public static StoreConfig toDomain(ConfigChange change) {
        StoreSettings s = change.getStoreSettings();
        ExpiryPolicy expiry = ExpiryPolicyMapping.toDomain(s.getDefaultPointsExpiry());
        return new StoreConfig(s.getStoreId(), s.getVersion(), s.getCurrencyCode(), s.getTimeZone(),
                expiry == null ? ExpiryPolicy.never() : expiry,
                s.getBaseEarningRateMilli(), s.getPointValueMinorMilli(), ProtoTime.toInstant(s.getUpdateTime()));
    }
}
