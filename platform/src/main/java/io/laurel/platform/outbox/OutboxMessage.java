package io.laurel.platform.outbox;

import com.google.protobuf.Message;
import io.grpc.MethodDescriptor;
import java.util.Objects;

/**
 * A request to deliver to another service: the unary gRPC {@code method} of service
 * {@code destination}, with {@code payload} as its serialized request. {@code key} makes enqueueing
 * idempotent per destination; the payload carries its own {@code request_id} so the receiver is
 * idempotent too.
 */
public record OutboxMessage(String destination, String method, byte[] payload, String key) {

    public OutboxMessage {
        Objects.requireNonNull(destination, "destination");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(key, "key");
    }

    public static <Req extends Message> OutboxMessage of(String destination, MethodDescriptor<Req, ?> method,
                                                         Req request, String key) {
        if (method.getType() != MethodDescriptor.MethodType.UNARY) {
            throw new IllegalArgumentException("the outbox delivers unary calls only: " + method.getFullMethodName());
        }
        return new OutboxMessage(destination, method.getFullMethodName(), request.toByteArray(), key);
    }
}
