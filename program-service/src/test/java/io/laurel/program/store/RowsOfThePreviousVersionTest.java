package io.laurel.program.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.FieldMask;
import io.laurel.devstack.LaurelTestResource;
import io.laurel.platform.grpc.ProtoTime;
import io.laurel.proto.common.v1.MilestoneMetric;
import io.laurel.proto.common.v1.PointsExpiryPolicyKind;
import io.laurel.proto.program.v1.GetMilestoneProgramRequest;
import io.laurel.proto.program.v1.GetStoreSettingsRequest;
import io.laurel.proto.program.v1.GetTierProgramRequest;
import io.laurel.proto.program.v1.ListMilestoneProgramVersionsRequest;
import io.laurel.proto.program.v1.ListMilestoneProgramsRequest;
import io.laurel.proto.program.v1.ListTierProgramsRequest;
import io.laurel.proto.program.v1.MilestoneProgram;
import io.laurel.proto.program.v1.MilestoneProgramServiceGrpc.MilestoneProgramServiceBlockingStub;
import io.laurel.proto.program.v1.MilestoneProgramStatus;
import io.laurel.proto.program.v1.RefundPolicy;
import io.laurel.proto.program.v1.StoreSettings;
import io.laurel.proto.program.v1.StoreSettingsServiceGrpc.StoreSettingsServiceBlockingStub;
import io.laurel.proto.program.v1.TierProgram;
import io.laurel.proto.program.v1.TierProgramServiceGrpc.TierProgramServiceBlockingStub;
import io.laurel.proto.program.v1.TierProgramStatus;
import io.laurel.proto.program.v1.UpdateMilestoneProgramRequest;
import io.laurel.program.support.ProgramFixtures;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The move to Hibernate Reactive kept the V1–V4 tables as they were (no migration): rows exactly as the previous,
 * hand-written-SQL version stored them are read, listed and changed by this one without loss.
 */
@QuarkusTest
@WithTestResource(value = LaurelTestResource.class,
        initArgs = {@ResourceArg(name = LaurelTestResource.DATABASE, value = "laurel_program"),
                    @ResourceArg(name = LaurelTestResource.REDIS, value = "false")})
class RowsOfThePreviousVersionTest {

    private static final Instant CREATED = Instant.parse("2026-03-01T09:30:00.123456Z");
    private static final Instant UPDATED = Instant.parse("2026-04-02T10:00:00.654321Z");

    @GrpcClient("program")
    StoreSettingsServiceBlockingStub settings;

    @GrpcClient("program")
    MilestoneProgramServiceBlockingStub programs;

    @GrpcClient("program")
    TierProgramServiceBlockingStub tierPrograms;

    @Inject
    Pool pool;

