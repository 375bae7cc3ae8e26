package io.laurel.progress;

import io.laurel.devstack.HostileInputContract;
import io.laurel.devstack.LaurelTestResource;
import io.laurel.proto.progress.v1.ProgressServiceGrpc;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** Every progress-service RPC against NUL, huge ids, oversize requests and seeded fuzz. */
@QuarkusTest
@WithTestResource(value = LaurelTestResource.class,
        initArgs = @ResourceArg(name = LaurelTestResource.DATABASE, value = "laurel_progress"))
class HostileInputTest extends HostileInputContract {

    HostileInputTest() {
        super(ProgressServiceGrpc.getServiceDescriptor());
    }
}
