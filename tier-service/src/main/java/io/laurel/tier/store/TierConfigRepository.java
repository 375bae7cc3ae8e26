package io.laurel.tier.store;

import com.google.protobuf.InvalidProtocolBufferException;
import io.laurel.platform.grpc.ProtoTime;
import io.laurel.proto.program.v1.StoreSettings;
import io.laurel.tier.domain.TierProgram;
import io.laurel.tier.mapping.TierProgramMapping;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.ZoneOffset;

/**
 * The local copy of program-service's configuration: each store's settings and tier programs,
 * latest version only. Upserts are guarded by version, so a redelivered or older snapshot is a no-op.
 */
@ApplicationScoped
public class TierConfigRepository {

    /** Stores {@code s} unless a version at least as new is held. */
    public Uni<Void> upsertStoreSettings(SqlClient tx, StoreSettings s) {
        return tx.preparedQuery("""
                        INSERT INTO store_settings (store_id, version, currency_code, time_zone, update_time)
                        VALUES ($1, $2, $3, $4, $5)
                        ON CONFLICT (store_id) DO UPDATE SET version = EXCLUDED.version,
                            currency_code = EXCLUDED.currency_code, time_zone = EXCLUDED.time_zone,
                            update_time = EXCLUDED.update_time
                        WHERE store_settings.version < EXCLUDED.version""")
                .execute(Tuple.of(s.getStoreId(), s.getVersion(), s.getCurrencyCode(), s.getTimeZone(),
                        ProtoTime.toInstant(s.getUpdateTime()).atOffset(ZoneOffset.UTC)))
                .replaceWithVoid();
    }

    /** Stores {@code p} unless a version at least as new is held. */
    public Uni<Void> upsertTierProgram(SqlClient tx, io.laurel.proto.program.v1.TierProgram p) {
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
                .replaceWithVoid();
    }

    /** The store's ACTIVE tier program; null when it has none. */
    public Uni<TierProgram> activeProgram(SqlClient client, String storeId) {
        return client.preparedQuery("""
                        SELECT snapshot FROM tier_program WHERE store_id = $1 AND status = 'ACTIVE'
                        ORDER BY update_time DESC LIMIT 1""")
                .execute(Tuple.of(storeId))
                .map(rows -> {
                    if (rows.size() == 0) {
                        return null;
                    }
                    try {
                        return TierProgramMapping.toDomain(io.laurel.proto.program.v1.TierProgram
                                .parseFrom(rows.iterator().next().getBuffer("snapshot").getBytes()));
                    } catch (InvalidProtocolBufferException e) {
                        throw new IllegalStateException("stored tier program of store " + storeId + " is unreadable", e);
                    }
                });
    }
}
