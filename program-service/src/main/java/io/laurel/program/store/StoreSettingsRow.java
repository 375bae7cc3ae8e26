package io.laurel.program.store;

import io.laurel.platform.common.ExpiryPolicy;
import io.laurel.program.domain.StoreSettingsVersion;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

/** Table {@code store_settings_version} (V1): every version of a store's settings, kept and readable. */
@Entity
@Table(name = "store_settings_version")
@IdClass(StoreSettingsRow.Key.class)
public class StoreSettingsRow {

    @Id
    @Column(name = "store_id")
    public String storeId;

    @Id
    public long version;

    @Column(name = "currency_code", columnDefinition = "char(3)")
    public String currencyCode;

    @Column(name = "time_zone")
    public String timeZone;

    /** NEVER | AFTER_DAYS */
    @Column(name = "default_expiry_kind")
    public String defaultExpiryKind;

    @Column(name = "default_expiry_days")
    public int defaultExpiryDays;

    @Column(name = "base_earning_rate_milli")
    public long baseEarningRateMilli;

    @Column(name = "point_value_minor_milli")
    public long pointValueMinorMilli;

    @Column(name = "create_time")
    public Instant createTime;

    @Column(name = "update_time")
    public Instant updateTime;

    static StoreSettingsRow of(StoreSettingsVersion s) {
        StoreSettingsRow row = new StoreSettingsRow();
        row.storeId = s.storeId();
        row.version = s.version();
        row.currencyCode = s.currencyCode();
        row.timeZone = s.timeZone();
        row.defaultExpiryKind = s.defaultPointsExpiry().kind().name();
        row.defaultExpiryDays = s.defaultPointsExpiry().days();
        row.baseEarningRateMilli = s.baseEarningRateMilli();
        row.pointValueMinorMilli = s.pointValueMinorMilli();
        row.createTime = s.createTime();
        row.updateTime = s.updateTime();
        return row;
    }

    StoreSettingsVersion toDomain() {
        return new StoreSettingsVersion(storeId, currencyCode, timeZone,
                new ExpiryPolicy(ExpiryPolicy.Kind.valueOf(defaultExpiryKind), defaultExpiryDays),
                baseEarningRateMilli, pointValueMinorMilli, version, createTime, updateTime);
    }

    /** The row's key: the store and the version. */
    public static class Key implements Serializable {

        public String storeId;
        public long version;

        public Key() {
        }

        public Key(String storeId, long version) {
            this.storeId = storeId;
            this.version = version;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && storeId.equals(k.storeId) && version == k.version;
        }

        @Override
        public int hashCode() {
            return Objects.hash(storeId, version);
        }
    }
}
