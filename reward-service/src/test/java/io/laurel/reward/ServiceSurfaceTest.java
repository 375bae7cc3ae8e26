package io.laurel.reward;

import io.laurel.devstack.LaurelTestResource;
import io.laurel.devstack.ServiceSurfaceContract;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** Health, Prometheus metrics and gRPC reflection on reward-service's one port. */
@QuarkusTest
@WithTestResource(value = LaurelTestResource.class,
        initArgs = {@ResourceArg(name = LaurelTestResource.DATABASE, value = "laurel_reward"),
                    @ResourceArg(name = LaurelTestResource.REDIS, value = "false")})
class ServiceSurfaceTest extends ServiceSurfaceContract {

    ServiceSurfaceTest() {
        super("laurel.reward.v1.LedgerService");
    }
}
