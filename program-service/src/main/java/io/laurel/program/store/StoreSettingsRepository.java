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

    /** The latest version, locked for the rest of the transaction; null when the store has none. */
    public Uni<StoreSettings> latestForUpdate(SqlClient tx, String storeId) {
        return tx.preparedQuery("SELECT " + COLUMNS + " FROM store_settings_version WHERE store_id = $1"
                        + " ORDER BY version DESC LIMIT 1 FOR UPDATE")
                .execute(Tuple.of(storeId))
                .map(StoreSettingsRepository::firstOrNull);
    }

    /** Version {@code version} (0 = latest); null when there is no such version. */
    public Uni<StoreSettings> find(SqlClient client, String storeId, long version) {
        String where = version == 0 ? " ORDER BY version DESC LIMIT 1" : " AND version = $2";
        Tuple args = version == 0 ? Tuple.of(storeId) : Tuple.of(storeId, version);
        return client.preparedQuery("SELECT " + COLUMNS + " FROM store_settings_version WHERE store_id = $1" + where)
                .execute(args)
                .map(StoreSettingsRepository::firstOrNull);
    }

    /**
     * Inserts a new version. Two writers racing from the same base collide on the primary key; the
     * loser's transaction fails and the caller reports a version conflict.
     */
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
