package io.laurel.reward;

import io.laurel.devstack.HostileInputContract;
import io.laurel.devstack.LaurelTestResource;
import io.laurel.proto.reward.v1.LedgerServiceGrpc;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;


/** Every reward-service RPC against NUL, huge ids, oversize requests and seeded fuzz. */
@QuarkusTest
@WithTestResource(value = LaurelTestResource.class,
        initArgs = {@ResourceArg(name = LaurelTestResource.DATABASE, value = "laurel_reward"),
                    @ResourceArg(name = LaurelTestResource.REDIS, value = "false")})
class HostileInputTest extends HostileInputContract {

    HostileInputTest() {
        super(LedgerServiceGrpc.getServiceDescriptor(),
                io.laurel.proto.reward.v1.RewardServiceGrpc.getServiceDescriptor(),
                io.laurel.proto.reward.v1.EarningServiceGrpc.getServiceDescriptor(),
                io.laurel.proto.reward.v1.RedemptionServiceGrpc.getServiceDescriptor(),
                io.laurel.proto.reward.v1.StoreCreditServiceGrpc.getServiceDescriptor(),
                io.laurel.proto.reward.v1.VoucherServiceGrpc.getServiceDescriptor());
    }
}
