package io.laurel.program;

import io.laurel.devstack.LaurelTestResource;
import io.laurel.devstack.ServiceSurfaceContract;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** Health, Prometheus metrics and gRPC reflection on program-service's one port. */
@QuarkusTest
@WithTestResource(value = LaurelTestResource.class,
        initArgs = {@ResourceArg(name = LaurelTestResource.DATABASE, value = "laurel_program"),
                    @ResourceArg(name = LaurelTestResource.REDIS, value = "false")})
class ServiceSurfaceTest extends ServiceSurfaceContract {

    ServiceSurfaceTest() {
        super("laurel.program.v1.StoreSettingsService", "laurel.program.v1.MilestoneProgramService",
                "laurel.program.v1.TierProgramService", "laurel.program.v1.ConfigChangeService");
    }
}
