package io.laurel.platform.outbox;

import com.google.protobuf.InvalidProtocolBufferException;
import io.laurel.proto.common.v1.FieldViolation;
import io.laurel.proto.progress.v1.EventOutcome;
import io.laurel.proto.progress.v1.EventResult;
import io.laurel.proto.progress.v1.IngestEventsRequest;
import io.laurel.proto.progress.v1.IngestEventsResponse;
import io.laurel.proto.progress.v1.ProgressServiceGrpc;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;

/**
 * progress-service's {@code IngestEvents} takes up to 500 events of one store: the relay sends the
 * events of many outbox messages of one store in one call. The merged call's {@code request_id} is
 * derived from its content, so a retry of the same group is a replay and no two different groups
 * share one; progress-service stays idempotent on each event_id whatever the grouping. Any
 * {@code REJECTED} event refuses the message that carried it (and only that one).
 */
public final class IngestEventsBatching implements OutboxBatching {

    /** The most events progress-service takes in one call. */
    public static final int MAX_EVENTS = 500;

    private static final String METHOD = ProgressServiceGrpc.getIngestEventsMethod().getFullMethodName();

    @Override
    public String method() {
        return METHOD;
    }

    @Override
    public List<List<OutboxMessage>> group(List<OutboxMessage> messages) {
        return StoreBatches.group(messages, m -> {
            IngestEventsRequest request = parse(m);
            return request == null ? null : new StoreBatches.Sized(request.getStoreId(), request.getEventsCount());
        }, MAX_EVENTS);
    }

    @Override
    public byte[] merge(List<OutboxMessage> group) {
        if (group.size() == 1) {
            return group.getFirst().payload();
        }
        IngestEventsRequest.Builder merged = IngestEventsRequest.newBuilder();
        for (OutboxMessage message : group) {
            IngestEventsRequest request = parse(message);
            merged.setStoreId(request.getStoreId()).addAllEvents(request.getEventsList());
        }
        byte[] content = merged.build().toByteArray();
        return merged.setRequestId("outbox-" + sha256(content)).build().toByteArray();
    }

    @Override
    public List<RejectedByReceiverException> refusals(List<OutboxMessage> group, byte[] response) {
        IngestEventsResponse answer;
        try {
            answer = IngestEventsResponse.parseFrom(response);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("progress-service answered IngestEvents with an unreadable response", e);
        }
        List<RejectedByReceiverException> refusals = new ArrayList<>();
        int offset = 0;
        for (OutboxMessage message : group) {
            IngestEventsRequest request = parse(message);
            int count = request == null ? 0 : request.getEventsCount();
            List<String> rejected = new ArrayList<>();
            for (EventResult result : answer.getResultsList()) {
                if (result.getIndex() >= offset && result.getIndex() < offset + count
                        && result.getOutcome() == EventOutcome.EVENT_OUTCOME_REJECTED) {
                    rejected.add("events[" + (result.getIndex() - offset) + "] " + result.getEventId() + ": "
                            + result.getViolationsList().stream().map(IngestEventsBatching::describe)
                                    .collect(Collectors.joining("; ")));
                }
            }
            refusals.add(rejected.isEmpty() ? null
                    : new RejectedByReceiverException("IngestEvents REJECTED " + String.join(" | ", rejected)));
            offset += count;
        }
        return refusals;
    }

    private static String describe(FieldViolation v) {
        return v.getField() + " " + v.getReason() + " (" + v.getDescription() + ")";
    }

    private static IngestEventsRequest parse(OutboxMessage message) {
        try {
            return IngestEventsRequest.parseFrom(message.payload());
        } catch (InvalidProtocolBufferException e) {
            return null;
        }
    }

    private static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
