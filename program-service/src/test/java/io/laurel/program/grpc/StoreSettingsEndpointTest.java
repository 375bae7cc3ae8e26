package io.laurel.program.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.protobuf.FieldMask;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.laurel.devstack.LaurelTestResource;
import io.laurel.platform.error.StatusDetails;
import io.laurel.proto.common.v1.PointsExpiryPolicy;
import io.laurel.proto.common.v1.PointsExpiryPolicyKind;
import io.laurel.proto.program.v1.GetStoreSettingsRequest;
import io.laurel.proto.program.v1.StoreSettings;
import io.laurel.proto.program.v1.StoreSettingsServiceGrpc.StoreSettingsServiceBlockingStub;
import io.laurel.proto.program.v1.UpdateStoreSettingsRequest;
import io.laurel.proto.program.v1.UpdateStoreSettingsResponse;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** StoreSettingsService over real gRPC against real Postgres (R-STORE-1, R-STORE-2, R-PROG-9). */
@QuarkusTest
@WithTestResource(value = LaurelTestResource.class,
        initArgs = {@ResourceArg(name = LaurelTestResource.DATABASE, value = "laurel_program"),
                    @ResourceArg(name = LaurelTestResource.REDIS, value = "false")})
class StoreSettingsEndpointTest {

    @GrpcClient("program")
    StoreSettingsServiceBlockingStub settings;

    private static StoreSettings usd(String zone) {
        return StoreSettings.newBuilder()
                .setCurrencyCode("USD")
                .setTimeZone(zone)
                .setDefaultPointsExpiry(PointsExpiryPolicy.newBuilder()
                        .setKind(PointsExpiryPolicyKind.POINTS_EXPIRY_POLICY_KIND_AFTER_DAYS).setDays(365))
                .setBaseEarningRateMilli(1000)
                .setPointValueMinorMilli(1000)
                .build();
    }

    private static UpdateStoreSettingsRequest.Builder update(String store, long expectedVersion, StoreSettings values) {
        return UpdateStoreSettingsRequest.newBuilder()
                .setRequestId(UUID.randomUUID().toString())
                .setStoreId(store)
                .setExpectedVersion(expectedVersion)
                .setSettings(values);
    }

    private static String newStore() {
        return "store-" + UUID.randomUUID();
    }

    @Test
    void r_store_2_createsThenReadsBackTheSettings() {
        String store = newStore();
        StoreSettings created = settings.updateStoreSettings(update(store, 0, usd("America/New_York")).build()).getSettings();

        assertThat(created.getVersion()).isEqualTo(1);
        assertThat(created.getStoreId()).isEqualTo(store);
        StoreSettings read = settings.getStoreSettings(GetStoreSettingsRequest.newBuilder().setStoreId(store).build())
                .getSettings();
        assertThat(read).isEqualTo(created);
        assertThat(read.getTimeZone()).isEqualTo("America/New_York");
        assertThat(read.getDefaultPointsExpiry().getDays()).isEqualTo(365);
    }

    @Test
    void r_prog_9_aStaleVersionIsAbortedNamingTheCurrentOne() {
        String store = newStore();
        settings.updateStoreSettings(update(store, 0, usd("UTC")).build());
        settings.updateStoreSettings(update(store, 1, usd("Europe/Paris")).build());

        StatusRuntimeException stale = catchThrowableOfType(StatusRuntimeException.class,
                () -> settings.updateStoreSettings(update(store, 1, usd("Europe/Berlin")).build()));

        assertThat(stale.getStatus().getCode()).isEqualTo(Status.Code.ABORTED);
        assertThat(StatusDetails.errorInfo(stale).orElseThrow().getMetadataMap()).containsEntry("current_version", "2");
        assertThat(settings.getStoreSettings(GetStoreSettingsRequest.newBuilder().setStoreId(store).build())
                .getSettings().getTimeZone()).isEqualTo("Europe/Paris");
    }

