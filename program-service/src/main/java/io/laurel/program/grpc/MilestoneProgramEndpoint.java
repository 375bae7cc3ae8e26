package io.laurel.program.grpc;

import io.laurel.platform.error.FailedPreconditionException;
import io.laurel.platform.error.NotFoundException;
import io.laurel.platform.error.Violations;
import io.laurel.platform.grpc.Paging;
import io.laurel.platform.grpc.ProtoTime;
import io.laurel.platform.id.IdGenerator;
import io.laurel.platform.idempotency.Idempotency;
import io.laurel.platform.time.StoredTime;
import io.laurel.program.domain.milestone.MilestoneProgram;
import io.laurel.program.domain.milestone.MilestoneProgramRules;
import io.laurel.program.mapping.MilestoneProgramMapping;
import io.laurel.program.store.ConfigChangeRepository;
import io.laurel.program.store.MilestoneProgramRepository;
import io.laurel.program.store.StoreSettingsRepository;
import io.laurel.program.store.TierProgramRepository;
import io.laurel.proto.common.v1.MilestoneMetric;
import io.laurel.proto.program.v1.ActivateMilestoneProgramRequest;
import io.laurel.proto.program.v1.ActivateMilestoneProgramResponse;
import io.laurel.proto.program.v1.ArchiveMilestoneProgramRequest;
import io.laurel.proto.program.v1.ArchiveMilestoneProgramResponse;
import io.laurel.proto.program.v1.ConfigChange;
import io.laurel.proto.program.v1.ConfigKind;
import io.laurel.proto.program.v1.CreateMilestoneProgramRequest;
import io.laurel.proto.program.v1.CreateMilestoneProgramResponse;
import io.laurel.proto.program.v1.GetMilestoneProgramRequest;
import io.laurel.proto.program.v1.GetMilestoneProgramResponse;
import io.laurel.proto.program.v1.ListMilestoneProgramVersionsRequest;
import io.laurel.proto.program.v1.ListMilestoneProgramVersionsResponse;
import io.laurel.proto.program.v1.ListMilestoneProgramsRequest;
import io.laurel.proto.program.v1.ListMilestoneProgramsResponse;
import io.laurel.proto.program.v1.MilestoneProgramStatus;
import io.laurel.proto.program.v1.MutinyMilestoneProgramServiceGrpc;
import io.laurel.proto.program.v1.PauseMilestoneProgramRequest;
import io.laurel.proto.program.v1.PauseMilestoneProgramResponse;
import io.laurel.proto.program.v1.Tier;
import io.laurel.proto.program.v1.UpdateMilestoneProgramRequest;
import io.laurel.proto.program.v1.UpdateMilestoneProgramResponse;
import io.quarkus.grpc.GrpcService;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.stream.Collectors;

/**
 * laurel.program.v1.MilestoneProgramService: maps proto ↔ domain and delegates; the rules live in
 * domain/milestone. Every stored version also goes onto the configuration change feed in the same
 * transaction.
 */
@GrpcService
public class MilestoneProgramEndpoint extends MutinyMilestoneProgramServiceGrpc.MilestoneProgramServiceImplBase {

    private static final String PROGRAM = "milestone_program";

    private final Pool pool;
    private final Idempotency idempotency;
    private final MilestoneProgramRepository programs;
    private final TierProgramRepository tierPrograms;
    private final StoreSettingsRepository settings;
    private final ConfigChangeRepository changes;
    private final IdGenerator ids;
    private final Clock clock;

    public MilestoneProgramEndpoint(Pool pool, Idempotency idempotency, MilestoneProgramRepository programs,
                                    TierProgramRepository tierPrograms, StoreSettingsRepository settings,
                                    ConfigChangeRepository changes, IdGenerator ids, Clock clock) {
        this.pool = pool;
        this.idempotency = idempotency;
        this.programs = programs;
        this.tierPrograms = tierPrograms;
        this.settings = settings;
        this.changes = changes;
        this.ids = ids;
        this.clock = clock;
    }

