package io.laurel.program.grpc;

import io.laurel.platform.error.ConflictException;
import io.laurel.platform.error.NotFoundException;
import io.laurel.platform.error.Violations;
import io.laurel.platform.idempotency.Idempotency;
import io.laurel.platform.time.StoredTime;
import io.laurel.program.domain.StoreSettings;
import io.laurel.program.domain.StoreSettingsRules;
import io.laurel.program.mapping.StoreSettingsMapping;
import io.laurel.program.store.ConfigChangeRepository;
import io.laurel.program.store.StoreSettingsRepository;
import io.laurel.proto.program.v1.ConfigChange;
import io.laurel.proto.program.v1.ConfigKind;
import io.laurel.proto.program.v1.GetStoreSettingsRequest;
import io.laurel.proto.program.v1.GetStoreSettingsResponse;
import io.laurel.proto.program.v1.MutinyStoreSettingsServiceGrpc;
import io.laurel.proto.program.v1.UpdateStoreSettingsRequest;
import io.laurel.proto.program.v1.UpdateStoreSettingsResponse;
import io.quarkus.grpc.GrpcService;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import java.time.Clock;
import java.util.List;

/** laurel.program.v1.StoreSettingsService: maps proto ↔ domain and delegates; the rules live in domain/. */
@GrpcService
public class StoreSettingsEndpoint extends MutinyStoreSettingsServiceGrpc.StoreSettingsServiceImplBase {

    private static final String RESOURCE = "store settings";

    private final Pool pool;
    private final Idempotency idempotency;
    private final StoreSettingsRepository repository;
    private final ConfigChangeRepository changes;
    private final Clock clock;

    public StoreSettingsEndpoint(Pool pool, Idempotency idempotency, StoreSettingsRepository repository,
                                 ConfigChangeRepository changes, Clock clock) {
        this.pool = pool;
        this.idempotency = idempotency;
        this.repository = repository;
        this.changes = changes;
        this.clock = clock;
    }

    @Override
    public Uni<GetStoreSettingsResponse> getStoreSettings(GetStoreSettingsRequest request) {
        Violations v = new Violations();
        v.require(!request.getStoreId().isBlank(), "store_id", "is required");
        v.require(request.getVersion() >= 0, "version", "must be 0 (latest) or a version number");
        v.throwIfAny();
        return repository.find(pool, request.getStoreId(), request.getVersion())
                .map(found -> {
                    if (found == null) {
                        throw new NotFoundException(RESOURCE, request.getStoreId()
                                + (request.getVersion() == 0 ? "" : " version " + request.getVersion()));
                    }
                    return GetStoreSettingsResponse.newBuilder()
                            .setSettings(StoreSettingsMapping.toProto(found)).build();
                });
    }

    @Override
    public Uni<UpdateStoreSettingsResponse> updateStoreSettings(UpdateStoreSettingsRequest request) {
        Violations v = new Violations();
        Idempotency.checkRequestId(v, request.getRequestId());
        String storeId = request.getStoreId();
        v.require(!storeId.isBlank(), "store_id", "is required");
        v.require(request.getSettings().getStoreId().isEmpty() || request.getSettings().getStoreId().equals(storeId),
                "settings.store_id", "must be empty or equal to store_id");
        v.require(request.getExpectedVersion() >= 0, "expected_version", "must be 0 (create) or the current version");
        if (!v.isEmpty() && request.getUpdateMask().getPathsCount() == 0) {
            // a whole replacement can be judged without the stored version: report its faults too
            StoreSettingsRules.validate(StoreSettingsMapping.merge(storeId, null, request.getSettings(), List.of(), v),
                    v.nested("settings"));
        }
        v.throwIfAny();
        return idempotency.once(storeId, request.getRequestId(), request, UpdateStoreSettingsResponse.parser(),
                tx -> repository.latestForUpdate(tx, storeId).flatMap(current -> {
                    long currentVersion = current == null ? 0 : current.version();
                    if (request.getExpectedVersion() != currentVersion) {
                        throw new ConflictException(RESOURCE, storeId, request.getExpectedVersion(), currentVersion);
                    }
                    Violations invalid = new Violations();
                    StoreSettings candidate = StoreSettingsMapping.merge(storeId, current, request.getSettings(),
                            request.getUpdateMask().getPathsList(), invalid);
                    StoreSettingsRules.validate(candidate, invalid.nested("settings"));
                    invalid.throwIfAny();
                    StoreSettings next = StoreSettingsRules.nextVersion(current, candidate, StoredTime.now(clock));
                    var settings = StoreSettingsMapping.toProto(next);
                    return repository.insert(tx, next)
                            .chain(() -> changes.append(tx, ConfigChange.newBuilder()
                                    .setStoreId(storeId).setKind(ConfigKind.CONFIG_KIND_STORE_SETTINGS)
                                    .setResourceId(storeId).setVersion(next.version())
                                    .setChangeTime(settings.getUpdateTime()).setStoreSettings(settings).build()))
                            .replaceWith(UpdateStoreSettingsResponse.newBuilder().setSettings(settings).build());
                }));
    }
}
