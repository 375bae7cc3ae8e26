package io.laurel.benchmark.scenario;

import io.laurel.benchmark.BenchContext;
import io.laurel.benchmark.Figure;
import io.laurel.benchmark.Load;
import io.laurel.benchmark.Scenario;
import io.laurel.proto.common.v1.PointsExpiryPolicy;
import io.laurel.proto.common.v1.PointsExpiryPolicyKind;
import io.laurel.proto.program.v1.GetStoreSettingsRequest;
import io.laurel.proto.program.v1.StoreSettings;
import io.laurel.proto.program.v1.StoreSettingsServiceGrpc;
import io.laurel.proto.program.v1.UpdateStoreSettingsRequest;
import java.util.List;
import java.util.UUID;

/**
 * Store settings read back by id (a primary-key read through the whole service) beside the bare gRPC call on the
 * same server: what a read of configuration costs above the transport.
 */
public final class StoreSettingsReads implements Scenario {

    private static final int STORES = 200;
    private static final int IN_FLIGHT = 16;

    @Override
    public String name() {
        return "settings-read";
    }

    @Override
    public String description() {
        return "GetStoreSettings over " + STORES + " stores, " + IN_FLIGHT + " in flight, vs a bare gRPC call";
    }

    @Override
    public List<Figure> run(BenchContext context) throws Exception {
        var settings = StoreSettingsServiceGrpc.newBlockingStub(context.channel("program"));
        String run = UUID.randomUUID().toString().substring(0, 8);
        int stores = context.scaled(STORES);
        for (int i = 0; i < stores; i++) {
            settings.updateStoreSettings(UpdateStoreSettingsRequest.newBuilder()
                    .setRequestId(UUID.randomUUID().toString()).setStoreId(store(run, i)).setExpectedVersion(0)
                    .setSettings(StoreSettings.newBuilder().setCurrencyCode("USD").setTimeZone("Europe/Paris")
                            .setDefaultPointsExpiry(PointsExpiryPolicy.newBuilder()
                                    .setKind(PointsExpiryPolicyKind.POINTS_EXPIRY_POLICY_KIND_NEVER))
                            .setBaseEarningRateMilli(1000).setPointValueMinorMilli(1000))
                    .build());
        }
        Load.Result echo = context.echo("program");
        Load.Result reads = Load.during(IN_FLIGHT, context.duration(), i -> settings.getStoreSettings(
                GetStoreSettingsRequest.newBuilder().setStoreId(store(run, i % stores)).build()));
        return List.of(
                Figure.info("settings reads/s", reads.perSecond(), "/s", "gRPC echo", echo.perSecond()),
                Figure.info("settings read p99", reads.p99Ms(), "ms", "gRPC echo p99", echo.p99Ms()));
    }

    private static String store(String run, int i) {
        return "bench-" + run + "-" + i;
    }
}