    @Override
    public Uni<CreateMilestoneProgramResponse> createMilestoneProgram(CreateMilestoneProgramRequest request) {
        String storeId = request.getStoreId();
        // R-PROG-10: the request's shape and every context-free rule in one refusal
        Violations v = new Violations();
        Idempotency.checkRequestId(v, request.getRequestId());
        v.require(!storeId.isBlank(), "store_id", "is required");
        String given = request.getMilestoneProgram().getStoreId();
        v.require(given.isEmpty() || given.equals(storeId), PROGRAM + ".store_id", "must be empty or equal to store_id");
        MilestoneProgram candidate = MilestoneProgramMapping.fromRequest(request.getMilestoneProgram(), v.nested(PROGRAM));
        MilestoneProgramRules.validateShape(candidate, MilestoneProgramRules.FIELDS, v.nested(PROGRAM));
        v.throwIfAny();
        return idempotency.once(storeId, request.getRequestId(), request, CreateMilestoneProgramResponse.parser(),
                tx -> settings.find(tx, storeId, 0).flatMap(store -> {
                    if (store == null) {
                        throw new FailedPreconditionException("STORE_NOT_CONFIGURED",
                                "the store has no settings yet: set them with UpdateStoreSettings first");
                    }
                    return liveTierIds(tx, storeId, candidate).flatMap(tierIds -> {
                        Violations invalid = new Violations();
                        MilestoneProgramRules.validateInStore(candidate, store.currencyCode(), tierIds,
                                invalid.nested(PROGRAM));
                        invalid.throwIfAny();
                        return save(tx, MilestoneProgramRules.create(candidate, ids.newId(), storeId,
                                StoredTime.now(clock)));
                    });
                }).map(p -> CreateMilestoneProgramResponse.newBuilder().setMilestoneProgram(p).build()));
    }

    @Override
    public Uni<GetMilestoneProgramResponse> getMilestoneProgram(GetMilestoneProgramRequest request) {
        Violations v = new Violations();
        v.require(!request.getStoreId().isBlank(), "store_id", "is required");
        v.require(!request.getProgramId().isBlank(), "program_id", "is required");
        v.require(request.getVersion() >= 0, "version", "must be 0 (latest) or a version number");
        v.throwIfAny();
        return programs.find(pool, request.getStoreId(), request.getProgramId(), request.getVersion())
                .map(found -> {
                    if (found == null) {
                        throw notFound(request.getProgramId(), request.getVersion());
                    }
                    return GetMilestoneProgramResponse.newBuilder().setMilestoneProgram(found).build();
                });
    }

    @Override
    public Uni<ListMilestoneProgramsResponse> listMilestonePrograms(ListMilestoneProgramsRequest request) {
        Violations v = new Violations();
        v.require(!request.getStoreId().isBlank(), "store_id", "is required");
        for (int i = 0; i < request.getStatusesCount(); i++) {
            MilestoneProgramStatus s = request.getStatuses(i);
            v.require(s != MilestoneProgramStatus.MILESTONE_PROGRAM_STATUS_UNSPECIFIED
                    && s != MilestoneProgramStatus.UNRECOGNIZED, "statuses[" + i + "]", "is not a status");
        }
        for (int i = 0; i < request.getMetricsCount(); i++) {
            MilestoneMetric m = request.getMetrics(i);
            v.require(m != MilestoneMetric.MILESTONE_METRIC_UNSPECIFIED && m != MilestoneMetric.UNRECOGNIZED,
                    "metrics[" + i + "]", "is not a metric");
        }
        int size = Paging.pageSize(v, request.getPageSize());
        CreatedKey after = Paging.after(v, request, 2, CreatedKey::parse).orElse(null);
        v.throwIfAny();
        return programs.list(pool, request.getStoreId(), request.getStatusesList(), request.getMetricsList(),
                        after == null ? null : after.createTime(), after == null ? null : after.id(), size + 1)
                .map(rows -> {
                    var page = Paging.page(request, rows, size,
                            last -> new CreatedKey(ProtoTime.toInstant(last.getCreateTime()), last.getProgramId()).parts());
                    return ListMilestoneProgramsResponse.newBuilder().addAllMilestonePrograms(page.items())
                            .setNextPageToken(page.nextPageToken()).build();
                });
    }

    @Override
    public Uni<ListMilestoneProgramVersionsResponse> listMilestoneProgramVersions(
            ListMilestoneProgramVersionsRequest request) {
        Violations v = new Violations();
        v.require(!request.getStoreId().isBlank(), "store_id", "is required");
        v.require(!request.getProgramId().isBlank(), "program_id", "is required");
        int size = Paging.pageSize(v, request.getPageSize());
        long beforeVersion = Paging.after(v, request, 1, key -> Long.parseLong(key.get(0))).orElse(0L);
        v.throwIfAny();
        return programs.versions(pool, request.getStoreId(), request.getProgramId(), beforeVersion, size + 1)
                .map(rows -> {
                    if (rows.isEmpty() && beforeVersion == 0) {
                        throw notFound(request.getProgramId(), 0);
                    }
                    var page = Paging.page(request, rows, size, last -> List.of(Long.toString(last.getVersion())));
                    return ListMilestoneProgramVersionsResponse.newBuilder().addAllMilestonePrograms(page.items())
                            .setNextPageToken(page.nextPageToken()).build();
                });
    }

