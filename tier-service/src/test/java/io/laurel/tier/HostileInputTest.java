package io.laurel.tier;

import io.laurel.devstack.HostileInputContract;
import io.laurel.devstack.LaurelTestResource;
import io.laurel.proto.tier.v1.TierServiceGrpc;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;


/** Every tier-service RPC against NUL, huge ids, oversize requests and seeded fuzz. */
@QuarkusTest
@WithTestResource(value = LaurelTestResource.class,
        initArgs = {@ResourceArg(name = LaurelTestResource.DATABASE, value = "laurel_tier"),
                    @ResourceArg(name = LaurelTestResource.REDIS, value = "false")})
class HostileInputTest extends HostileInputContract {

    HostileInputTest() {
        super(TierServiceGrpc.getServiceDescriptor());
    }
}
