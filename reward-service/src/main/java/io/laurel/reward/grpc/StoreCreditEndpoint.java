package io.laurel.reward.grpc;

import io.laurel.platform.error.Violations;
import io.laurel.platform.grpc.Paging;
import io.laurel.platform.idempotency.Idempotency;
import io.laurel.reward.app.StoreCredits;
import io.laurel.reward.domain.StoreCreditEntry;
import io.laurel.reward.mapping.RewardMapping;
import io.laurel.reward.mapping.RewardRequests;
import io.laurel.proto.reward.v1.AdjustStoreCreditRequest;
import io.laurel.proto.reward.v1.AdjustStoreCreditResponse;
import io.laurel.proto.reward.v1.ListStoreCreditEntriesRequest;
import io.laurel.proto.reward.v1.ListStoreCreditEntriesResponse;
import io.laurel.proto.reward.v1.MutinyStoreCreditServiceGrpc;
import io.quarkus.grpc.GrpcService;
import io.smallrye.mutiny.Uni;
import java.util.List;
import java.util.TreeSet;

/**
 * laurel.reward.v1.StoreCreditService: checks what the contract leaves to it, delegates to {@link StoreCredits}.
 * Each request's shape is its contract's, checked before this runs.
 */
@GrpcService
public class StoreCreditEndpoint extends MutinyStoreCreditServiceGrpc.StoreCreditServiceImplBase {

    private final StoreCredits credits;
    private final Idempotency idempotency;

    public StoreCreditEndpoint(StoreCredits credits, Idempotency idempotency) {
        this.credits = credits;
        this.idempotency = idempotency;
    }

    @Override
    public Uni<ListStoreCreditEntriesResponse> listStoreCreditEntries(ListStoreCreditEntriesRequest request) {
        Violations v = new Violations();
        // each a defined kind: the contract's
        TreeSet<String> kinds = new TreeSet<>();
        request.getKindsList().forEach(kind -> kinds.add(RewardMapping.toDomain(kind).name()));
        int size = Paging.pageSize(request.getPageSize());
        Long before = Paging.after(v, request, 1, key -> Long.parseLong(key.get(0))).orElse(null);
        v.throwIfAny();
        return credits.entries(request.getStoreId(), request.getCustomerId(),
                        kinds.isEmpty() ? null : kinds.toArray(new String[0]), before, size + 1)
                .map(rows -> {
                    Paging.Page<StoreCreditEntry> page = Paging.page(request, rows, size,
                            e -> List.of(Long.toString(e.sequence())));
                    return ListStoreCreditEntriesResponse.newBuilder()
                            .addAllEntries(page.items().stream().map(RewardMapping::toProto).toList())
                            .setNextPageToken(page.nextPageToken())
                            .build();
                });
    }

    @Override
    public Uni<AdjustStoreCreditResponse> adjustStoreCredit(AdjustStoreCreditRequest request) {
        Violations v = new Violations();
        StoreCredits.Adjust adjust = RewardRequests.adjustCredit(request, v);
        v.throwIfAny();
        return idempotency.once(request.getStoreId(), request.getRequestId(), request, AdjustStoreCreditResponse.parser(),
                tx -> credits.adjust(tx, adjust).map(entry ->
                        AdjustStoreCreditResponse.newBuilder().setEntry(RewardMapping.toProto(entry)).build()));
    }
}
