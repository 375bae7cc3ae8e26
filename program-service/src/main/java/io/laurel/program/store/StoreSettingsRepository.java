package io.laurel.program.store;

import io.laurel.platform.common.ExpiryPolicy;
import io.laurel.program.domain.StoreSettings;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.ZoneOffset;

/** Store settings versions in Postgres; every version is kept and readable. */
@ApplicationScoped
public class StoreSettingsRepository {

    private static final String COLUMNS = """
            store_id, version, currency_code, time_zone, default_expiry_kind, default_expiry_days,
            base_earning_rate_milli, point_value_minor_milli, create_time, update_time""";
    private static final String FIND_LATEST = "SELECT " + COLUMNS + " FROM store_settings_version"
            + " WHERE store_id = $1 ORDER BY version DESC LIMIT 1";
    private static final String FIND_VERSION = "SELECT " + COLUMNS + " FROM store_settings_version"
            + " WHERE store_id = $1 AND version = $2";

    /**
     * The latest version, with the store's settings locked for the rest of the transaction; null
     * when the store has none. The lock is a transaction-level advisory lock on the store (it exists
     * before the first version does), taken before the read, so a second writer waits and then reads
     * what the first committed: its expected_version check sees the true current version.
     */
    public Uni<StoreSettings> latestForUpdate(SqlClient tx, String storeId) {
        return tx.preparedQuery("SELECT pg_advisory_xact_lock(hashtextextended('store_settings:' || $1, 0))")
                .execute(Tuple.of(storeId))
                .chain(() -> find(tx, storeId, 0));
    }

    /** Version {@code version} (0 = latest); null when there is no such version. */
    public Uni<StoreSettings> find(SqlClient client, String storeId, long version) {
        return (version == 0 ? client.preparedQuery(FIND_LATEST).execute(Tuple.of(storeId))
                : client.preparedQuery(FIND_VERSION).execute(Tuple.of(storeId, version)))
                .map(StoreSettingsRepository::firstOrNull);
    }

    /** Inserts a new version (under the lock of {@link #latestForUpdate}). */
    public Uni<Void> insert(SqlClient tx, StoreSettings s) {
        return tx.preparedQuery("INSERT INTO store_settings_version (" + COLUMNS + ")"
                        + " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)")
                .execute(Tuple.from(new Object[] {s.storeId(), s.version(), s.currencyCode(), s.timeZone(),
                        s.defaultPointsExpiry().kind().name(), s.defaultPointsExpiry().days(),
                        s.baseEarningRateMilli(), s.pointValueMinorMilli(),
                        s.createTime().atOffset(ZoneOffset.UTC), s.updateTime().atOffset(ZoneOffset.UTC)}))
                .replaceWithVoid();
    }

    private static StoreSettings firstOrNull(RowSet<Row> rows) {
        if (rows.size() == 0) {
            return null;
        }
        Row r = rows.iterator().next();
        return new StoreSettings(r.getString("store_id"), r.getString("currency_code"), r.getString("time_zone"),
                new ExpiryPolicy(ExpiryPolicy.Kind.valueOf(r.getString("default_expiry_kind")),
                        r.getInteger("default_expiry_days")),
                r.getLong("base_earning_rate_milli"), r.getLong("point_value_minor_milli"), r.getLong("version"),
                r.getOffsetDateTime("create_time").toInstant(), r.getOffsetDateTime("update_time").toInstant());
    }
}
