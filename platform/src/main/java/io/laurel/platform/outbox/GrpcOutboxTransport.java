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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Delivers outbox messages as unary gRPC calls. The payload is already the serialized request, so
 * one byte-passing transport serves every destination and method; success is an OK answer whose
 * items (for a method with an {@link OutboxBatching}) were not refused. Messages to a method with a
 * batching go several per call.
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
    private final Map<String, OutboxBatching> batchings;
    private final Map<String, MethodDescriptor<byte[], byte[]>> methods = new ConcurrentHashMap<>();

    /** @param channels the channel to each destination service by name; throws if unknown */
    public GrpcOutboxTransport(Function<String, Channel> channels, Duration deadline) {
        this(channels, deadline, List.of(new IngestEventsBatching(),
                AllOrNothingBatching.qualifyingActivities(), AllOrNothingBatching.earnForOrders(),
                AllOrNothingBatching.issueRewards()));
    }

    public GrpcOutboxTransport(Function<String, Channel> channels, Duration deadline, List<OutboxBatching> batchings) {
        this.channels = channels;
        this.deadline = deadline;
        this.batchings = batchings.stream().collect(Collectors.toMap(OutboxBatching::method, b -> b));
    }

    @Override
    public Uni<Void> deliver(OutboxMessage message) {
        return deliverAll(List.of(message)).map(failures -> {
            if (failures.getFirst() != null) {
                throw failures.getFirst() instanceof RuntimeException e ? e : new IllegalStateException(failures.getFirst());
            }
            return null;
        });
    }

    @Override
    public Uni<List<Throwable>> deliverAll(List<OutboxMessage> messages) {
        // groups of messages that go in one call, each remembering where its members sit in messages
        Map<OutboxMessage, Integer> position = new IdentityHashMap<>();
        Map<String, List<OutboxMessage>> batchable = new LinkedHashMap<>();
        List<List<OutboxMessage>> calls = new ArrayList<>();
        for (int i = 0; i < messages.size(); i++) {
            OutboxMessage m = messages.get(i);
            position.put(m, i);
            if (batchings.containsKey(m.method())) {
                batchable.computeIfAbsent(m.destination() + "\u0000" + m.method(), k -> new ArrayList<>()).add(m);
            } else {
                calls.add(List.of(m));
            }
        }
        for (List<OutboxMessage> sameMethod : batchable.values()) {
            calls.addAll(batchings.get(sameMethod.getFirst().method()).group(sameMethod));
        }
        Throwable[] outcome = new Throwable[messages.size()];
        List<Uni<Void>> all = new ArrayList<>();
        for (List<OutboxMessage> group : calls) {
            all.add(deliverGroup(group).invoke(failures -> {
                for (int i = 0; i < group.size(); i++) {
                    outcome[position.get(group.get(i))] = failures.get(i);
                }
            }).replaceWithVoid());
        }
        if (all.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return Uni.join().all(all).andFailFast().map(ignored -> Arrays.asList(outcome));
    }

    /** One call for {@code group}; when a merged call is refused as a whole, each member goes alone. */
    private Uni<List<Throwable>> deliverGroup(List<OutboxMessage> group) {
        OutboxMessage first = group.getFirst();
        OutboxBatching batching = batchings.get(first.method());
        byte[] request;
        try {
            request = batching == null ? first.payload() : batching.merge(group);
        } catch (RuntimeException e) {
            return Uni.createFrom().item(Collections.<Throwable>nCopies(group.size(), e));
        }
        return call(first.destination(), batching == null ? first.method() : batching.callMethod(group), request)
                .map(response -> batching == null ? Collections.<Throwable>singletonList(null)
                        : new ArrayList<Throwable>(batching.refusals(group, response)))
                .onFailure().recoverWithUni(failure -> {
                    if (group.size() > 1 && DeliveryFailure.of(failure) != DeliveryFailure.TRANSIENT) {
                        List<Uni<List<Throwable>>> alone = group.stream().map(m -> deliverGroup(List.of(m))).toList();
                        return Uni.join().all(alone).andFailFast()
                                .map(lists -> lists.stream().map(List::getFirst).toList());
                    }
                    return Uni.createFrom().item(Collections.<Throwable>nCopies(group.size(), failure));
                });
    }

    private Uni<byte[]> call(String destination, String methodName, byte[] request) {
        Channel channel;
        try {
            channel = channels.apply(destination);
        } catch (RuntimeException e) {
            return Uni.createFrom().failure(e);
        }
        MethodDescriptor<byte[], byte[]> method = methods.computeIfAbsent(methodName,
                name -> MethodDescriptor.<byte[], byte[]>newBuilder(BYTES, BYTES)
                        .setType(MethodDescriptor.MethodType.UNARY)
                        .setFullMethodName(name)
                        .build());
        return Uni.createFrom().emitter(emitter -> ClientCalls.asyncUnaryCall(
                channel.newCall(method, CallOptions.DEFAULT.withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS)),
                request,
                new StreamObserver<>() {
                    private byte[] response = new byte[0];

                    @Override
                    public void onNext(byte[] value) {
                        response = value;
                    }

                    @Override
                    public void onError(Throwable t) {
                        emitter.fail(t);
                    }

                    @Override
                    public void onCompleted() {
                        emitter.complete(response);
                    }
                }));
    }
}
