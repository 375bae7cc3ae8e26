package io.laurel.progress;

import io.laurel.devstack.LaurelTestResource;
import io.laurel.devstack.ServiceSurfaceContract;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** Health, Prometheus metrics and gRPC reflection on progress-service's one port. */
@QuarkusTest
@WithTestResource(value = LaurelTestResource.class,
        initArgs = @ResourceArg(name = LaurelTestResource.DATABASE, value = "laurel_progress"))
class ServiceSurfaceTest extends ServiceSurfaceContract {

    ServiceSurfaceTest() {
        super("laurel.progress.v1.ProgressService");
    }
}
