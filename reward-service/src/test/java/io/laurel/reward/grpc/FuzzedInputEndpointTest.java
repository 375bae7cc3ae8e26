package io.laurel.reward.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.laurel.devstack.LaurelTestResource;
import io.laurel.proto.reward.v1.AdjustStoreCreditRequest;
import io.laurel.proto.reward.v1.ClawBackRewardRequest;
import io.laurel.proto.reward.v1.CommitRedemptionRequest;
import io.laurel.proto.reward.v1.EarnForOrderRequest;
import io.laurel.proto.reward.v1.EarningServiceGrpc.EarningServiceBlockingStub;
import io.laurel.proto.reward.v1.GetVoucherRequest;
import io.laurel.proto.reward.v1.IssueRewardRequest;
import io.laurel.proto.reward.v1.LedgerServiceGrpc.LedgerServiceBlockingStub;
import io.laurel.proto.reward.v1.ListVouchersRequest;
import io.laurel.proto.reward.v1.RecordTierChangeRequest;
import io.laurel.proto.reward.v1.RedeemVoucherRequest;
import io.laurel.proto.reward.v1.RedemptionServiceGrpc.RedemptionServiceBlockingStub;
import io.laurel.proto.reward.v1.ReleaseRedemptionRequest;
import io.laurel.proto.reward.v1.ReserveRedemptionRequest;
import io.laurel.proto.reward.v1.ReverseOrderEarningRequest;
import io.laurel.proto.reward.v1.RevokeVoucherRequest;
import io.laurel.proto.reward.v1.RewardServiceGrpc.RewardServiceBlockingStub;
import io.laurel.proto.reward.v1.StoreCreditServiceGrpc.StoreCreditServiceBlockingStub;
import io.laurel.proto.reward.v1.VoucherServiceGrpc.VoucherServiceBlockingStub;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Randomly filled requests (odd strings, extreme numbers, unknown enum values, a configured store
 * half of the time) never make the service answer INTERNAL or UNKNOWN (issue #8, bad input).
 */
@QuarkusTest
@WithTestResource(value = LaurelTestResource.class,
        initArgs = {@ResourceArg(name = LaurelTestResource.DATABASE, value = "laurel_reward"),
                    @ResourceArg(name = LaurelTestResource.REDIS, value = "false")})
class FuzzedInputEndpointTest {

    private static final String[] STRINGS = {"", " ", "x", "store", "🙂", "a".repeat(129), "a".repeat(600),
            "00000000-0000-0000-0000-000000000000", "not-a-uuid", "EUR", "USD", "eu", "\u0000"};
    private static final long[] NUMBERS = {0, 1, -1, 5, 100, 10_000, 1_000_000_001L, Long.MAX_VALUE, Long.MIN_VALUE,
            Integer.MAX_VALUE, Integer.MIN_VALUE};

    @GrpcClient("reward")
    RewardServiceBlockingStub rewards;
    @GrpcClient("reward")
    EarningServiceBlockingStub earning;
    @GrpcClient("reward")
    RedemptionServiceBlockingStub redemptions;
    @GrpcClient("reward")
    StoreCreditServiceBlockingStub credits;
    @GrpcClient("reward")
    VoucherServiceBlockingStub vouchers;
    @GrpcClient("reward")
    LedgerServiceBlockingStub ledger;

    @Inject
    LedgerFixture fixture;

    private record Target<T extends Message>(T prototype, Function<T, Object> call) {
    }

    @Test
    void fuzzedInputNeverYieldsInternal() {
        fixture.resetClock();
        String store = fixture.parisStore();
        List<Target<?>> targets = List.of(
                new Target<>(IssueRewardRequest.getDefaultInstance(), rewards::issueReward),
                new Target<>(ClawBackRewardRequest.getDefaultInstance(), rewards::clawBackReward),
                new Target<>(EarnForOrderRequest.getDefaultInstance(), earning::earnForOrder),
                new Target<>(ReverseOrderEarningRequest.getDefaultInstance(), earning::reverseOrderEarning),
                new Target<>(RecordTierChangeRequest.getDefaultInstance(), earning::recordTierChange),
                new Target<>(ReserveRedemptionRequest.getDefaultInstance(), redemptions::reserveRedemption),
                new Target<>(CommitRedemptionRequest.getDefaultInstance(), redemptions::commitRedemption),
                new Target<>(ReleaseRedemptionRequest.getDefaultInstance(), redemptions::releaseRedemption),
                new Target<>(AdjustStoreCreditRequest.getDefaultInstance(), credits::adjustStoreCredit),
                new Target<>(RedeemVoucherRequest.getDefaultInstance(), vouchers::redeemVoucher),
                new Target<>(RevokeVoucherRequest.getDefaultInstance(), vouchers::revokeVoucher),
                new Target<>(GetVoucherRequest.getDefaultInstance(), vouchers::getVoucher),
                new Target<>(ListVouchersRequest.getDefaultInstance(), vouchers::listVouchers));
        Random random = new Random(8);
        for (int round = 0; round < 40; round++) {
            for (Target<?> target : targets) {
                fire(target, random, store);
            }
        }
        assertThat(LedgerFixture.violations(ledger, store)).isEmpty();
    }

    @SuppressWarnings("unchecked")
    private <T extends Message> void fire(Target<T> target, Random random, String store) {
        Message.Builder builder = target.prototype().toBuilder();
        fill(builder, random, 0);
        if (random.nextBoolean()) {
            var storeField = builder.getDescriptorForType().findFieldByName("store_id");
            builder.setField(storeField, store);
        }
        T request = (T) builder.build();
        try {
            target.call().apply(request);
        } catch (StatusRuntimeException e) {
            assertThat(e.getStatus().getCode()).as("%s answered %s to %s", request.getDescriptorForType().getName(),
                    e.getStatus(), request).isNotIn(Status.Code.INTERNAL, Status.Code.UNKNOWN);
        }
    }

    private static void fill(Message.Builder builder, Random random, int depth) {
        for (FieldDescriptor field : builder.getDescriptorForType().getFields()) {
            if (random.nextInt(4) == 0) {
                continue; // leave some fields unset
            }
            Object value = value(builder, field, random, depth);
            if (value == null) {
                continue;
            }
            if (field.isRepeated()) {
                builder.addRepeatedField(field, value);
            } else {
                builder.setField(field, value);
            }
        }
    }

    private static Object value(Message.Builder builder, FieldDescriptor field, Random random, int depth) {
        return switch (field.getJavaType()) {
            case STRING -> STRINGS[random.nextInt(STRINGS.length)];
            case LONG -> NUMBERS[random.nextInt(NUMBERS.length)];
            case INT -> (int) NUMBERS[random.nextInt(NUMBERS.length)];
            case BOOLEAN -> random.nextBoolean();
            case ENUM -> {
                var values = field.getEnumType().getValues();
                yield values.get(random.nextInt(values.size()));
            }
            case MESSAGE -> {
                if (depth > 3) {
                    yield null;
                }
                Message.Builder nested = builder.newBuilderForField(field);
                if (field.getMessageType().getFullName().equals("google.protobuf.Timestamp")) {
                    nested.setField(field.getMessageType().findFieldByName("seconds"),
                            random.nextBoolean() ? 1_792_000_000L + random.nextInt(10_000_000)
                                    : NUMBERS[random.nextInt(NUMBERS.length)]);
                    yield nested.build();
                }
                fill(nested, random, depth + 1);
                yield nested.build();
            }
            default -> null;
        };
    }
}
