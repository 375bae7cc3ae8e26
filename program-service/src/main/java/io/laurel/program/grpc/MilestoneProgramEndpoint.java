package io.laurel.program.grpc;

import io.laurel.platform.error.Violations;
import io.laurel.platform.grpc.Paging;
import io.laurel.platform.grpc.ProtoTime;
import io.laurel.program.app.Idempotent;
import io.laurel.program.app.MilestoneProgramUseCases;
import io.laurel.program.domain.milestone.MilestoneProgramRules;
import io.laurel.program.domain.milestone.MilestoneProgramVersion;
import io.laurel.program.mapping.MilestoneProgramMapping;
import io.laurel.proto.program.v1.ActivateMilestoneProgramRequest;
import io.laurel.proto.program.v1.ActivateMilestoneProgramResponse;
import io.laurel.proto.program.v1.ArchiveMilestoneProgramRequest;
import io.laurel.proto.program.v1.ArchiveMilestoneProgramResponse;
import io.laurel.proto.program.v1.CreateMilestoneProgramRequest;
import io.laurel.proto.program.v1.CreateMilestoneProgramResponse;
import io.laurel.proto.program.v1.GetMilestoneProgramRequest;
import io.laurel.proto.program.v1.GetMilestoneProgramResponse;
import io.laurel.proto.program.v1.ListMilestoneProgramVersionsRequest;
import io.laurel.proto.program.v1.ListMilestoneProgramVersionsResponse;
import io.laurel.proto.program.v1.ListMilestoneProgramsRequest;
import io.laurel.proto.program.v1.ListMilestoneProgramsResponse;
import io.laurel.proto.program.v1.MutinyMilestoneProgramServiceGrpc;
import io.laurel.proto.program.v1.PauseMilestoneProgramRequest;
import io.laurel.proto.program.v1.PauseMilestoneProgramResponse;
import io.laurel.proto.program.v1.UpdateMilestoneProgramRequest;
import io.laurel.proto.program.v1.UpdateMilestoneProgramResponse;
import io.quarkus.grpc.GrpcService;
import io.smallrye.mutiny.Uni;
import java.util.List;
import java.util.Set;

/**
 * laurel.program.v1.MilestoneProgramService: maps proto ↔ domain and delegates; the rules live in
 * domain/milestone. Every stored version also goes onto the configuration change feed in the same
 * transaction. A request reaches these methods only once its contract's limits hold (required ids,
 * lengths, ranges, defined enum values: platform's RequestShapeInterceptor, L-API-3).
 */
@GrpcService
public class MilestoneProgramEndpoint extends MutinyMilestoneProgramServiceGrpc.MilestoneProgramServiceImplBase {

    private static final String PROGRAM = "milestone_program";

    private final MilestoneProgramUseCases programs;

    public MilestoneProgramEndpoint(MilestoneProgramUseCases programs) {
        this.programs = programs;
    }

    @Override
    public Uni<CreateMilestoneProgramResponse> createMilestoneProgram(CreateMilestoneProgramRequest request) {
        String storeId = request.getStoreId();
        // R-PROG-10: every context-free rule the contract does not state, in one refusal
        Violations v = new Violations();
        String given = request.getMilestoneProgram().getStoreId();
        v.require(given.isEmpty() || given.equals(storeId), PROGRAM + ".store_id", "must be empty or equal to store_id");
        MilestoneProgramVersion candidate = MilestoneProgramMapping.fromRequest(request.getMilestoneProgram());
        MilestoneProgramRules.validateContextFree(candidate, MilestoneProgramRules.FIELDS, v.nested(PROGRAM));
        v.throwIfAny();
        return programs.create(new Idempotent<>(request.getRequestId(), request,
                CreateMilestoneProgramResponse.parser(),
                p -> CreateMilestoneProgramResponse.newBuilder().setMilestoneProgram(p).build()), storeId, candidate);
    }

