package io.laurel.platform.outbox;

import io.laurel.platform.error.Violations;
import io.laurel.platform.grpc.Paging;
import io.laurel.platform.grpc.ProtoTime;
import io.laurel.proto.platform.v1.ListParkedMessagesRequest;
import io.laurel.proto.platform.v1.ListParkedMessagesResponse;
import io.laurel.proto.platform.v1.OutboxService;
import io.laurel.proto.platform.v1.ParkedMessage;
import io.laurel.proto.platform.v1.ReplayParkedMessagesRequest;
import io.laurel.proto.platform.v1.ReplayParkedMessagesResponse;
import io.quarkus.grpc.GrpcService;
import io.smallrye.mutiny.Uni;
import java.util.List;
import org.jboss.logging.Logger;

/** {@code laurel.platform.v1.OutboxService}: every service lists and replays its own parked messages. */
@GrpcService
public class OutboxEndpoint implements OutboxService {

    private static final Logger LOG = Logger.getLogger(OutboxEndpoint.class);

    private final ParkedMessages parked;

    public OutboxEndpoint(ParkedMessages parked) {
        this.parked = parked;
    }

    @Override
    public Uni<ListParkedMessagesResponse> listParkedMessages(ListParkedMessagesRequest request) {
        Violations v = new Violations();
        int size = Paging.pageSize(request.getPageSize());
        long after = Paging.after(v, request, 1, key -> Long.parseLong(key.getFirst())).orElse(0L);
        v.throwIfAny();
        return parked.list(after, size + 1).map(page -> {
            ListParkedMessagesResponse.Builder response = ListParkedMessagesResponse.newBuilder();
            List<ParkedMessages.Parked> shown = page.size() > size ? page.subList(0, size) : page;
            for (ParkedMessages.Parked p : shown) {
                response.addMessages(ParkedMessage.newBuilder()
                        .setMessageId(p.id()).setDestination(p.destination()).setMethod(p.method())
                        .setMessageKey(p.key()).setAttempts(p.attempts())
                        .setLastError(p.lastError() == null ? "" : p.lastError())
                        .setCreateTime(ProtoTime.toProto(p.createdAt()))
                        .setParkTime(ProtoTime.toProto(p.parkedAt())));
            }
            if (page.size() > size) {
                response.setNextPageToken(Paging.next(request, List.of(Long.toString(shown.getLast().id()))));
            }
            return response.build();
        });
    }

    @Override
    public Uni<ReplayParkedMessagesResponse> replayParkedMessages(ReplayParkedMessagesRequest request) {
        Violations v = new Violations();
        v.require(request.getAll() || request.getMessageIdsCount() > 0, "message_ids", "name the messages to replay, or set all");
        v.require(!(request.getAll() && request.getMessageIdsCount() > 0), "all", "must not be set together with message_ids");
        v.throwIfAny();
        return parked.replay(request.getMessageIdsList(), request.getAll()).map(count -> {
            LOG.infof("replayed %d parked outbox message(s) (request %s)", count, request.getRequestId());
            return ReplayParkedMessagesResponse.newBuilder().setReplayedCount(count).build();
        });
    }
}
