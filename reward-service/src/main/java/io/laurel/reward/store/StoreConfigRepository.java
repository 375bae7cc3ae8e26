package io.laurel.reward.store;

import io.laurel.platform.common.ExpiryPolicy;
import io.laurel.reward.domain.StoreConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/** The stores' settings as received from program-service: the latest, and every version. */
@ApplicationScoped
public class StoreConfigRepository {

    private static final String COLUMNS = """
            store_id, version, currency_code, time_zone, default_expiry_kind, default_expiry_days,
            base_earning_rate_milli, point_value_minor_milli, effective_time""";

    /** The latest settings of the store; null when it has none yet (STORE_NOT_CONFIGURED). */
    public Uni<StoreConfig> find(SqlClient client, String storeId) {
        return client.preparedQuery("SELECT " + COLUMNS + " FROM store_config WHERE store_id = $1")
                .execute(Tuple.of(storeId))
                .map(rows -> rows.size() == 0 ? null : toDomain(rows.iterator().next()));
    }

    /**
     * The settings in effect at {@code at}: the newest version effective by then, else the oldest
     * one known (an event older than the store's first settings); null when the store has none.
     */
    public Uni<StoreConfig> findAt(SqlClient client, String storeId, Instant at) {
        return client.preparedQuery("SELECT " + COLUMNS + " FROM store_config_version WHERE store_id = $1"
                        + " ORDER BY (effective_time <= $2) DESC,"
                        + " CASE WHEN effective_time <= $2 THEN effective_time END DESC NULLS LAST, version LIMIT 1")
                .execute(Tuple.of(storeId, at.atOffset(ZoneOffset.UTC)))
                .map(rows -> rows.size() == 0 ? null : toDomain(rows.iterator().next()));
    }

    /** {@link #findAt} for each of {@code instants}, in one statement: the configs in the same order (null where none). */
    public Uni<List<StoreConfig>> findAllAt(SqlClient client, String storeId, List<Instant> instants) {
        OffsetDateTime[] at = instants.stream().map(i -> i.atOffset(ZoneOffset.UTC)).toArray(OffsetDateTime[]::new);
        return client.preparedQuery("SELECT k.position, c.* FROM UNNEST($2::timestamptz[]) WITH ORDINALITY AS k(at, position)"
                        + " LEFT JOIN LATERAL (SELECT " + COLUMNS + " FROM store_config_version WHERE store_id = $1"
                        + " ORDER BY (effective_time <= k.at) DESC,"
                        + " CASE WHEN effective_time <= k.at THEN effective_time END DESC NULLS LAST, version LIMIT 1) AS c"
                        + " ON true ORDER BY k.position")
                .execute(Tuple.of(storeId, at))
                .map(rows -> {
                    List<StoreConfig> found = new ArrayList<>();
                    rows.forEach(r -> found.add(r.getString("store_id") == null ? null : toDomain(r)));
                    return found;
                });
    }

    /**
     * Keeps {@code config} as the store's latest settings unless a newer version is already held
     * (the feed delivers at least once), and records the version either way.
     */
    public Uni<Void> applyIfNewer(SqlClient tx, StoreConfig config, Instant applyTime) {
        Object[] values = {config.storeId(), config.version(), config.currencyCode(), config.timeZone(),
                config.defaultPointsExpiry().kind().name(), config.defaultPointsExpiry().days(),
                config.baseEarningRateMilli(), config.pointValueMinorMilli(),
                config.effectiveTime().atOffset(ZoneOffset.UTC), applyTime.atOffset(ZoneOffset.UTC)};
        return tx.preparedQuery("INSERT INTO store_config (" + COLUMNS + ", apply_time)"
                        + " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)"
                        + " ON CONFLICT (store_id) DO UPDATE SET version = EXCLUDED.version,"
                        + " currency_code = EXCLUDED.currency_code, time_zone = EXCLUDED.time_zone,"
                        + " default_expiry_kind = EXCLUDED.default_expiry_kind,"
                        + " default_expiry_days = EXCLUDED.default_expiry_days,"
                        + " base_earning_rate_milli = EXCLUDED.base_earning_rate_milli,"
                        + " point_value_minor_milli = EXCLUDED.point_value_minor_milli,"
                        + " effective_time = EXCLUDED.effective_time, apply_time = EXCLUDED.apply_time"
                        + " WHERE store_config.version < EXCLUDED.version")
                .execute(Tuple.from(values))
                .flatMap(ignored -> tx.preparedQuery("INSERT INTO store_config_version (" + COLUMNS + ")"
                                + " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT DO NOTHING")
                        .execute(Tuple.from(java.util.Arrays.copyOf(values, 9))))
                .replaceWithVoid();
    }

    private static StoreConfig toDomain(Row r) {
        return new StoreConfig(r.getString("store_id"), r.getLong("version"), r.getString("currency_code"),
                r.getString("time_zone"),
                new ExpiryPolicy(ExpiryPolicy.Kind.valueOf(r.getString("default_expiry_kind")),
                        r.getInteger("default_expiry_days")),
                r.getLong("base_earning_rate_milli"), r.getLong("point_value_minor_milli"),
                r.getOffsetDateTime("effective_time").toInstant());
    }
}
