package io.laurel.platform.idempotency;

import java.util.Objects;

/**
 * The sender's own key for a piece of work (an event id, a ledger entry id), as opposed to the
 * request's {@code request_id}: a redelivery of the same activity under any request_id carries it.
 *
 * @param scope        what kind of activity the key names, e.g. {@code tier.qualifying_activity}
 * @param key          the sender's id of the activity
 * @param reusedReason the {@code FAILED_PRECONDITION} reason when the key comes back with other
 *                     content, e.g. {@code ACTIVITY_ALREADY_RECORDED}
 */
public record BusinessKey(String storeId, String scope, String key, String reusedReason) {

    public BusinessKey {
        Objects.requireNonNull(storeId, "storeId");
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(reusedReason, "reusedReason");
    }

    /** The {@code operation} under which the key is kept in {@code laurel_idempotency}; never a message name. */
    String operation() {
        return "key:" + scope;
    }
}
