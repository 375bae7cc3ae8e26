package io.laurel.program.grpc;

import io.laurel.platform.error.Violations;
import io.laurel.program.app.Idempotent;
import io.laurel.program.app.StoreSettingsUseCases;
import io.laurel.program.domain.StoreSettingsRules;
import io.laurel.program.mapping.StoreSettingsMapping;
import io.laurel.proto.program.v1.GetStoreSettingsRequest;
import io.laurel.proto.program.v1.GetStoreSettingsResponse;
import io.laurel.proto.program.v1.MutinyStoreSettingsServiceGrpc;
import io.laurel.proto.program.v1.UpdateStoreSettingsRequest;
import io.laurel.proto.program.v1.UpdateStoreSettingsResponse;
import io.quarkus.grpc.GrpcService;
import io.smallrye.mutiny.Uni;
import java.util.List;

/**
 * laurel.program.v1.StoreSettingsService: maps proto ↔ domain and delegates to
 * {@link StoreSettingsUseCases}; the rules live in domain/. A request reaches these methods only
 * once its contract's limits hold (required ids, ranges: platform's RequestShapeInterceptor,
 * L-API-3).
 */
@GrpcService
public class StoreSettingsEndpoint extends MutinyStoreSettingsServiceGrpc.StoreSettingsServiceImplBase {

    private final StoreSettingsUseCases settings;

    public StoreSettingsEndpoint(StoreSettingsUseCases settings) {
        this.settings = settings;
    }

    @Override
    public Uni<GetStoreSettingsResponse> getStoreSettings(GetStoreSettingsRequest request) {
        return settings.get(request.getStoreId(), request.getVersion())
                .map(found -> GetStoreSettingsResponse.newBuilder().setSettings(StoreSettingsMapping.toProto(found)).build());
    }

    @Override
    public Uni<UpdateStoreSettingsResponse> updateStoreSettings(UpdateStoreSettingsRequest request) {
        Violations v = new Violations();
        String storeId = request.getStoreId();
        v.require(request.getSettings().getStoreId().isEmpty() || request.getSettings().getStoreId().equals(storeId),
                "settings.store_id", "must be empty or equal to store_id");
        if (!v.isEmpty() && request.getUpdateMask().getPathsCount() == 0) {
            // a whole replacement can be judged without the stored version: report its faults too
            StoreSettingsRules.validate(StoreSettingsMapping.merge(storeId, null, request.getSettings(), List.of(), v),
                    v.nested("settings"));
        }
        v.throwIfAny();
        return settings.update(new Idempotent<>(request.getRequestId(), request, UpdateStoreSettingsResponse.parser(),
                        next -> UpdateStoreSettingsResponse.newBuilder()
                                .setSettings(StoreSettingsMapping.toProto(next)).build()),
                storeId, request.getExpectedVersion(), request.getSettings(), request.getUpdateMask().getPathsList());
    }
}
