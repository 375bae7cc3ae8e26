package io.laurel.program;

import io.laurel.devstack.HostileInputContract;
import io.laurel.devstack.LaurelTestResource;
import io.laurel.proto.program.v1.ConfigChangeServiceGrpc;
import io.laurel.proto.program.v1.MilestoneProgramServiceGrpc;
import io.laurel.proto.program.v1.StoreSettingsServiceGrpc;
import io.laurel.proto.program.v1.TierProgramServiceGrpc;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** Every program-service RPC against NUL, huge ids, oversize requests and seeded fuzz. */
@QuarkusTest
@WithTestResource(value = LaurelTestResource.class,
        initArgs = {@ResourceArg(name = LaurelTestResource.DATABASE, value = "laurel_program"),
                    @ResourceArg(name = LaurelTestResource.REDIS, value = "false")})
class HostileInputTest extends HostileInputContract {

    HostileInputTest() {
        super(StoreSettingsServiceGrpc.getServiceDescriptor(), MilestoneProgramServiceGrpc.getServiceDescriptor(),
                TierProgramServiceGrpc.getServiceDescriptor(), ConfigChangeServiceGrpc.getServiceDescriptor());
    }
}