    @Override
    public Uni<UpdateMilestoneProgramResponse> updateMilestoneProgram(UpdateMilestoneProgramRequest request) {
        String storeId = request.getStoreId();
        String programId = request.getMilestoneProgram().getProgramId();
        // R-PROG-10: the request's shape, the mask and every context-free rule of the fields it sets
        Violations v = new Violations();
        Idempotency.checkRequestId(v, request.getRequestId());
        v.require(!storeId.isBlank(), "store_id", "is required");
        v.require(!programId.isBlank(), PROGRAM + ".program_id", "is required: it names the program to change");
        String given = request.getMilestoneProgram().getStoreId();
        v.require(given.isEmpty() || given.equals(storeId), PROGRAM + ".store_id", "must be empty or equal to store_id");
        v.require(request.getExpectedVersion() > 0, "expected_version", "is required: the version the change is based on");
        List<String> mask = request.getUpdateMask().getPathsList();
        Set<String> fields = MilestoneProgramMapping.maskedFields(mask, v);
        // a schedule the mask leaves out is ignored, so its times are only checked when it is set
        MilestoneProgram input = MilestoneProgramMapping.fromRequest(request.getMilestoneProgram(),
                fields.contains("schedule") ? v.nested(PROGRAM) : new Violations());
        MilestoneProgramRules.validateShape(input, fields, v.nested(PROGRAM));
        v.throwIfAny();
        return idempotency.once(storeId, request.getRequestId(), request, UpdateMilestoneProgramResponse.parser(),
                tx -> locked(tx, storeId, programId, request.getExpectedVersion()).flatMap(current -> {
                    MilestoneProgramRules.requireNotArchived(current);
                    MilestoneProgram candidate = MilestoneProgramMapping.merge(current, input, mask);
                    return settings.find(tx, storeId, 0).flatMap(store -> liveTierIds(tx, storeId, candidate).map(tierIds -> {
                        // the merged program as a whole: the set fields against the kept ones and the store
                        Violations invalid = new Violations();
                        MilestoneProgramRules.validate(candidate, store == null ? null : store.currencyCode(), tierIds,
                                invalid.nested(PROGRAM));
                        invalid.throwIfAny();
                        return candidate;
                    })).flatMap(valid -> save(tx, MilestoneProgramRules.update(current, valid, StoredTime.now(clock))));
                }).map(p -> UpdateMilestoneProgramResponse.newBuilder().setMilestoneProgram(p).build()));
    }

    @Override
    public Uni<ActivateMilestoneProgramResponse> activateMilestoneProgram(ActivateMilestoneProgramRequest request) {
        return statusChange(request.getRequestId(), request.getStoreId(), request.getProgramId(),
                request.getExpectedVersion(), request, ActivateMilestoneProgramResponse.parser(),
                MilestoneProgramRules::activate, this::requireKnownTiers,
                p -> ActivateMilestoneProgramResponse.newBuilder().setMilestoneProgram(p).build());
    }

    @Override
    public Uni<PauseMilestoneProgramResponse> pauseMilestoneProgram(PauseMilestoneProgramRequest request) {
        return statusChange(request.getRequestId(), request.getStoreId(), request.getProgramId(),
                request.getExpectedVersion(), request, PauseMilestoneProgramResponse.parser(),
                MilestoneProgramRules::pause, (tx, next) -> Uni.createFrom().voidItem(),
                p -> PauseMilestoneProgramResponse.newBuilder().setMilestoneProgram(p).build());
    }

    @Override
    public Uni<ArchiveMilestoneProgramResponse> archiveMilestoneProgram(ArchiveMilestoneProgramRequest request) {
        return statusChange(request.getRequestId(), request.getStoreId(), request.getProgramId(),
                request.getExpectedVersion(), request, ArchiveMilestoneProgramResponse.parser(),
                MilestoneProgramRules::archive, (tx, next) -> Uni.createFrom().voidItem(),
                p -> ArchiveMilestoneProgramResponse.newBuilder().setMilestoneProgram(p).build());
    }

