package io.laurel.platform.common;

import static org.assertj.core.api.Assertions.assertThat;

import io.laurel.proto.common.v1.PointsExpiryPolicy;
import io.laurel.proto.common.v1.PointsExpiryPolicyKind;
import org.junit.jupiter.api.Test;

class ExpiryPolicyMappingTest {

    @Test
    void everyKindMapsBothWays() {
        for (ExpiryPolicy policy : new ExpiryPolicy[] {ExpiryPolicy.never(), ExpiryPolicy.afterDays(30), ExpiryPolicy.storeDefault()}) {
            assertThat(ExpiryPolicyMapping.toDomain(ExpiryPolicyMapping.toProto(policy))).isEqualTo(policy);
        }
        assertThat(ExpiryPolicyMapping.toProto(ExpiryPolicy.afterDays(30))).isEqualTo(PointsExpiryPolicy.newBuilder()
                .setKind(PointsExpiryPolicyKind.POINTS_EXPIRY_POLICY_KIND_AFTER_DAYS).setDays(30).build());
    }

    @Test
    void anUnsetKindMapsToNothing() {
        assertThat(ExpiryPolicyMapping.toDomain(PointsExpiryPolicy.newBuilder().setDays(30).build())).isNull();
    }

    @Test
    void r_prog_6_theStoreDefaultStandsInForAnAbsentOrStoreDefaultPolicy() {
        ExpiryPolicy storeDefault = ExpiryPolicy.afterDays(30);
        assertThat(ExpiryPolicy.resolve(null, storeDefault)).isEqualTo(storeDefault);
        assertThat(ExpiryPolicy.resolve(ExpiryPolicy.storeDefault(), storeDefault)).isEqualTo(storeDefault);
        assertThat(ExpiryPolicy.resolve(ExpiryPolicy.never(), storeDefault)).isEqualTo(ExpiryPolicy.never());
    }
}
