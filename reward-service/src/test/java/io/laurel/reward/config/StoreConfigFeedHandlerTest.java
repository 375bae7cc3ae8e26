package io.laurel.reward.config;

import static io.laurel.reward.grpc.LedgerFixture.adjust;
import static io.laurel.reward.grpc.LedgerFixture.afterDays;
import static io.laurel.reward.grpc.LedgerFixture.never;
import static io.laurel.reward.grpc.LedgerFixture.newCustomer;
import static org.assertj.core.api.Assertions.assertThat;

import io.laurel.devstack.LaurelTestResource;
import io.laurel.platform.grpc.ProtoTime;
import io.laurel.proto.program.v1.ConfigChange;
import io.laurel.proto.program.v1.ConfigKind;
import io.laurel.proto.reward.v1.GetBalanceRequest;
import io.laurel.proto.reward.v1.GetBalanceResponse;
import io.laurel.proto.reward.v1.LedgerEntry;
import io.laurel.proto.reward.v1.LedgerServiceGrpc.LedgerServiceBlockingStub;
import io.laurel.reward.grpc.LedgerFixture;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The store settings program-service's configuration feed brings, as the ledger then uses them. */
@QuarkusTest
@WithTestResource(value = LaurelTestResource.class,
        initArgs = {@ResourceArg(name = LaurelTestResource.DATABASE, value = "laurel_reward"),
                    @ResourceArg(name = LaurelTestResource.REDIS, value = "false")})
class StoreConfigFeedHandlerTest {

    @GrpcClient("reward")
    LedgerServiceBlockingStub ledger;

    @Inject
    LedgerFixture fixture;

    @BeforeEach
    void resetClock() {
        fixture.resetClock();
    }

    private GetBalanceResponse balance(String store, String customer) {
        return ledger.getBalance(GetBalanceRequest.newBuilder().setStoreId(store).setCustomerId(customer).build());
    }

    @Test
    void r_store_2_theFeedKeepsOnlyTheNewestStoreSettings() {
        String store = LedgerFixture.newStore();
        fixture.feed(LedgerFixture.settings(store, 2, "Asia/Tokyo", afterDays(1), 2500));
        fixture.feed(LedgerFixture.settings(store, 1, "Europe/Paris", never(), 1000));
        fixture.feed(LedgerFixture.settings(store, 2, "Asia/Tokyo", afterDays(1), 2500));
        String customer = newCustomer();

        LedgerEntry entry = ledger.adjustPoints(adjust(store, customer, 3).build()).getEntry();

        assertThat(balance(store, customer).getPointValueMinorMilli()).isEqualTo(2500);
        assertThat(balance(store, customer).getAvailablePointsValue().getAmountMinor()).isEqualTo(7);  // 7.5 → 7
        // Tokyo, 1 day: earned 25 Oct 18:00 JST, spendable through 26 Oct, expires 27 Oct 00:00 JST
        assertThat(ProtoTime.toInstant(entry.getExpiresAt())).isEqualTo(Instant.parse("2026-10-26T15:00:00Z"));
        fixture.feed(LedgerFixture.settings(store, 3, "Asia/Tokyo", never(), 1000));
        assertThat(balance(store, customer).getPointValueMinorMilli()).isEqualTo(1000);
        assertThat(fixture.pool().preparedQuery("SELECT count(*) FROM store_config_version WHERE store_id = $1")
                .execute(Tuple.of(store)).await().indefinitely().iterator().next().getLong(0)).isEqualTo(3);
    }

    @Test
    void otherKindsOfChangeAreIgnored() {
        String store = LedgerFixture.newStore();
        ConfigChange program = ConfigChange.newBuilder().setSequence(1).setStoreId(store)
                .setKind(ConfigKind.CONFIG_KIND_MILESTONE_PROGRAM).setResourceId("p1").setVersion(1)
                .setMilestoneProgram(io.laurel.proto.program.v1.MilestoneProgram.getDefaultInstance()).build();

        fixture.apply(program);

        assertThat(fixture.pool().preparedQuery("SELECT count(*) FROM store_config WHERE store_id = $1")
                .execute(Tuple.of(store)).await().indefinitely().iterator().next().getLong(0)).isZero();
    }
}
