package io.laurel.platform.outbox;

import com.google.protobuf.Message;
import io.grpc.MethodDescriptor;
import java.util.Objects;

/**
 * A request to deliver to another service: the unary gRPC {@code method} of service
 * {@code destination}, with {@code payload} as its serialized request. {@code key} makes enqueueing
 * idempotent per destination and method; the payload carries its own {@code request_id} so the
 * receiver is idempotent too. {@code orderingKey} (optional, e.g. {@code store/customer}) makes the
 * relay deliver the messages sharing it, per destination, one after another in enqueue order;
 * without it messages go in any order.
 */
public record OutboxMessage(String destination, String method, byte[] payload, String key, String orderingKey) {

    public OutboxMessage {
        Objects.requireNonNull(destination, "destination");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(key, "key");
    }

    /** A message that may be delivered in any order. */
    public OutboxMessage(String destination, String method, byte[] payload, String key) {
        this(destination, method, payload, key, null);
    }

    public static <Req extends Message> OutboxMessage of(String destination, MethodDescriptor<Req, ?> method,
                                                         Req request, String key) {
        if (method.getType() != MethodDescriptor.MethodType.UNARY) {
            throw new IllegalArgumentException("the outbox delivers unary calls only: " + method.getFullMethodName());
        }
        return new OutboxMessage(destination, method.getFullMethodName(), request.toByteArray(), key);
    }

    /** This message, delivered only after every earlier message of {@code orderingKey} to the same destination. */
    public OutboxMessage orderedBy(String orderingKey) {
        return new OutboxMessage(destination, method, payload, key, Objects.requireNonNull(orderingKey, "orderingKey"));
    }
}
