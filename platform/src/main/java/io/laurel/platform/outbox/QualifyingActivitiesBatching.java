package io.laurel.platform.outbox;

import com.google.protobuf.InvalidProtocolBufferException;
import io.laurel.proto.tier.v1.RecordQualifyingActivitiesRequest;
import io.laurel.proto.tier.v1.RecordQualifyingActivityRequest;
import io.laurel.proto.tier.v1.TierServiceGrpc;
import java.util.Collections;
import java.util.List;

/**
 * tier-service's {@code RecordQualifyingActivity} messages (from progress-service's orders and
 * reward-service's points) go up to 500 of one store a call, through {@code RecordQualifyingActivities}:
 * each activity keeps its own request_id, so the grouping changes nothing for idempotency. The call is
 * all or nothing: an OK answer recorded every member, and a refusal sends each member alone through
 * {@code RecordQualifyingActivity} (the transport's fallback), so only the bad one is parked.
 */
public final class QualifyingActivitiesBatching implements OutboxBatching {

    /** The most activities tier-service takes in one call. */
    public static final int MAX_ACTIVITIES = 500;

    private static final String METHOD = TierServiceGrpc.getRecordQualifyingActivityMethod().getFullMethodName();
    private static final String BATCH_METHOD = TierServiceGrpc.getRecordQualifyingActivitiesMethod().getFullMethodName();

    @Override
    public String method() {
        return METHOD;
    }

    @Override
    public String callMethod(List<OutboxMessage> group) {
        return group.size() == 1 ? METHOD : BATCH_METHOD;
    }

    @Override
    public List<List<OutboxMessage>> group(List<OutboxMessage> messages) {
        return StoreBatches.group(messages, m -> {
            RecordQualifyingActivityRequest request = parse(m);
            return request == null ? null : request.getStoreId();
        }, m -> 1, MAX_ACTIVITIES);
    }

    @Override
    public byte[] merge(List<OutboxMessage> group) {
        if (group.size() == 1) {
            return group.getFirst().payload();
        }
        RecordQualifyingActivitiesRequest.Builder merged = RecordQualifyingActivitiesRequest.newBuilder();
        for (OutboxMessage message : group) {
            RecordQualifyingActivityRequest activity = parse(message);
            merged.setStoreId(activity.getStoreId()).addActivities(activity);
        }
        return merged.build().toByteArray();
    }

    @Override
    public List<RejectedByReceiverException> refusals(List<OutboxMessage> group, byte[] response) {
        return Collections.nCopies(group.size(), null); // all or nothing: OK means every member was recorded
    }

    private static RecordQualifyingActivityRequest parse(OutboxMessage message) {
        try {
            return RecordQualifyingActivityRequest.parseFrom(message.payload());
        } catch (InvalidProtocolBufferException e) {
            return null;
        }
    }
}
