package io.laurel.program.grpc;

import com.google.protobuf.Message;
import com.google.protobuf.Parser;
import io.laurel.platform.error.AlreadyExistsException;
import io.laurel.platform.error.ConflictException;
import io.laurel.platform.error.FailedPreconditionException;
import io.laurel.platform.error.NotFoundException;
import io.laurel.platform.error.Violations;
import io.laurel.platform.grpc.Paging;
import io.laurel.platform.grpc.ProtoTime;
import io.laurel.platform.id.IdGenerator;
import io.laurel.platform.idempotency.Idempotency;
import io.laurel.platform.store.SqlErrors;
import io.laurel.platform.time.StoredTime;
import io.laurel.program.domain.tier.TierProgram;
import io.laurel.program.domain.tier.TierProgramRules;
import io.laurel.program.mapping.TierProgramMapping;
import io.laurel.program.store.ConfigChangeRepository;
import io.laurel.program.store.StoreSettingsRepository;
import io.laurel.program.store.TierProgramRepository;
import io.laurel.proto.program.v1.ActivateTierProgramRequest;
import io.laurel.proto.program.v1.ActivateTierProgramResponse;
import io.laurel.proto.program.v1.ArchiveTierProgramRequest;
import io.laurel.proto.program.v1.ArchiveTierProgramResponse;
import io.laurel.proto.program.v1.ConfigChange;
import io.laurel.proto.program.v1.ConfigKind;
import io.laurel.proto.program.v1.CreateTierProgramRequest;
import io.laurel.proto.program.v1.CreateTierProgramResponse;
import io.laurel.proto.program.v1.GetTierProgramRequest;
import io.laurel.proto.program.v1.GetTierProgramResponse;
import io.laurel.proto.program.v1.ListTierProgramVersionsRequest;
import io.laurel.proto.program.v1.ListTierProgramVersionsResponse;
import io.laurel.proto.program.v1.ListTierProgramsRequest;
import io.laurel.proto.program.v1.ListTierProgramsResponse;
import io.laurel.proto.program.v1.MutinyTierProgramServiceGrpc;
import io.laurel.proto.program.v1.TierProgramStatus;
import io.laurel.proto.program.v1.UpdateTierProgramRequest;
import io.laurel.proto.program.v1.UpdateTierProgramResponse;
import io.quarkus.grpc.GrpcService;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * laurel.program.v1.TierProgramService: maps proto ↔ domain and delegates; the rules live in
 * domain/tier. Every stored version also goes onto the configuration change feed in the same
 * transaction.
 */
@GrpcService
public class TierProgramEndpoint extends MutinyTierProgramServiceGrpc.TierProgramServiceImplBase {

    private static final String PROGRAM = "tier_program";

    private final Pool pool;
    private final Idempotency idempotency;
    private final TierProgramRepository programs;
    private final StoreSettingsRepository settings;
    private final ConfigChangeRepository changes;
    private final IdGenerator ids;
    private final Clock clock;

    public TierProgramEndpoint(Pool pool, Idempotency idempotency, TierProgramRepository programs,
                               StoreSettingsRepository settings, ConfigChangeRepository changes, IdGenerator ids,
                               Clock clock) {
        this.pool = pool;
        this.idempotency = idempotency;
        this.programs = programs;
        this.settings = settings;
        this.changes = changes;
        this.ids = ids;
        this.clock = clock;
    }

    @Override
    public Uni<CreateTierProgramResponse> createTierProgram(CreateTierProgramRequest request) {
        String storeId = request.getStoreId();
        Violations v = new Violations();
        Idempotency.checkRequestId(v, request.getRequestId());
        v.require(!storeId.isBlank(), "store_id", "is required");
        String given = request.getTierProgram().getStoreId();
        v.require(given.isEmpty() || given.equals(storeId), PROGRAM + ".store_id", "must be empty or equal to store_id");
        TierProgram candidate = TierProgramMapping.fromRequest(request.getTierProgram());
        TierProgramRules.validateShape(candidate, TierProgramRules.FIELDS, v.nested(PROGRAM));
        v.throwIfAny();
        return attemptCreate(request, candidate)
                // two creates raced past the check and the partial unique index refused this one: a second
                // attempt reads the winner in its own transaction (or creates, if the winner was archived since)
                .onFailure(SqlErrors::isUniqueViolation).recoverWithUni(() -> attemptCreate(request, candidate))
                .onFailure(SqlErrors::isUniqueViolation).transform(e -> new ConflictException("CONCURRENT_CREATE",
                        "another tier program was being created for the store at the same time: read it and retry",
                        Map.of()));
    }