    @Test
    void r_prog_9_everyEarlierVersionStaysReadable() {
        String store = newStore();
        settings.updateStoreSettings(update(store, 0, usd("UTC")).build());
        settings.updateStoreSettings(update(store, 1, usd("Asia/Tokyo"))
                .setUpdateMask(FieldMask.newBuilder().addPaths("time_zone")).build());

        assertThat(settings.getStoreSettings(GetStoreSettingsRequest.newBuilder().setStoreId(store).setVersion(1).build())
                .getSettings().getTimeZone()).isEqualTo("UTC");
        assertThat(settings.getStoreSettings(GetStoreSettingsRequest.newBuilder().setStoreId(store).build())
                .getSettings().getTimeZone()).isEqualTo("Asia/Tokyo");
        StatusRuntimeException missing = catchThrowableOfType(StatusRuntimeException.class, () -> settings.getStoreSettings(
                GetStoreSettingsRequest.newBuilder().setStoreId(store).setVersion(3).build()));
        assertThat(missing.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
    }

    @Test
    void r_store_2_l_api_3_invalidSettingsNameEveryBadFieldAndStoreNothing() {
        String store = newStore();
        StoreSettings bad = usd("Mars/Olympus").toBuilder()
                .setCurrencyCode("DOLLARS")
                .setBaseEarningRateMilli(-5)
                .setPointValueMinorMilli(0)
                .setDefaultPointsExpiry(PointsExpiryPolicy.newBuilder()
                        .setKind(PointsExpiryPolicyKind.POINTS_EXPIRY_POLICY_KIND_AFTER_DAYS).setDays(0))
                .build();

        // L-API-3: the contract's limits first (a code of 3 characters, the rate's range)
        StatusRuntimeException invalid = catchThrowableOfType(StatusRuntimeException.class,
                () -> settings.updateStoreSettings(update(store, 0, bad).build()));

        assertThat(invalid.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(StatusDetails.badFields(invalid)).containsExactlyInAnyOrder(
                "settings.currency_code", "settings.base_earning_rate_milli");
        assertThat(invalid.getStatus().getDescription()).doesNotContain("Exception");
        // then the settings' own rules: ISO 4217, IANA, the policy's days, a required point value
        invalid = catchThrowableOfType(StatusRuntimeException.class, () -> settings.updateStoreSettings(update(store, 0,
                bad.toBuilder().setCurrencyCode("XYZ").setBaseEarningRateMilli(5).build()).build()));
        assertThat(StatusDetails.badFields(invalid)).containsExactlyInAnyOrder(
                "settings.currency_code", "settings.time_zone", "settings.default_points_expiry.days",
                "settings.point_value_minor_milli");
        StatusRuntimeException nothing = catchThrowableOfType(StatusRuntimeException.class,
                () -> settings.getStoreSettings(GetStoreSettingsRequest.newBuilder().setStoreId(store).build()));
        assertThat(nothing.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
    }

    @Test
    void requestShapeErrorsAreListedTogether() {
        StatusRuntimeException invalid = catchThrowableOfType(StatusRuntimeException.class,
                () -> settings.updateStoreSettings(UpdateStoreSettingsRequest.newBuilder()
                        .setExpectedVersion(-1).setSettings(usd("UTC")).build()));
        assertThat(StatusDetails.badFields(invalid)).containsExactly("request_id", "store_id", "expected_version");
    }

    @Test
    void r_prog_10_l_api_3_theContractsFaultsComeInOneAnswerAndTheSettingsOwnInTheNext() {
        StatusRuntimeException invalid = catchThrowableOfType(StatusRuntimeException.class,
                () -> settings.updateStoreSettings(UpdateStoreSettingsRequest.newBuilder().setStoreId(newStore())
                        .setSettings(usd("Mars/Olympus").toBuilder().setCurrencyCode("DOLLARS")).build()));
        assertThat(StatusDetails.badFields(invalid)).containsExactlyInAnyOrder("request_id", "settings.currency_code");
        invalid = catchThrowableOfType(StatusRuntimeException.class,
                () -> settings.updateStoreSettings(UpdateStoreSettingsRequest.newBuilder().setStoreId(newStore())
                        .setRequestId("r-1").setSettings(usd("Mars/Olympus").toBuilder().setCurrencyCode("XYZ")).build()));
        assertThat(StatusDetails.badFields(invalid)).containsExactlyInAnyOrder("settings.currency_code", "settings.time_zone");
    }

    @Test
    void getRefusesEveryBadField() {
        StatusRuntimeException invalid = catchThrowableOfType(StatusRuntimeException.class,
                () -> settings.getStoreSettings(GetStoreSettingsRequest.newBuilder().setVersion(-1).build()));
        assertThat(invalid.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(StatusDetails.badFields(invalid)).containsExactlyInAnyOrder("store_id", "version");
    }

    @Test
    void aMissingVersionOfExistingSettingsIsNotFound() {
        String store = newStore();
        settings.updateStoreSettings(update(store, 0, usd("UTC")).build());
        StatusRuntimeException missing = catchThrowableOfType(StatusRuntimeException.class,
                () -> settings.getStoreSettings(GetStoreSettingsRequest.newBuilder().setStoreId(store).setVersion(2).build()));
        assertThat(missing.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
    }

    @Test
    void aRequestIdReusedForAnotherRequestIsRefused() {
        String store = newStore();
        UpdateStoreSettingsRequest first = update(store, 0, usd("UTC")).build();
        settings.updateStoreSettings(first);
        StatusRuntimeException reused = catchThrowableOfType(StatusRuntimeException.class,
                () -> settings.updateStoreSettings(first.toBuilder().setExpectedVersion(1)
                        .setSettings(usd("Asia/Tokyo")).build()));
        assertThat(reused.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(StatusDetails.errorInfo(reused).orElseThrow().getReason()).isEqualTo("REQUEST_ID_REUSED");
        assertThat(StatusDetails.badFields(reused)).containsExactly("request_id");
    }

    @Test
    void r_prog_9_updatingSettingsThatDoNotExistYetIsAbortedWithCurrentVersionZero() {
        StatusRuntimeException conflict = catchThrowableOfType(StatusRuntimeException.class,
                () -> settings.updateStoreSettings(update(newStore(), 3, usd("UTC")).build()));
        assertThat(conflict.getStatus().getCode()).isEqualTo(Status.Code.ABORTED);
        assertThat(StatusDetails.errorInfo(conflict).orElseThrow().getMetadataOrThrow("current_version")).isEqualTo("0");
    }

    @Test
    void r_prog_9_concurrentWritersFromOneVersionGetOneSuccessAndTrueConflicts() throws Exception {
        String store = newStore();
        settings.updateStoreSettings(update(store, 0, usd("UTC")).build());
        List<String> zones = List.of("Europe/Paris", "Europe/Berlin", "Europe/Rome", "Europe/Madrid", "Asia/Tokyo", "Asia/Seoul");
        List<Object> outcomes = zones.parallelStream().<Object>map(zone -> {
            try {
                return settings.updateStoreSettings(update(store, 1, usd(zone)).build());
            } catch (StatusRuntimeException e) {
                return e;
            }
        }).toList();

        assertThat(outcomes).filteredOn(o -> o instanceof UpdateStoreSettingsResponse).hasSize(1);
        assertThat(outcomes).filteredOn(o -> o instanceof StatusRuntimeException).allSatisfy(o -> {
            StatusRuntimeException e = (StatusRuntimeException) o;
            assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.ABORTED);
            assertThat(StatusDetails.errorInfo(e).orElseThrow().getMetadataOrThrow("current_version")).isEqualTo("2");
        });
    }

    @Test
    void anUnknownUpdateMaskPathIsInvalid() {
        String store = newStore();
        settings.updateStoreSettings(update(store, 0, usd("UTC")).build());
        StatusRuntimeException invalid = catchThrowableOfType(StatusRuntimeException.class,
                () -> settings.updateStoreSettings(update(store, 1, usd("UTC"))
                        .setUpdateMask(FieldMask.newBuilder().addPaths("time_zone").addPaths("version")).build()));
        assertThat(StatusDetails.badFields(invalid)).containsExactly("update_mask.paths[1]");
    }

    @Test
    void l_store_1_theCurrencyCannotChange() {
        String store = newStore();
        settings.updateStoreSettings(update(store, 0, usd("UTC")).build());
        StatusRuntimeException refused = catchThrowableOfType(StatusRuntimeException.class,
                () -> settings.updateStoreSettings(update(store, 1, usd("UTC").toBuilder().setCurrencyCode("EUR").build()).build()));
        assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
        assertThat(StatusDetails.errorInfo(refused).orElseThrow().getReason()).isEqualTo("CURRENCY_IMMUTABLE");
    }

    @Test
    void r_store_1_anotherStoresSettingsAreNotFound() {
        String storeA = newStore();
        settings.updateStoreSettings(update(storeA, 0, usd("UTC")).build());
        String storeB = newStore();

        StatusRuntimeException hidden = catchThrowableOfType(StatusRuntimeException.class,
                () -> settings.getStoreSettings(GetStoreSettingsRequest.newBuilder().setStoreId(storeB).build()));
        assertThat(hidden.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
        // store B creating its own settings does not touch A's
        settings.updateStoreSettings(update(storeB, 0, usd("Asia/Tokyo")).build());
        assertThat(settings.getStoreSettings(GetStoreSettingsRequest.newBuilder().setStoreId(storeA).build())
                .getSettings().getTimeZone()).isEqualTo("UTC");
    }

    @Test
    void aRetryWithTheSameRequestIdReplaysTheFirstAnswer() {
        String store = newStore();
        UpdateStoreSettingsRequest request = update(store, 0, usd("UTC")).build();
        UpdateStoreSettingsResponse first = settings.updateStoreSettings(request);
        UpdateStoreSettingsResponse retry = settings.updateStoreSettings(request);

        assertThat(retry).isEqualTo(first);
        assertThat(settings.getStoreSettings(GetStoreSettingsRequest.newBuilder().setStoreId(store).build())
                .getSettings().getVersion()).isEqualTo(1);
    }
}
