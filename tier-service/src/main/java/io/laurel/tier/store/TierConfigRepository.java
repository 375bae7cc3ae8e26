package io.laurel.tier.store;

import com.google.protobuf.InvalidProtocolBufferException;
import io.laurel.platform.common.ExpiryPolicy;
import io.laurel.platform.common.ExpiryPolicyMapping;
import io.laurel.platform.grpc.ProtoTime;
import io.laurel.proto.program.v1.StoreSettings;
import io.laurel.proto.program.v1.Tier;
import io.laurel.tier.domain.RemovedTier;
import io.laurel.tier.domain.TierDefinition;
import io.laurel.tier.domain.TierProgram;
import io.laurel.tier.mapping.TierProgramMapping;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * The local copy of program-service's configuration: each store's settings and tier programs,
 * latest version only, and the tiers later versions removed (L-TIER-3). Upserts are guarded by
 * version, so a redelivered or older snapshot is a no-op.
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

    /** What storing a program version did: whether it was newer than the copy, and the tiers it removed. */
    public record StoredProgram(boolean stored, List<String> removedTierIds) {
    }

    /**
     * Stores {@code p} unless a version at least as new is held. A stored version that lacks tiers the
     * copy had notes them as removed, with the place they had (L-TIER-3); a tier id it has again is
     * no longer removed.
     */
    public Uni<StoredProgram> upsertTierProgram(SqlClient tx, io.laurel.proto.program.v1.TierProgram p) {
        TierProgram program = TierProgramMapping.toDomain(p);
        return tx.preparedQuery("""
                        SELECT snapshot FROM tier_program WHERE store_id = $1 AND tier_program_id = $2 FOR UPDATE""")
                .execute(Tuple.of(p.getStoreId(), p.getTierProgramId()))
                .map(rows -> rows.size() == 0 ? null : snapshot(p.getStoreId(), rows.iterator().next()))
                .flatMap(held -> tx.preparedQuery("""
                                INSERT INTO tier_program (store_id, tier_program_id, version, status, criterion,
                                                          tier_window, update_time, snapshot)
                                VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
                                ON CONFLICT (store_id, tier_program_id) DO UPDATE SET version = EXCLUDED.version,
                                    status = EXCLUDED.status, criterion = EXCLUDED.criterion,
                                    tier_window = EXCLUDED.tier_window, update_time = EXCLUDED.update_time,
                                    snapshot = EXCLUDED.snapshot
                                WHERE tier_program.version < EXCLUDED.version""")
                        .execute(Tuple.from(new Object[] {p.getStoreId(), p.getTierProgramId(), p.getVersion(),
                                program.status().name(), program.criterion().name(), program.window().name(),
                                program.updateTime().atOffset(ZoneOffset.UTC), p.toByteArray()}))
                        .flatMap(rows -> rows.rowCount() == 1
                                ? noteRemovedTiers(tx, held, program).map(removed -> new StoredProgram(true, removed))
                                : Uni.createFrom().item(new StoredProgram(false, List.of()))));
    }

    /** Notes the tiers of {@code held} (null = none) that {@code stored} lacks; returns their ids. */
    private static Uni<List<String>> noteRemovedTiers(SqlClient tx, io.laurel.proto.program.v1.TierProgram held,
                                                      TierProgram stored) {
        List<Tier> removed = held == null ? List.of() : held.getTiersList().stream()
                .filter(t -> stored.tier(t.getTierId()).isEmpty()).toList();
        String[] kept = stored.tiers().stream().map(TierDefinition::tierId).toArray(String[]::new);
        Uni<Void> back = tx.preparedQuery("""
                        DELETE FROM removed_tier WHERE store_id = $1 AND tier_program_id = $2 AND tier_id = ANY($3)""")
                .execute(Tuple.of(stored.storeId(), stored.tierProgramId(), kept))
                .replaceWithVoid();
        if (removed.isEmpty()) {
            return back.replaceWith(List.of());
        }
        return back.chain(() -> tx.preparedQuery("""
                                INSERT INTO removed_tier (store_id, tier_program_id, tier_id, threshold, rank,
                                                          removed_version, removed_time)
                                SELECT $1, $2, t.tier_id, t.threshold, t.rank, $6, $7
                                FROM UNNEST($3::text[], $4::bigint[], $5::integer[]) AS t (tier_id, threshold, rank)
                                ON CONFLICT (store_id, tier_program_id, tier_id) DO NOTHING""")
                        .execute(Tuple.from(new Object[] {stored.storeId(), stored.tierProgramId(),
                                removed.stream().map(Tier::getTierId).toArray(String[]::new),
                                removed.stream().map(Tier::getThreshold).toArray(Long[]::new),
                                removed.stream().map(Tier::getRank).toArray(Integer[]::new), stored.version(),
                                stored.updateTime().atOffset(ZoneOffset.UTC)})))
                .replaceWith(removed.stream().map(Tier::getTierId).toList());
    }

    /** When {@code tierProgramId} was archived (its archived version's update time); null when it is not archived. */
    public Uni<Instant> archiveTime(SqlClient client, String storeId, String tierProgramId) {
        return client.preparedQuery("""
                        SELECT update_time FROM tier_program
                        WHERE store_id = $1 AND tier_program_id = $2 AND status = 'ARCHIVED'""")
                .execute(Tuple.of(storeId, tierProgramId))
                .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getOffsetDateTime(0).toInstant());
    }

    /** The store's ACTIVE tier program; null when it has none. */
    public Uni<TierProgram> activeProgram(SqlClient client, String storeId) {
        return setup(client, storeId).map(TierSetup::program);
    }

    /** The store's active program with its time zone and default expiry, in one round trip. */
    public Uni<TierSetup> setup(SqlClient client, String storeId) {
        return client.preparedQuery("""
                        SELECT p.snapshot, s.time_zone, s.currency_code, s.default_expiry_kind, s.default_expiry_days,
                               r.tier_ids, r.thresholds, r.ranks, r.removed_times
                        FROM (SELECT $1::text AS store_id) AS k
                        LEFT JOIN LATERAL (SELECT tier_program_id, snapshot FROM tier_program
                                           WHERE store_id = k.store_id AND status = 'ACTIVE'
                                           ORDER BY update_time DESC LIMIT 1) AS p ON true
                        LEFT JOIN LATERAL (SELECT array_agg(tier_id) AS tier_ids, array_agg(threshold) AS thresholds,
                                                  array_agg(rank) AS ranks, array_agg(removed_time) AS removed_times
                                           FROM removed_tier
                                           WHERE store_id = k.store_id AND tier_program_id = p.tier_program_id) AS r
                               ON true
                        LEFT JOIN store_settings s ON s.store_id = k.store_id""")
                .execute(Tuple.of(storeId))
                .map(rows -> setup(storeId, rows.iterator().next()));
    }

    private static io.laurel.proto.program.v1.TierProgram snapshot(String storeId, Row r) {
        if (r.getBuffer("snapshot") == null) {
            return null;
        }
        try {
            return io.laurel.proto.program.v1.TierProgram.parseFrom(r.getBuffer("snapshot").getBytes());
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("stored tier program of store " + storeId + " is unreadable", e);
        }
    }

    private static List<RemovedTier> removedTiers(Row r) {
        String[] ids = r.getArrayOfStrings("tier_ids");
        if (ids == null) {
            return List.of();
        }
        Long[] thresholds = r.getArrayOfLongs("thresholds");
        Integer[] ranks = r.getArrayOfIntegers("ranks");
        OffsetDateTime[] times = r.getArrayOfOffsetDateTimes("removed_times");
        List<RemovedTier> removed = new ArrayList<>(ids.length);
        for (int i = 0; i < ids.length; i++) {
            removed.add(new RemovedTier(ids[i], thresholds[i], ranks[i], times[i].toInstant()));
        }
        return removed;
    }

    private static TierSetup setup(String storeId, Row r) {
        io.laurel.proto.program.v1.TierProgram snapshot = snapshot(storeId, r);
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
        TierProgram program = snapshot == null ? null
                : TierProgramMapping.toDomain(snapshot).withRemovedTiers(removedTiers(r));
        return new TierSetup(program, snapshot, zone, expiry, currency == null ? null : currency.trim());
    }
}
