package io.laurel.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Timestamp;
import io.laurel.proto.program.v1.GetStoreSettingsRequest;
import io.laurel.proto.program.v1.StoreSettings;
import io.laurel.proto.program.v1.StoreSettingsServiceGrpc;
import io.laurel.proto.program.v1.UpdateStoreSettingsRequest;
import io.laurel.proto.reward.v1.AdjustPointsRequest;
import io.laurel.proto.reward.v1.LedgerServiceGrpc;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** One call moves every service's time: what services stamp after it is the moved time. */
@ExtendWith(LaurelSuite.class)
class DevClockStoryTest {

    @Test
    void advancingTheSuiteClockMovesEveryServiceTogether() throws Exception {
        Shop shop = Shop.open("clock", "Europe/Paris");
        Instant before = Instant.now();

        Instant moved = shop.suite.clock().advance(Duration.ofDays(3));
        Thread.sleep(300); // the services read the clock file every 100 ms: let them see it

        StoreSettings current = StoreSettingsServiceGrpc.newBlockingStub(shop.channel("program")).getStoreSettings(
                GetStoreSettingsRequest.newBuilder().setStoreId(shop.store).build()).getSettings();
        StoreSettings updated = StoreSettingsServiceGrpc.newBlockingStub(shop.channel("program")).updateStoreSettings(
                UpdateStoreSettingsRequest.newBuilder().setRequestId(Shop.requestId()).setStoreId(shop.store)
                        .setExpectedVersion(current.getVersion())
                        .setSettings(current.toBuilder().setBaseEarningRateMilli(2000)).build()).getSettings();
        Instant grantedAt = instant(LedgerServiceGrpc.newBlockingStub(shop.channel("reward")).adjustPoints(
                AdjustPointsRequest.newBuilder().setRequestId(Shop.requestId()).setStoreId(shop.store)
                        .setCustomerId("zoe").setPointsDelta(10).setReason("clock").setActor(Shop.STAFF).build())
                .getEntry().getEffectiveTime());

        assertThat(moved).isAfter(before.plus(Duration.ofDays(3)).minusSeconds(1));
        assertThat(instant(updated.getUpdateTime())).as("program-service's time").isAfter(before.plus(Duration.ofDays(3)).minusSeconds(5));
        assertThat(grantedAt).as("reward-service's time").isAfter(before.plus(Duration.ofDays(3)).minusSeconds(5));
        shop.settleAndCheck();
    }

    private static Instant instant(Timestamp t) {
        return Instant.ofEpochSecond(t.getSeconds(), t.getNanos());
    }
}
