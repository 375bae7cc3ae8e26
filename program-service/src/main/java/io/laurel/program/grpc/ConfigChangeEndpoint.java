package io.laurel.program.grpc;

import io.laurel.platform.error.Violations;
import io.laurel.platform.grpc.Paging;
import io.laurel.program.feed.ConfigFeed;
import io.laurel.program.store.ConfigChangeRepository;
import io.laurel.program.store.ConfigChangeRepository.ResourceKey;
import io.laurel.proto.program.v1.ListCurrentConfigRequest;
import io.laurel.proto.program.v1.ListCurrentConfigResponse;
import io.laurel.proto.program.v1.MutinyConfigChangeServiceGrpc;
import io.laurel.proto.program.v1.WatchConfigChangesRequest;
import io.laurel.proto.program.v1.WatchConfigChangesResponse;
import io.quarkus.grpc.GrpcService;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import java.util.List;

/** laurel.program.v1.ConfigChangeService: the configuration change feed other services follow. */
@GrpcService
public class ConfigChangeEndpoint extends MutinyConfigChangeServiceGrpc.ConfigChangeServiceImplBase {

    private final Pool pool;
    private final ConfigFeed feed;
    private final ConfigChangeRepository changes;

    public ConfigChangeEndpoint(Pool pool, ConfigFeed feed, ConfigChangeRepository changes) {
        this.pool = pool;
        this.feed = feed;
        this.changes = changes;
    }

    @Override
    public Multi<WatchConfigChangesResponse> watchConfigChanges(WatchConfigChangesRequest request) {
        // after_sequence ≥ 0 and at most 1000 non-empty store ids: the contract's
        return feed.watch(request.getAfterSequence(), request.getStoreIdsList());
    }

    @Override
    public Uni<ListCurrentConfigResponse> listCurrentConfig(ListCurrentConfigRequest request) {
        Violations v = new Violations();
        int pageSize = Paging.pageSize(request.getPageSize());
        // the token carries the last resource of the previous page and the snapshot sequence
        Resume after = Paging.after(v, request, 4, Resume::parse).orElse(null);
        v.throwIfAny();
        ResourceKey from = after == null ? ResourceKey.FIRST : after.from();
        Uni<Long> snapshot = after == null ? changes.latestSequence(pool) : Uni.createFrom().item(after.snapshotSequence());
        return snapshot.flatMap(sequence -> changes.current(pool, request.getStoreIdsList(), from, pageSize + 1)
                .map(rows -> {
                    var page = Paging.page(request, rows, pageSize, lastChange -> {
                        ResourceKey last = ConfigChangeRepository.keyOf(lastChange);
                        return List.of(last.storeId(), last.kind(), last.resourceId(), Long.toString(sequence));
                    });
                    return ListCurrentConfigResponse.newBuilder().setSnapshotSequence(sequence)
                            .addAllItems(page.items()).setNextPageToken(page.nextPageToken()).build();
                }));
    }

    /** Where a page token resumes: after this resource, in this snapshot. */
    private record Resume(ResourceKey from, long snapshotSequence) {

        static Resume parse(List<String> key) {
            return new Resume(new ResourceKey(key.get(0), key.get(1), key.get(2)), Long.parseLong(key.get(3)));
        }
    }
}
