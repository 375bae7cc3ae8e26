package io.laurel.program.grpc;

import io.laurel.platform.error.Violations;
import io.laurel.platform.grpc.Paging;
import io.laurel.platform.grpc.ProtoTime;
import io.laurel.program.app.Idempotent;
import io.laurel.program.app.TierProgramUseCases;
import io.laurel.program.domain.tier.TierProgramRules;
import io.laurel.program.domain.tier.TierProgramVersion;
import io.laurel.program.mapping.TierProgramMapping;
import io.laurel.proto.program.v1.ActivateTierProgramRequest;
import io.laurel.proto.program.v1.ActivateTierProgramResponse;
import io.laurel.proto.program.v1.ArchiveTierProgramRequest;
import io.laurel.proto.program.v1.ArchiveTierProgramResponse;
import io.laurel.proto.program.v1.CreateTierProgramRequest;
import io.laurel.proto.program.v1.CreateTierProgramResponse;
import io.laurel.proto.program.v1.GetTierProgramRequest;
import io.laurel.proto.program.v1.GetTierProgramResponse;
import io.laurel.proto.program.v1.ListTierProgramVersionsRequest;
import io.laurel.proto.program.v1.ListTierProgramVersionsResponse;
import io.laurel.proto.program.v1.ListTierProgramsRequest;
import io.laurel.proto.program.v1.ListTierProgramsResponse;
import io.laurel.proto.program.v1.MutinyTierProgramServiceGrpc;
import io.laurel.proto.program.v1.UpdateTierProgramRequest;
import io.laurel.proto.program.v1.UpdateTierProgramResponse;
import io.quarkus.grpc.GrpcService;
import io.smallrye.mutiny.Uni;
import java.util.List;
import java.util.Set;

/**
 * laurel.program.v1.TierProgramService: maps proto ↔ domain and delegates to
 * {@link TierProgramUseCases}; the rules live in domain/tier. A request reaches these methods only
 * once its contract's limits hold (required ids, lengths, ranges, defined enum values: platform's
 * RequestShapeInterceptor, L-API-3).
 */
@GrpcService
public class TierProgramEndpoint extends MutinyTierProgramServiceGrpc.TierProgramServiceImplBase {

    private static final String PROGRAM = "tier_program";

    private final TierProgramUseCases programs;

    public TierProgramEndpoint(TierProgramUseCases programs) {
        this.programs = programs;
    }

    @Override
    public Uni<CreateTierProgramResponse> createTierProgram(CreateTierProgramRequest request) {
        String storeId = request.getStoreId();
        Violations v = new Violations();
        String given = request.getTierProgram().getStoreId();
        v.require(given.isEmpty() || given.equals(storeId), PROGRAM + ".store_id", "must be empty or equal to store_id");
        TierProgramVersion candidate = TierProgramMapping.fromRequest(request.getTierProgram());
        TierProgramRules.validateContextFree(candidate, TierProgramRules.FIELDS, v.nested(PROGRAM));
        v.throwIfAny();
        return programs.create(new Idempotent<>(request.getRequestId(), request, CreateTierProgramResponse.parser(),
                p -> CreateTierProgramResponse.newBuilder().setTierProgram(p).build()), storeId, candidate);
    }

    @Override
    public Uni<GetTierProgramResponse> getTierProgram(GetTierProgramRequest request) {
        return programs.get(request.getStoreId(), request.getTierProgramId(), request.getVersion())
                .map(found -> GetTierProgramResponse.newBuilder().setTierProgram(found).build());
    }

    @Override
    public Uni<ListTierProgramsResponse> listTierPrograms(ListTierProgramsRequest request) {
        Violations v = new Violations();
        int size = Paging.pageSize(request.getPageSize());
        CreatedKey before = Paging.after(v, request, 2, CreatedKey::parse).orElse(null);
        v.throwIfAny();
        return programs.list(request.getStoreId(), request.getStatusesList(), before == null ? null : before.createTime(),
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
        int size = Paging.pageSize(request.getPageSize());
        long beforeVersion = Paging.after(v, request, 1, key -> Long.parseLong(key.get(0))).orElse(0L);
        v.throwIfAny();
        return programs.versions(request.getStoreId(), request.getTierProgramId(), beforeVersion, size + 1)
                .map(rows -> {
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
        // tier_program_id lives in the program message, output only on creation: required here
        v.require(!programId.isEmpty(), PROGRAM + ".tier_program_id", "is required: it names the program to change");
        String given = request.getTierProgram().getStoreId();
        v.require(given.isEmpty() || given.equals(storeId), PROGRAM + ".store_id", "must be empty or equal to store_id");
        List<String> mask = request.getUpdateMask().getPathsList();
        Set<String> fields = TierProgramMapping.maskedFields(mask, v);
        TierProgramVersion input = TierProgramMapping.fromRequest(request.getTierProgram());
        TierProgramRules.validateContextFree(input, fields, v.nested(PROGRAM));
        v.throwIfAny();
        return programs.update(new Idempotent<>(request.getRequestId(), request, UpdateTierProgramResponse.parser(),
                        p -> UpdateTierProgramResponse.newBuilder().setTierProgram(p).build()),
                storeId, programId, request.getExpectedVersion(), input, mask);
    }

    @Override
    public Uni<ActivateTierProgramResponse> activateTierProgram(ActivateTierProgramRequest request) {
        return programs.activate(new Idempotent<>(request.getRequestId(), request, ActivateTierProgramResponse.parser(),
                        p -> ActivateTierProgramResponse.newBuilder().setTierProgram(p).build()),
                request.getStoreId(), request.getTierProgramId(), request.getExpectedVersion());
    }

    @Override
    public Uni<ArchiveTierProgramResponse> archiveTierProgram(ArchiveTierProgramRequest request) {
        return programs.archive(new Idempotent<>(request.getRequestId(), request, ArchiveTierProgramResponse.parser(),
                        p -> ArchiveTierProgramResponse.newBuilder().setTierProgram(p).build()),
                request.getStoreId(), request.getTierProgramId(), request.getExpectedVersion());
    }
}