    @Test
    void settingsAndProgramsStoredByThePreviousVersionReadBackWhole() {
        String store = "store-" + UUID.randomUUID();
        // the previous version's INSERTs, verbatim in their columns
        sql("INSERT INTO store_settings_version (store_id, version, currency_code, time_zone, default_expiry_kind,"
                + " default_expiry_days, base_earning_rate_milli, point_value_minor_milli, create_time, update_time)"
                + " VALUES ($1, 2, 'EUR', 'Europe/Paris', 'AFTER_DAYS', 90, 1500, 1000, $2, $3)",
                store, utc(CREATED), utc(UPDATED));
        MilestoneProgram program = ProgramFixtures.ordersToPointsAndShirt().toBuilder().setStoreId(store)
                .setProgramId("p-legacy").setVersion(2).setStatus(MilestoneProgramStatus.MILESTONE_PROGRAM_STATUS_ACTIVE)
                .setRefundPolicy(RefundPolicy.REFUND_POLICY_KEEP) // as the previous version stored every program
                .setCreateTime(ProtoTime.toProto(CREATED)).setUpdateTime(ProtoTime.toProto(UPDATED)).build();
        MilestoneProgram first = program.toBuilder().setVersion(1)
                .setStatus(MilestoneProgramStatus.MILESTONE_PROGRAM_STATUS_DRAFT)
                .setUpdateTime(ProtoTime.toProto(CREATED)).build();
        sql("INSERT INTO milestone_program (store_id, program_id, current_version, status, metric, create_time)"
                + " VALUES ($1, 'p-legacy', 2, 'ACTIVE', 'ORDER_COUNT', $2)", store, utc(CREATED));
        for (MilestoneProgram version : new MilestoneProgram[] {first, program}) {
            sql("INSERT INTO milestone_program_version (store_id, program_id, version, status, metric, update_time,"
                    + " payload) VALUES ($1, 'p-legacy', $2, $3, 'ORDER_COUNT', $4, $5)", store, version.getVersion(),
                    version.getStatus().name().substring("MILESTONE_PROGRAM_STATUS_".length()),
                    utc(ProtoTime.toInstant(version.getUpdateTime())), Buffer.buffer(version.toByteArray()));
        }
        TierProgram tiers = ProgramFixtures.goldPlatinum().toBuilder().setStoreId(store).setTierProgramId("t-legacy")
                .setVersion(1).setStatus(TierProgramStatus.TIER_PROGRAM_STATUS_ACTIVE)
                .setCreateTime(ProtoTime.toProto(CREATED)).setUpdateTime(ProtoTime.toProto(CREATED)).build();
        sql("INSERT INTO tier_program (store_id, tier_program_id, current_version, status, create_time)"
                + " VALUES ($1, 't-legacy', 1, 'ACTIVE', $2)", store, utc(CREATED));
        sql("INSERT INTO tier_program_version (store_id, tier_program_id, version, status, update_time, payload)"
                + " VALUES ($1, 't-legacy', 1, 'ACTIVE', $2, $3)", store, utc(CREATED), Buffer.buffer(tiers.toByteArray()));

        StoreSettings read = settings.getStoreSettings(GetStoreSettingsRequest.newBuilder().setStoreId(store).build())
                .getSettings();
        assertThat(read.getVersion()).isEqualTo(2);
        assertThat(read.getCurrencyCode()).isEqualTo("EUR");
        assertThat(read.getTimeZone()).isEqualTo("Europe/Paris");
        assertThat(read.getDefaultPointsExpiry().getKind()).isEqualTo(PointsExpiryPolicyKind.POINTS_EXPIRY_POLICY_KIND_AFTER_DAYS);
        assertThat(read.getDefaultPointsExpiry().getDays()).isEqualTo(90);
        assertThat(read.getBaseEarningRateMilli()).isEqualTo(1500);
        assertThat(ProtoTime.toInstant(read.getCreateTime())).isEqualTo(CREATED);
        assertThat(ProtoTime.toInstant(read.getUpdateTime())).isEqualTo(UPDATED);

        assertThat(programs.getMilestoneProgram(GetMilestoneProgramRequest.newBuilder().setStoreId(store)
                .setProgramId("p-legacy").build()).getMilestoneProgram()).isEqualTo(program);
        assertThat(programs.getMilestoneProgram(GetMilestoneProgramRequest.newBuilder().setStoreId(store)
                .setProgramId("p-legacy").setVersion(1).build()).getMilestoneProgram()).isEqualTo(first);
        assertThat(programs.listMilestonePrograms(ListMilestoneProgramsRequest.newBuilder().setStoreId(store)
                .addStatuses(MilestoneProgramStatus.MILESTONE_PROGRAM_STATUS_ACTIVE)
                .addMetrics(MilestoneMetric.MILESTONE_METRIC_ORDER_COUNT).build()).getMilestoneProgramsList())
                .containsExactly(program);
        assertThat(programs.listMilestoneProgramVersions(ListMilestoneProgramVersionsRequest.newBuilder()
                .setStoreId(store).setProgramId("p-legacy").build()).getMilestoneProgramsList())
                .containsExactly(program, first);
        assertThat(tierPrograms.getTierProgram(GetTierProgramRequest.newBuilder().setStoreId(store)
                .setTierProgramId("t-legacy").build()).getTierProgram()).isEqualTo(tiers);
        assertThat(tierPrograms.listTierPrograms(ListTierProgramsRequest.newBuilder().setStoreId(store).build())
                .getTierProgramsList()).containsExactly(tiers);

        // and a change moves the old head row on, keeping what it does not touch
        MilestoneProgram changed = programs.updateMilestoneProgram(UpdateMilestoneProgramRequest.newBuilder()
                .setRequestId(UUID.randomUUID().toString()).setStoreId(store).setExpectedVersion(2)
                .setMilestoneProgram(MilestoneProgram.newBuilder().setProgramId("p-legacy").setTitle("Renamed"))
                .setUpdateMask(FieldMask.newBuilder().addPaths("title")).build()).getMilestoneProgram();
        assertThat(changed.getVersion()).isEqualTo(3);
        assertThat(changed.getCreateTime()).isEqualTo(program.getCreateTime());
        assertThat(changed.toBuilder().setTitle(program.getTitle()).setVersion(2).setUpdateTime(program.getUpdateTime())
                .build()).isEqualTo(program);
        assertThat(pool.preparedQuery("SELECT current_version FROM milestone_program WHERE store_id = $1"
                        + " AND program_id = 'p-legacy'").execute(Tuple.of(store)).await().atMost(Duration.ofSeconds(5))
                .iterator().next().getLong(0)).isEqualTo(3);
    }

    private void sql(String statement, Object... args) {
        pool.preparedQuery(statement).execute(Tuple.from(args)).await().atMost(Duration.ofSeconds(5));
    }

    private static java.time.OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