    private <T extends com.google.protobuf.Message> Uni<T> statusChange(
            String requestId, String storeId, String programId, long expectedVersion,
            com.google.protobuf.Message request, com.google.protobuf.Parser<T> parser,
            BiFunction<MilestoneProgram, Instant, MilestoneProgram> transition,
            BiFunction<SqlConnection, MilestoneProgram, Uni<Void>> check,
            java.util.function.Function<io.laurel.proto.program.v1.MilestoneProgram, T> response) {
        Violations v = new Violations();
        Idempotency.checkRequestId(v, requestId);
        v.require(!storeId.isBlank(), "store_id", "is required");
        v.require(!programId.isBlank(), "program_id", "is required");
        v.require(expectedVersion > 0, "expected_version", "is required: the version the change is based on");
        v.throwIfAny();
        return idempotency.once(storeId, requestId, request, parser,
                tx -> locked(tx, storeId, programId, expectedVersion).flatMap(current -> {
                    MilestoneProgram next = transition.apply(current, StoredTime.now(clock));
                    return next == current ? Uni.createFrom().item(MilestoneProgramMapping.toProto(current))
                            : check.apply(tx, next).chain(() -> save(tx, next));
                }).map(response));
    }

    /** The latest version, locked; NOT_FOUND when the store has no such program, ABORTED when stale. */
    private Uni<MilestoneProgram> locked(SqlConnection tx, String storeId, String programId, long expectedVersion) {
        return programs.latestForUpdate(tx, storeId, programId).map(found -> {
            if (found == null) {
                throw notFound(programId, 0);
            }
            MilestoneProgram current = MilestoneProgramMapping.toDomain(found);
            MilestoneProgramRules.requireVersion(current, expectedVersion);
            return current;
        });
    }

    /**
     * {@link #liveTierIds(SqlConnection, String)} when {@code program}'s condition names tiers; else
     * empty without the read and its share lock, as no tier id is checked against it.
     */
    private Uni<Set<String>> liveTierIds(SqlConnection tx, String storeId, MilestoneProgram program) {
        return MilestoneProgramRules.tierIds(program.condition()).isEmpty() ? Uni.createFrom().item(Set.of())
                : liveTierIds(tx, storeId);
    }

    /**
     * The tier ids of the store's tier program that is not archived (empty when none), its head row
     * held FOR SHARE until the transaction ends so a concurrent tier change cannot slip in between
     * this check and the commit (R-PROG-5).
     */
    private Uni<Set<String>> liveTierIds(SqlConnection tx, String storeId) {
        return tierPrograms.liveForShare(tx, storeId).map(tierProgram -> tierProgram == null ? Set.of()
                : tierProgram.getTiersList().stream().map(Tier::getTierId).collect(Collectors.toSet()));
    }

    /**
     * R-PROG-5 on activation: the tiers the condition names must still be tiers of the store's tier
     * program, which may have changed since the program was last saved.
     */
    private Uni<Void> requireKnownTiers(SqlConnection tx, MilestoneProgram next) {
        Set<String> named = MilestoneProgramRules.tierIds(next.condition());
        if (named.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return liveTierIds(tx, next.storeId()).invoke(known -> {
            List<String> unknown = named.stream().filter(id -> !known.contains(id)).toList();
            if (!unknown.isEmpty()) {
                throw new FailedPreconditionException("UNKNOWN_TIER", "the condition names tiers the store's tier "
                        + "program does not have: " + unknown + "; update the condition first",
                        java.util.Map.of("tier_ids", String.join(",", unknown)));
            }
        }).replaceWithVoid();
    }

    /** Stores the version and appends it to the configuration change feed, in the caller's transaction. */
    private Uni<io.laurel.proto.program.v1.MilestoneProgram> save(SqlConnection tx, MilestoneProgram next) {
        var proto = MilestoneProgramMapping.toProto(next);
        return programs.insert(tx, proto)
                .chain(() -> changes.append(tx, ConfigChange.newBuilder()
                        .setStoreId(proto.getStoreId())
                        .setKind(ConfigKind.CONFIG_KIND_MILESTONE_PROGRAM)
                        .setResourceId(proto.getProgramId())
                        .setVersion(proto.getVersion())
                        .setChangeTime(proto.getUpdateTime())
                        .setMilestoneProgram(proto)
                        .build()))
                .replaceWith(proto);
    }

    private static NotFoundException notFound(String programId, long version) {
        return new NotFoundException(MilestoneProgramRules.RESOURCE,
                programId + (version == 0 ? "" : " version " + version));
    }
}
