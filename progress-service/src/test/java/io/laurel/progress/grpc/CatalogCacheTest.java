package io.laurel.progress.grpc;

import static io.laurel.progress.grpc.ProgressFixture.newStore;
import static org.assertj.core.api.Assertions.assertThat;

import io.laurel.devstack.LaurelTestResource;
import io.laurel.platform.grpc.ProtoTime;
import io.laurel.progress.app.CatalogCache;
import io.laurel.progress.domain.ProgramVersion;
import io.laurel.proto.common.v1.MilestoneMetric;
import io.laurel.proto.program.v1.MilestoneProgram;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** The in-memory catalog: a change whose NOTIFY was lost (LISTEN connection down) is still seen after the TTL. */
@QuarkusTest
@WithTestResource(value = LaurelTestResource.class,
        initArgs = @ResourceArg(name = LaurelTestResource.DATABASE, value = "laurel_progress"))
class CatalogCacheTest {

    @Inject
    ProgressFixture fixture;

    @Inject
    CatalogCache catalogs;

    private long latestVersion(String store) {
        return catalogs.get(store).await().atMost(Duration.ofSeconds(30)).latestVersions().stream()
                .mapToLong(ProgramVersion::version).max().orElse(0);
    }

    private void insertUnnotified(MilestoneProgram program, Instant effectiveFrom) {
        fixture.pool().preparedQuery("INSERT INTO milestone_program_version (store_id, program_id, version, effective_from, snapshot)"
                        + " VALUES ($1, $2, $3, $4, $5)")
                .execute(Tuple.of(program.getStoreId(), program.getProgramId(), program.getVersion(),
                        effectiveFrom.atOffset(ZoneOffset.UTC), Buffer.buffer(program.toByteArray())))
                .await().atMost(Duration.ofSeconds(30));
    }

    @Test
    void aConfigurationChangeWhoseNotificationWasLostIsSeenOnceTheCatalogTtlHasPassed() {
        Instant start = fixture.clock().instant();
        try {
            String store = newStore();
            // every version stored with no NOTIFY (as while the LISTEN connection is down), so no
            // notification of this store is in flight to drop the entry behind the test's back
            MilestoneProgram v1 = Configs.program(store, MilestoneMetric.MILESTONE_METRIC_ORDER_COUNT,
                    start.minus(Duration.ofDays(30)), 5).build();
            insertUnnotified(v1, start.minus(Duration.ofDays(30)));
            assertThat(latestVersion(store)).isEqualTo(1);

            insertUnnotified(v1.toBuilder().setVersion(2).setUpdateTime(ProtoTime.toProto(start.minus(Duration.ofDays(1))))
                    .build(), start.minus(Duration.ofDays(1)));
            assertThat(latestVersion(store)).as("still cached").isEqualTo(1);

            fixture.clock().advance(Duration.ofMinutes(6));
            assertThat(latestVersion(store)).as("reloaded after the TTL").isEqualTo(2);
        } finally {
            fixture.clock().set(start);
        }
    }
}