    private Uni<CreateTierProgramResponse> attemptCreate(CreateTierProgramRequest request, TierProgram candidate) {
        String storeId = request.getStoreId();
        return idempotency.once(storeId, request.getRequestId(), request, CreateTierProgramResponse.parser(),
                tx -> settings.find(tx, storeId, 0).flatMap(store -> {
                    if (store == null) {
                        throw new FailedPreconditionException("STORE_NOT_CONFIGURED",
                                "the store has no settings yet: set them with UpdateStoreSettings first");
                    }
                    Violations invalid = new Violations();
                    TierProgramRules.validateInStore(candidate, store.currencyCode(), invalid.nested(PROGRAM));
                    invalid.throwIfAny();
                    return programs.live(tx, storeId).flatMap(live -> {
                        if (live != null) {
                            throw alreadyExists(live.getTierProgramId());
                        }
                        return save(tx, TierProgramRules.create(candidate, ids.newId(), storeId,
                                StoredTime.now(clock)));
                    });
                }).map(p -> CreateTierProgramResponse.newBuilder().setTierProgram(p).build()));
    }

    @Override
    public Uni<GetTierProgramResponse> getTierProgram(GetTierProgramRequest request) {
        Violations v = new Violations();
        v.require(!request.getStoreId().isBlank(), "store_id", "is required");
        v.require(!request.getTierProgramId().isBlank(), "tier_program_id", "is required");
        v.require(request.getVersion() >= 0, "version", "must be 0 (latest) or a version number");
        v.throwIfAny();
        return programs.find(pool, request.getStoreId(), request.getTierProgramId(), request.getVersion())
                .map(found -> {
                    if (found == null) {
                        throw notFound(request.getTierProgramId(), request.getVersion());
                    }
                    return GetTierProgramResponse.newBuilder().setTierProgram(found).build();
                });
    }

    @Override
    public Uni<ListTierProgramsResponse> listTierPrograms(ListTierProgramsRequest request) {
        Violations v = new Violations();
        v.require(!request.getStoreId().isBlank(), "store_id", "is required");
        for (int i = 0; i < request.getStatusesCount(); i++) {
            TierProgramStatus s = request.getStatuses(i);
            v.require(s != TierProgramStatus.TIER_PROGRAM_STATUS_UNSPECIFIED && s != TierProgramStatus.UNRECOGNIZED,
                    "statuses[" + i + "]", "is not a status");
        }
        int size = Paging.pageSize(v, request.getPageSize());
        CreatedKey before = Paging.after(v, request, 2, CreatedKey::parse).orElse(null);
        v.throwIfAny();
        return programs.list(pool, request.getStoreId(), request.getStatusesList(), before == null ? null : before.createTime(),
                        before == null ? null : before.id(), size + 1)
                .map(rows -> {
                    var page = Paging.page(request, rows, size,
                            last -> new CreatedKey(ProtoTime.toInstant(last.getCreateTime()), last.getTierProgramId()).parts());
                    return ListTierProgramsResponse.newBuilder().addAllTierPrograms(page.items())
                            .setNextPageToken(page.nextPageToken()).build();
                });
    }

    @Override
    public Uni<ListTierProgramVersionsResponse> listTierProgramVersions(ListTierProgramVersionsRequest request) {
        Violations v = new Violations();
        v.require(!request.getStoreId().isBlank(), "store_id", "is required");
        v.require(!request.getTierProgramId().isBlank(), "tier_program_id", "is required");
        int size = Paging.pageSize(v, request.getPageSize());
        long beforeVersion = Paging.after(v, request, 1, key -> Long.parseLong(key.get(0))).orElse(0L);
        v.throwIfAny();
        return programs.versions(pool, request.getStoreId(), request.getTierProgramId(), beforeVersion, size + 1)
                .map(rows -> {
                    if (rows.isEmpty() && beforeVersion == 0) {
                        throw notFound(request.getTierProgramId(), 0);
                    }
                    var page = Paging.page(request, rows, size, last -> List.of(Long.toString(last.getVersion())));
                    return ListTierProgramVersionsResponse.newBuilder().addAllTierPrograms(page.items())
                            .setNextPageToken(page.nextPageToken()).build();
                });
    }

