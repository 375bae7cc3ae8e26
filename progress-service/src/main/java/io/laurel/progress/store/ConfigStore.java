package io.laurel.progress.store;

import io.laurel.platform.grpc.ProtoTime;
import io.laurel.progress.domain.ProgramVersion;
import io.laurel.progress.domain.StoreCatalog;
import io.laurel.progress.domain.StoreSettingsVersion;
import io.laurel.progress.mapping.ConfigMapping;
import io.laurel.proto.common.v1.MilestoneMetric;
import io.laurel.proto.program.v1.MilestoneProgram;
import io.laurel.proto.program.v1.StoreSettings;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * program-service's configuration as progress-service keeps it: every version of each store's
 * settings and milestone programs ({@code store_settings_version}, {@code milestone_program_version}).
 * A version is stored once; redeliveries change nothing. Each write notifies {@link #CHANNEL} so
 * every replica drops its cached catalog of the store when the transaction commits.
 */
@ApplicationScoped
public class ConfigStore {

    public static final String CHANNEL = "laurel_progress_config";

    private static final String SETTINGS = """
            WITH ins AS (
                INSERT INTO store_settings_version (store_id, version, effective_from, snapshot)
                VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING)
            SELECT pg_notify('%s', $1)""".formatted(CHANNEL);
    private static final String PROGRAM = """
            WITH ins AS (
                INSERT INTO milestone_program_version (store_id, program_id, version, effective_from, snapshot)
                VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING)
            SELECT pg_notify('%s', $1)""".formatted(CHANNEL);
    private static final String LOAD = """
            SELECT 'S' AS kind, snapshot FROM store_settings_version WHERE store_id = $1
            UNION ALL
            SELECT 'P' AS kind, snapshot FROM milestone_program_version WHERE store_id = $1""";

    public Uni<Void> storeSettings(SqlClient tx, StoreSettings settings) {
        return tx.preparedQuery(SETTINGS).execute(Tuple.of(settings.getStoreId(), settings.getVersion(),
                        ProtoTime.toInstant(settings.getUpdateTime()).atOffset(ZoneOffset.UTC),
                        Buffer.buffer(settings.toByteArray())))
                .replaceWithVoid();
    }

    public Uni<Void> milestoneProgram(SqlClient tx, MilestoneProgram program) {
        return tx.preparedQuery(PROGRAM).execute(Tuple.of(program.getStoreId(), program.getProgramId(),
                        program.getVersion(), ProtoTime.toInstant(program.getUpdateTime()).atOffset(ZoneOffset.UTC),
                        Buffer.buffer(program.toByteArray())))
                .replaceWithVoid();
    }

    /** Every version of the store's settings and programs. */
    public Uni<StoreCatalog> load(SqlClient client, String storeId) {
        return client.preparedQuery(LOAD).execute(Tuple.of(storeId)).map(rows -> {
            List<StoreSettingsVersion> settings = new ArrayList<>();
            List<ProgramVersion> programs = new ArrayList<>();
            for (Row row : rows) {
                byte[] snapshot = row.getBuffer("snapshot").getBytes();
                try {
                    if (row.getString("kind").equals("S")) {
                        settings.add(ConfigMapping.toDomain(StoreSettings.parseFrom(snapshot)));
                    } else {
                        MilestoneProgram program = MilestoneProgram.parseFrom(snapshot);
                        if (program.getMetric() != MilestoneMetric.MILESTONE_METRIC_UNSPECIFIED
                                && program.getMetric() != MilestoneMetric.UNRECOGNIZED) {
                            programs.add(ConfigMapping.toDomain(program)); // a metric we do not know counts nothing
                        }
                    }
                } catch (com.google.protobuf.InvalidProtocolBufferException e) {
                    throw new IllegalStateException("unreadable configuration snapshot of store " + storeId, e);
                }
            }
            return new StoreCatalog(settings, programs);
        });
    }

    /** Stores with at least one inactivity program (they need the inactivity scan). */
    public Uni<List<String>> storesWithPrograms(SqlClient client) {
        return client.preparedQuery("SELECT DISTINCT store_id FROM milestone_program_version WHERE store_id <> ''")
                .execute().map(rows -> {
                    List<String> stores = new ArrayList<>();
                    rows.forEach(r -> stores.add(r.getString(0)));
                    return stores;
                });
    }
}
