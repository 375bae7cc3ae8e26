package io.laurel.platform.outbox;

import java.util.List;

/**
 * How one receiving RPC that takes a batch (e.g. progress-service's {@code IngestEvents}) gets many
 * outbox messages in one call: which messages may share a call, how their requests merge, and
 * which members a response refuses.
 */
public interface OutboxBatching {

    /** The full gRPC method name this batching serves. */
    String method();

    /** Splits {@code messages} (all to one destination, this method) into groups that may each go in one call. */
    List<List<OutboxMessage>> group(List<OutboxMessage> messages);

    /**
     * The full gRPC method {@code group}'s call goes to: {@link #method()} unless the receiver takes
     * batches through another RPC (a lone member may still go through the method it was queued for).
     */
    default String callMethod(List<OutboxMessage> group) {
        return method();
    }

    /** The one request carrying every member of {@code group}. */
    byte[] merge(List<OutboxMessage> group);

    /**
     * The member refusals in {@code response} to the call that carried {@code group} (a single
     * member's own payload or the merged one): one entry per member, null where it was accepted.
     */
    List<RejectedByReceiverException> refusals(List<OutboxMessage> group, byte[] response);
}