    @Override
    public Uni<UpdateTierProgramResponse> updateTierProgram(UpdateTierProgramRequest request) {
        String storeId = request.getStoreId();
        String programId = request.getTierProgram().getTierProgramId();
        Violations v = new Violations();
        Idempotency.checkRequestId(v, request.getRequestId());
        v.require(!storeId.isBlank(), "store_id", "is required");
        v.require(!programId.isBlank(), PROGRAM + ".tier_program_id", "is required: it names the program to change");
        String given = request.getTierProgram().getStoreId();
        v.require(given.isEmpty() || given.equals(storeId), PROGRAM + ".store_id", "must be empty or equal to store_id");
        v.require(request.getExpectedVersion() > 0, "expected_version", "is required: the version the change is based on");
        List<String> mask = request.getUpdateMask().getPathsList();
        Set<String> fields = TierProgramMapping.maskedFields(mask, v);
        TierProgram input = TierProgramMapping.fromRequest(request.getTierProgram());
        TierProgramRules.validateShape(input, fields, v.nested(PROGRAM));
        v.throwIfAny();
        return idempotency.once(storeId, request.getRequestId(), request, UpdateTierProgramResponse.parser(),
                tx -> locked(tx, storeId, programId, request.getExpectedVersion()).flatMap(current -> {
                    TierProgramRules.requireNotArchived(current);
                    TierProgram candidate = TierProgramMapping.merge(current, input, mask);
                    return settings.find(tx, storeId, 0).flatMap(store -> {
                        // the merged program as a whole: the set fields against the kept ones and the store
                        Violations invalid = new Violations();
                        TierProgramRules.validate(candidate, store == null ? null : store.currencyCode(),
                                invalid.nested(PROGRAM));
                        invalid.throwIfAny();
                        return save(tx, TierProgramRules.update(current, candidate, StoredTime.now(clock)));
                    });
                }).map(p -> UpdateTierProgramResponse.newBuilder().setTierProgram(p).build()));
    }

    @Override
    public Uni<ActivateTierProgramResponse> activateTierProgram(ActivateTierProgramRequest request) {
        return statusChange(request.getRequestId(), request.getStoreId(), request.getTierProgramId(),
                request.getExpectedVersion(), request, ActivateTierProgramResponse.parser(), TierProgramRules::activate,
                p -> ActivateTierProgramResponse.newBuilder().setTierProgram(p).build());
    }

    @Override
    public Uni<ArchiveTierProgramResponse> archiveTierProgram(ArchiveTierProgramRequest request) {
        return statusChange(request.getRequestId(), request.getStoreId(), request.getTierProgramId(),
                request.getExpectedVersion(), request, ArchiveTierProgramResponse.parser(), TierProgramRules::archive,
                p -> ArchiveTierProgramResponse.newBuilder().setTierProgram(p).build());
    }

    private <T extends Message> Uni<T> statusChange(String requestId, String storeId, String programId,
                                                    long expectedVersion, Message request, Parser<T> parser,
                                                    BiFunction<TierProgram, Instant, TierProgram> transition,
                                                    Function<io.laurel.proto.program.v1.TierProgram, T> response) {
        Violations v = new Violations();
        Idempotency.checkRequestId(v, requestId);
        v.require(!storeId.isBlank(), "store_id", "is required");
        v.require(!programId.isBlank(), "tier_program_id", "is required");
        v.require(expectedVersion > 0, "expected_version", "is required: the version the change is based on");
        v.throwIfAny();
        return idempotency.once(storeId, requestId, request, parser,
                tx -> locked(tx, storeId, programId, expectedVersion).flatMap(current -> {
                    TierProgram next = transition.apply(current, StoredTime.now(clock));
                    return next == current ? Uni.createFrom().item(TierProgramMapping.toProto(current)) : save(tx, next);
                }).map(response));
    }

    private Uni<TierProgram> locked(SqlConnection tx, String storeId, String programId, long expectedVersion) {
        return programs.latestForUpdate(tx, storeId, programId).map(found -> {
            if (found == null) {
                throw notFound(programId, 0);
            }
            TierProgram current = TierProgramMapping.toDomain(found);
            TierProgramRules.requireVersion(current, expectedVersion);
            return current;
        });
    }

    /** Stores the version and appends it to the configuration change feed, in the caller's transaction. */
    private Uni<io.laurel.proto.program.v1.TierProgram> save(SqlConnection tx, TierProgram next) {
        var proto = TierProgramMapping.toProto(next);
        return programs.insert(tx, proto)
                .chain(() -> changes.append(tx, ConfigChange.newBuilder()
                        .setStoreId(proto.getStoreId())
                        .setKind(ConfigKind.CONFIG_KIND_TIER_PROGRAM)
                        .setResourceId(proto.getTierProgramId())
                        .setVersion(proto.getVersion())
                        .setChangeTime(proto.getUpdateTime())
                        .setTierProgram(proto)
                        .build()))
                .replaceWith(proto);
    }

    /** ErrorInfo metadata {@code tier_program_id} (the contract's) and {@code resource_id} both name the existing program. */
    private static AlreadyExistsException alreadyExists(String existingId) {
        return new AlreadyExistsException(TierProgramRules.RESOURCE, existingId, Map.of("tier_program_id", existingId));
    }

    private static NotFoundException notFound(String programId, long version) {
        return new NotFoundException(TierProgramRules.RESOURCE, programId + (version == 0 ? "" : " version " + version));
    }
}
