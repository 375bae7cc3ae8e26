package io.laurel.tier.store;

import com.google.protobuf.InvalidProtocolBufferException;
import io.laurel.platform.common.ExpiryPolicy;
import io.laurel.platform.common.ExpiryPolicyMapping;
import io.laurel.platform.grpc.ProtoTime;
import io.laurel.proto.program.v1.StoreSettings;
import io.laurel.tier.domain.TierProgram;
import io.laurel.tier.mapping.TierProgramMapping;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The local copy of program-service's configuration: each store's settings and tier programs,
 * latest version only. Upserts are guarded by version, so a redelivered or older snapshot is a no-op.
 */
@ApplicationScoped
public class TierConfigRepository {

    /** Stores {@code s} unless a version at least as new is held. */
    public Uni<Void> upsertStoreSettings(SqlClient tx, StoreSettings s) {
        ExpiryPolicy expiry = ExpiryPolicyMapping.toDomain(s.getDefaultPointsExpiry());
        return tx.preparedQuery("""
                        INSERT INTO store_settings (store_id, version, currency_code, time_zone, update_time,
                                                    default_expiry_kind, default_expiry_days)
                        VALUES ($1, $2, $3, $4, $5, $6, $7)
                        ON CONFLICT (store_id) DO UPDATE SET version = EXCLUDED.version,
                            currency_code = EXCLUDED.currency_code, time_zone = EXCLUDED.time_zone,
                            update_time = EXCLUDED.update_time, default_expiry_kind = EXCLUDED.default_expiry_kind,
                            default_expiry_days = EXCLUDED.default_expiry_days
                        WHERE store_settings.version < EXCLUDED.version""")
                .execute(Tuple.from(new Object[] {s.getStoreId(), s.getVersion(), s.getCurrencyCode(), s.getTimeZone(),
                        ProtoTime.toInstant(s.getUpdateTime()).atOffset(ZoneOffset.UTC),
                        expiry == null ? null : expiry.kind().name(), expiry == null ? 0 : expiry.days()}))
                .replaceWithVoid();
    }

    /** Stores {@code p} unless a version at least as new is held; true when stored. */
    public Uni<Boolean> upsertTierProgram(SqlClient tx, io.laurel.proto.program.v1.TierProgram p) {
        TierProgram program = TierProgramMapping.toDomain(p);
        return tx.preparedQuery("""
                        INSERT INTO tier_program (store_id, tier_program_id, version, status, criterion, tier_window,
                                                  update_time, snapshot)
                        VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
                        ON CONFLICT (store_id, tier_program_id) DO UPDATE SET version = EXCLUDED.version,
                            status = EXCLUDED.status, criterion = EXCLUDED.criterion,
                            tier_window = EXCLUDED.tier_window, update_time = EXCLUDED.update_time,
                            snapshot = EXCLUDED.snapshot
                        WHERE tier_program.version < EXCLUDED.version""")
                .execute(Tuple.from(new Object[] {p.getStoreId(), p.getTierProgramId(), p.getVersion(),
                        program.status().name(), program.criterion().name(), program.window().name(),
                        program.updateTime().atOffset(ZoneOffset.UTC), p.toByteArray()}))
                .map(rows -> rows.rowCount() == 1);
    }

    /** The store's ACTIVE tier program; null when it has none. */
    public Uni<TierProgram> activeProgram(SqlClient client, String storeId) {
        return setup(client, storeId).map(TierSetup::program);
    }

    /** The store's active program with its time zone and default expiry, in one round trip. */
    public Uni<TierSetup> setup(SqlClient client, String storeId) {
        return client.preparedQuery("""
                        SELECT p.snapshot, s.time_zone, s.currency_code, s.default_expiry_kind, s.default_expiry_days
                        FROM (SELECT $1::text AS store_id) AS k
                        LEFT JOIN LATERAL (SELECT snapshot FROM tier_program
                                           WHERE store_id = k.store_id AND status = 'ACTIVE'
                                           ORDER BY update_time DESC LIMIT 1) AS p ON true
                        LEFT JOIN store_settings s ON s.store_id = k.store_id""")
                .execute(Tuple.of(storeId))
                .map(rows -> setup(storeId, rows.iterator().next()));
    }

    private static TierSetup setup(String storeId, Row r) {
        io.laurel.proto.program.v1.TierProgram snapshot = null;
        if (r.getBuffer("snapshot") != null) {
            try {
                snapshot = io.laurel.proto.program.v1.TierProgram.parseFrom(r.getBuffer("snapshot").getBytes());
            } catch (InvalidProtocolBufferException e) {
                throw new IllegalStateException("stored tier program of store " + storeId + " is unreadable", e);
            }
        }
        ZoneId zone = ZoneOffset.UTC;
        if (r.getString("time_zone") != null) {
            try {
                zone = ZoneId.of(r.getString("time_zone"));
            } catch (DateTimeException unknown) {
                // program-service validates zones; a zone this JVM lacks falls back to UTC
            }
        }
        String kind = r.getString("default_expiry_kind");
        ExpiryPolicy expiry = kind == null || kind.equals("STORE_DEFAULT") ? ExpiryPolicy.never()
                : new ExpiryPolicy(ExpiryPolicy.Kind.valueOf(kind), r.getInteger("default_expiry_days"));
        String currency = r.getString("currency_code");
        return new TierSetup(snapshot == null ? null : TierProgramMapping.toDomain(snapshot), snapshot, zone, expiry,
                currency == null ? null : currency.trim());
    }
}
