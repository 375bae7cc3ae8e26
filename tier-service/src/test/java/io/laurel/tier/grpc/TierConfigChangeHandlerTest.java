package io.laurel.tier.grpc;

import static io.laurel.tier.grpc.TierFixtures.newStore;
import static io.laurel.tier.grpc.TierFixtures.program;
import static org.assertj.core.api.Assertions.assertThat;

import io.laurel.devstack.LaurelTestResource;
import io.laurel.platform.grpc.ProtoTime;
import io.laurel.proto.common.v1.PointsExpiryPolicy;
import io.laurel.proto.common.v1.PointsExpiryPolicyKind;
import io.laurel.proto.program.v1.ConfigChange;
import io.laurel.proto.program.v1.ConfigKind;
import io.laurel.proto.program.v1.MilestoneProgram;
import io.laurel.proto.program.v1.StoreSettings;
import io.laurel.proto.program.v1.TierProgramStatus;
import io.laurel.proto.tier.v1.CustomerTier;
import io.laurel.proto.tier.v1.GetCustomerTierRequest;
import io.laurel.proto.tier.v1.TierServiceGrpc.TierServiceBlockingStub;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** tier-service's copy of program-service's configuration, applied from the feed newest version only. */
@QuarkusTest
@WithTestResource(value = LaurelTestResource.class,
        initArgs = {@ResourceArg(name = LaurelTestResource.DATABASE, value = "laurel_tier"),
                    @ResourceArg(name = LaurelTestResource.REDIS, value = "false")})
class TierConfigChangeHandlerTest {

    @GrpcClient("tier")
    TierServiceBlockingStub tier;

    @Inject
    TierFixtures fixtures;

    private CustomerTier fresh(String store) {
        return tier.getCustomerTier(GetCustomerTierRequest.newBuilder().setStoreId(store).setCustomerId("new")
                .build()).getCustomerTier();
    }

    private static StoreSettings settings(String store, long version, String zone) {
        return StoreSettings.newBuilder().setStoreId(store).setCurrencyCode("EUR").setTimeZone(zone)
                .setDefaultPointsExpiry(PointsExpiryPolicy.newBuilder()
                        .setKind(PointsExpiryPolicyKind.POINTS_EXPIRY_POLICY_KIND_NEVER))
                .setBaseEarningRateMilli(1000).setPointValueMinorMilli(1000).setVersion(version)
                .setUpdateTime(ProtoTime.toProto(Instant.parse("2026-01-01T00:00:00Z").plusSeconds(version)))
                .build();
    }

    private Row storedSettings(String store) {
        return fixtures.pool().preparedQuery("SELECT version, time_zone, currency_code FROM store_settings WHERE store_id = $1")
                .execute(Tuple.of(store)).await().indefinitely().iterator().next();
    }

    @Test
    void aNewerProgramVersionReplacesTheCopyAndAnOlderOneIsIgnored() {
        String store = newStore();
        var v2 = program(store, 2, TierProgramStatus.TIER_PROGRAM_STATUS_ACTIVE).toBuilder()
                .addTiers(TierFixtures.tier("entry", "Entry", 0, 10_000)).build();
        fixtures.apply(program(store, 1, TierProgramStatus.TIER_PROGRAM_STATUS_ACTIVE));
        assertThat(fresh(store).getTierProgramVersion()).isEqualTo(1);

        fixtures.apply(v2);
        fixtures.apply(program(store, 1, TierProgramStatus.TIER_PROGRAM_STATUS_ACTIVE));
        fixtures.apply(v2);

        CustomerTier seen = fresh(store);
        assertThat(seen.getTierProgramVersion()).isEqualTo(2);
        assertThat(seen.getTierId()).isEqualTo("entry");
    }

    @Test
    void r_tier_1_aDraftOrArchivedProgramPlacesNobody() {
        String store = newStore();
        fixtures.apply(program(store, 1, TierProgramStatus.TIER_PROGRAM_STATUS_DRAFT));
        assertThat(fresh(store).getTierProgramId()).isEmpty();

        fixtures.apply(program(store, 2, TierProgramStatus.TIER_PROGRAM_STATUS_ACTIVE));
        assertThat(fresh(store).getTierProgramId()).isEqualTo("tp-" + store);

        fixtures.apply(program(store, 3, TierProgramStatus.TIER_PROGRAM_STATUS_ARCHIVED));
        assertThat(fresh(store).getTierProgramId()).isEmpty();
    }

    @Test
    void storeSettingsAreKeptNewestVersionOnly() {
        String store = newStore();
        fixtures.apply(settings(store, 1, "Europe/Paris"));
        fixtures.apply(settings(store, 3, "Asia/Tokyo"));
        fixtures.apply(settings(store, 2, "America/New_York"));

        Row row = storedSettings(store);
        assertThat(row.getLong("version")).isEqualTo(3);
        assertThat(row.getString("time_zone")).isEqualTo("Asia/Tokyo");
        assertThat(row.getString("currency_code")).isEqualTo("EUR");
    }

    @Test
    void milestoneProgramsAreNotTierServicesConcern() {
        String store = newStore();
        fixtures.apply(ConfigChange.newBuilder().setStoreId(store)
                .setKind(ConfigKind.CONFIG_KIND_MILESTONE_PROGRAM).setResourceId("mp-1").setVersion(1)
                .setMilestoneProgram(MilestoneProgram.newBuilder().setStoreId(store).setVersion(1)).build());

        assertThat(fresh(store).getTierProgramId()).isEmpty();
    }
}
