package io.laurel.platform.outbox;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.MethodDescriptor;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.StreamObserver;
import io.smallrye.mutiny.Uni;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Delivers outbox messages as unary gRPC calls. The payload is already the serialized request, so
 * one byte-passing transport serves every destination and method; success is any OK answer.
 */
public final class GrpcOutboxTransport implements OutboxTransport {

    private static final MethodDescriptor.Marshaller<byte[]> BYTES = new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(byte[] value) {
            return new ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
            try {
                return stream.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    };

    private final Function<String, Channel> channels;
    private final Duration deadline;
    private final Map<String, MethodDescriptor<byte[], byte[]>> methods = new ConcurrentHashMap<>();

    /** @param channels the channel to each destination service by name; throws if unknown */
    public GrpcOutboxTransport(Function<String, Channel> channels, Duration deadline) {
        this.channels = channels;
        this.deadline = deadline;
    }

    @Override
    public Uni<Void> deliver(OutboxMessage message) {
        Channel channel = channels.apply(message.destination());
        MethodDescriptor<byte[], byte[]> method = methods.computeIfAbsent(message.method(),
                name -> MethodDescriptor.<byte[], byte[]>newBuilder(BYTES, BYTES)
                        .setType(MethodDescriptor.MethodType.UNARY)
                        .setFullMethodName(name)
                        .build());
        return Uni.createFrom().emitter(emitter -> ClientCalls.asyncUnaryCall(
                channel.newCall(method, CallOptions.DEFAULT.withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS)),
                message.payload(),
                new StreamObserver<>() {
                    @Override
                    public void onNext(byte[] value) {
                    }

                    @Override
                    public void onError(Throwable t) {
                        emitter.fail(t);
                    }

                    @Override
                    public void onCompleted() {
                        emitter.complete(null);
                    }
                }));
    }
}