    @Override
    public Uni<GetMilestoneProgramResponse> getMilestoneProgram(GetMilestoneProgramRequest request) {
        return programs.get(request.getStoreId(), request.getProgramId(), request.getVersion())
                .map(found -> GetMilestoneProgramResponse.newBuilder().setMilestoneProgram(found).build());
    }

    @Override
    public Uni<ListMilestoneProgramsResponse> listMilestonePrograms(ListMilestoneProgramsRequest request) {
        Violations v = new Violations();
        int size = Paging.pageSize(request.getPageSize());
        CreatedKey after = Paging.after(v, request, 2, CreatedKey::parse).orElse(null);
        v.throwIfAny();
        return programs.list(request.getStoreId(), request.getStatusesList(), request.getMetricsList(),
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
        int size = Paging.pageSize(request.getPageSize());
        long beforeVersion = Paging.after(v, request, 1, key -> Long.parseLong(key.get(0))).orElse(0L);
        v.throwIfAny();
        return programs.versions(request.getStoreId(), request.getProgramId(), beforeVersion, size + 1)
                .map(rows -> {
                    var page = Paging.page(request, rows, size, last -> List.of(Long.toString(last.getVersion())));
                    return ListMilestoneProgramVersionsResponse.newBuilder().addAllMilestonePrograms(page.items())
                            .setNextPageToken(page.nextPageToken()).build();
                });
    }

    @Override
    public Uni<UpdateMilestoneProgramResponse> updateMilestoneProgram(UpdateMilestoneProgramRequest request) {
        String storeId = request.getStoreId();
        String programId = request.getMilestoneProgram().getProgramId();
        // R-PROG-10: the mask and every context-free rule of the fields it sets, in one refusal
        Violations v = new Violations();
        // program_id lives in the program message, output only on creation: required here
        v.require(!programId.isEmpty(), PROGRAM + ".program_id", "is required: it names the program to change");
        String given = request.getMilestoneProgram().getStoreId();
        v.require(given.isEmpty() || given.equals(storeId), PROGRAM + ".store_id", "must be empty or equal to store_id");
        List<String> mask = request.getUpdateMask().getPathsList();
        Set<String> fields = MilestoneProgramMapping.maskedFields(mask, v);
        MilestoneProgramVersion input = MilestoneProgramMapping.fromRequest(request.getMilestoneProgram());
        MilestoneProgramRules.validateContextFree(input, fields, v.nested(PROGRAM));
        v.throwIfAny();
        return programs.update(new Idempotent<>(request.getRequestId(), request, UpdateMilestoneProgramResponse.parser(),
                        p -> UpdateMilestoneProgramResponse.newBuilder().setMilestoneProgram(p).build()),
                storeId, programId, request.getExpectedVersion(), input, mask);
    }

    @Override
    public Uni<ActivateMilestoneProgramResponse> activateMilestoneProgram(ActivateMilestoneProgramRequest request) {
        return programs.activate(new Idempotent<>(request.getRequestId(), request,
                        ActivateMilestoneProgramResponse.parser(),
                        p -> ActivateMilestoneProgramResponse.newBuilder().setMilestoneProgram(p).build()),
                request.getStoreId(), request.getProgramId(), request.getExpectedVersion());
    }

    @Override
    public Uni<PauseMilestoneProgramResponse> pauseMilestoneProgram(PauseMilestoneProgramRequest request) {
        return programs.pause(new Idempotent<>(request.getRequestId(), request, PauseMilestoneProgramResponse.parser(),
                        p -> PauseMilestoneProgramResponse.newBuilder().setMilestoneProgram(p).build()),
                request.getStoreId(), request.getProgramId(), request.getExpectedVersion());
    }

    @Override
    public Uni<ArchiveMilestoneProgramResponse> archiveMilestoneProgram(ArchiveMilestoneProgramRequest request) {
        return programs.archive(new Idempotent<>(request.getRequestId(), request,
                        ArchiveMilestoneProgramResponse.parser(),
                        p -> ArchiveMilestoneProgramResponse.newBuilder().setMilestoneProgram(p).build()),
                request.getStoreId(), request.getProgramId(), request.getExpectedVersion());
    }
}
