package io.laurel.devstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.protobuf.Any;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.MethodDescriptor;
import com.google.protobuf.Descriptors.ServiceDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.BadRequest;
import grpc.health.v1.HealthGrpc;
import grpc.health.v1.HealthOuterClass.HealthCheckRequest;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.ProtoServiceDescriptorSupplier;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.StreamObserver;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * How every Laurel service meets input no client should send, checked the same way in each, for every RPC of the
 * gRPC services it names, from their descriptors: never {@code INTERNAL}, {@code UNKNOWN} or {@code UNAVAILABLE};
 * every {@code INVALID_ARGUMENT} carries a {@code BadRequest} with field paths; no answer is large; and the service
 * still answers a normal call on the same connection afterwards (nothing stalls). A service's test extends it:
 * <pre>{@code
 * @QuarkusTest @WithTestResource(...)
 * class HostileInputTest extends HostileInputContract {
 *     HostileInputTest() { super(LedgerServiceGrpc.getServiceDescriptor(), ...); }
 * }
 * }</pre>
 * The fuzz run is seeded: {@code -Dlaurel.fuzz.seed=N} (default 20261202) and {@code -Dlaurel.fuzz.count=N} calls
 * per RPC (default 25; raise it to run longer).
 */
public abstract class HostileInputContract {

    private static final Set<Status.Code> NEVER = Set.of(Status.Code.INTERNAL, Status.Code.UNKNOWN,
            Status.Code.UNAVAILABLE);
    /** Larger than any answer about bad input needs to be. */
    private static final int MAX_TRAILER_BYTES = 8 * 1024;

    private final List<ServiceDescriptor> services = new ArrayList<>();
    private ManagedChannel channel;

    /** @param services the gRPC services to drive ({@code XxxServiceGrpc.getServiceDescriptor()}) */
    protected HostileInputContract(io.grpc.ServiceDescriptor... services) {
        for (io.grpc.ServiceDescriptor service : services) {
            this.services.add(((ProtoServiceDescriptorSupplier) service.getSchemaDescriptor()).getServiceDescriptor());
        }
    }

    protected int port() {
        return ConfigProvider.getConfig().getValue("quarkus.http.test-port", Integer.class);
    }

    /**
     * Methods that answer bad items of a batch one by one in their response instead of failing the call: the
     * service's {@code laurel.request-shape.per-item-methods}. They are fuzzed too, but a NUL in an item is not
     * expected to fail the call.
     */
    protected Set<String> perItemMethods() {
        return Set.copyOf(ConfigProvider.getConfig()
                .getOptionalValues("laurel.request-shape.per-item-methods", String.class).orElse(List.of()));
    }

    @BeforeEach
    void connect() {
        channel = ManagedChannelBuilder.forAddress("localhost", port()).usePlaintext()
                .maxInboundMessageSize(16 << 20).build();
    }

    @AfterEach
    void disconnect() {
        channel.shutdownNow();
    }

    @Test
    void aNulInAnyIdIsInvalidArgumentNamingThatField() {
        for (MethodDescriptor method : methods()) {
            if (perItemMethods().contains(fullName(method))) {
                continue;
            }
            for (FieldDescriptor field : method.getInputType().getFields()) {
                if (field.getName().endsWith("_id") && field.getJavaType() == FieldDescriptor.JavaType.STRING
                        && !field.isRepeated()) {
                    DynamicMessage request = DynamicMessage.newBuilder(method.getInputType())
                            .setField(field, "id\u0000with-nul").build();
                    StatusRuntimeException refused = call(method, request).orElseFail(fullName(method));
                    assertEquals(Status.Code.INVALID_ARGUMENT, refused.getStatus().getCode(),
                            fullName(method) + " " + field.getName() + ": " + refused.getStatus());
                    assertTrue(badFields(refused).contains(field.getName()),
                            fullName(method) + " names " + badFields(refused) + ", not " + field.getName());
                }
            }
        }
    }

    @Test
    void aHugeIdGetsASmallAnswerAndTheConnectionKeepsServing() {
        String huge = "h".repeat(60_000);
        for (MethodDescriptor method : methods()) {
            FieldDescriptor store = method.getInputType().findFieldByName("store_id");
            if (store == null || perItemMethods().contains(fullName(method))) {
                continue;
            }
            DynamicMessage request = DynamicMessage.newBuilder(method.getInputType()).setField(store, huge).build();
            StatusRuntimeException refused = call(method, request).orElseFail(fullName(method));
            assertEquals(Status.Code.INVALID_ARGUMENT, refused.getStatus().getCode(),
                    fullName(method) + ": " + refused.getStatus());
            assertTrue(badFields(refused).contains("store_id"), fullName(method) + " names " + badFields(refused));
            assertTrue(trailerBytes(refused) < MAX_TRAILER_BYTES, fullName(method) + " answered "
                    + trailerBytes(refused) + " bytes of trailers");
            assertServes();
        }
    }

    @Test
    void aRequestOverTheSizeLimitIsResourceExhaustedSayingTheLimit() {
        MethodDescriptor method = methods().getFirst();
        FieldDescriptor text = method.getInputType().getFields().stream()
                .filter(f -> f.getJavaType() == FieldDescriptor.JavaType.STRING && !f.isRepeated())
                .findFirst().orElseThrow();
        DynamicMessage request = DynamicMessage.newBuilder(method.getInputType())
                .setField(text, "z".repeat(5 << 20)).build();
        StatusRuntimeException refused = call(method, request).orElseFail(fullName(method));
        assertEquals(Status.Code.RESOURCE_EXHAUSTED, refused.getStatus().getCode(), refused.getStatus().toString());
        assertTrue(String.valueOf(refused.getStatus().getDescription()).contains("limit"),
                "says the limit: " + refused.getStatus());
        assertServes();
    }

    @Test
    void fuzzedRequestsNeverGetInternalUnknownOrUnavailable() {
        long seed = Long.getLong("laurel.fuzz.seed", 20261202L);
        int count = Integer.getInteger("laurel.fuzz.count", 25);
        HostileMessages messages = new HostileMessages(new Random(seed), 4);
        for (MethodDescriptor method : methods()) {
            for (int i = 0; i < count; i++) {
                DynamicMessage request = messages.next(method.getInputType());
                Answer answer = call(method, request);
                if (answer.failure() == null) {
                    continue;
                }
                Status status = answer.failure().getStatus();
                String what = fullName(method) + " (seed " + seed + ", call " + i + ") answered " + status
                        + " to a request of " + request.getSerializedSize() + " bytes: " + abbreviate(request.toString());
                assertFalse(NEVER.contains(status.getCode()), what);
                assertFalse(status.getCode() == Status.Code.DEADLINE_EXCEEDED && !answer.streaming(), what);
                if (status.getCode() == Status.Code.INVALID_ARGUMENT) {
                    assertFalse(badFields(answer.failure()).isEmpty(), "no BadRequest field paths: " + what);
                }
                assertTrue(trailerBytes(answer.failure()) < MAX_TRAILER_BYTES, "large trailers: " + what);
            }
            assertServes();
        }
    }

    /** A normal call on the same channel answers at once. */
    protected void assertServes() {
        HealthGrpc.newBlockingStub(channel).withDeadlineAfter(5, TimeUnit.SECONDS)
                .check(HealthCheckRequest.getDefaultInstance());
    }

    private List<MethodDescriptor> methods() {
        return services.stream().flatMap(s -> s.getMethods().stream()).toList();
    }

    private static String fullName(MethodDescriptor method) {
        return method.getService().getFullName() + "/" + method.getName();
    }

    /** What a call answered: nothing to report (success, or a streaming call that kept streaming), or a failure. */
    record Answer(StatusRuntimeException failure, boolean streaming) {
        StatusRuntimeException orElseFail(String what) {
            if (failure == null) {
                fail(what + " accepted it");
            }
            return failure;
        }
    }

    private Answer call(MethodDescriptor method, DynamicMessage request) {
        io.grpc.MethodDescriptor.MethodType type = method.isClientStreaming()
                ? io.grpc.MethodDescriptor.MethodType.CLIENT_STREAMING
                : method.isServerStreaming() ? io.grpc.MethodDescriptor.MethodType.SERVER_STREAMING
                : io.grpc.MethodDescriptor.MethodType.UNARY;
        io.grpc.MethodDescriptor<DynamicMessage, DynamicMessage> grpcMethod =
                io.grpc.MethodDescriptor.<DynamicMessage, DynamicMessage>newBuilder()
                        .setType(type)
                        .setFullMethodName(io.grpc.MethodDescriptor.generateFullMethodName(
                                method.getService().getFullName(), method.getName()))
                        .setRequestMarshaller(new DynamicMarshaller(method.getInputType()))
                        .setResponseMarshaller(new DynamicMarshaller(method.getOutputType()))
                        .build();
        CallOptions options = CallOptions.DEFAULT.withDeadlineAfter(type == io.grpc.MethodDescriptor.MethodType.UNARY
                ? 20 : 3, TimeUnit.SECONDS);
        try {
            switch (type) {
                case UNARY -> ClientCalls.blockingUnaryCall(channel, grpcMethod, options, request);
                case SERVER_STREAMING -> {
                    Iterator<DynamicMessage> answers = ClientCalls.blockingServerStreamingCall(channel, grpcMethod,
                            options, request);
                    answers.hasNext();
                }
                default -> {
                    CompletableFuture<DynamicMessage> answer = new CompletableFuture<>();
                    StreamObserver<DynamicMessage> requests = ClientCalls.asyncClientStreamingCall(
                            channel.newCall(grpcMethod, options), new StreamObserver<>() {
                                @Override
                                public void onNext(DynamicMessage value) {
                                    answer.complete(value);
                                }

                                @Override
                                public void onError(Throwable t) {
                                    answer.completeExceptionally(t);
                                }

                                @Override
                                public void onCompleted() {
                                    answer.complete(null);
                                }
                            });
                    requests.onNext(request);
                    requests.onCompleted();
                    try {
                        answer.get(20, TimeUnit.SECONDS);
                    } catch (ExecutionException e) {
                        throw e.getCause();
                    }
                }
            }
            return new Answer(null, false);
        } catch (StatusRuntimeException e) {
            if (type != io.grpc.MethodDescriptor.MethodType.UNARY
                    && e.getStatus().getCode() == Status.Code.DEADLINE_EXCEEDED) {
                return new Answer(null, true); // a valid watch streams until the deadline
            }
            return new Answer(e, type != io.grpc.MethodDescriptor.MethodType.UNARY);
        } catch (TimeoutException e) {
            return new Answer(Status.DEADLINE_EXCEEDED.withDescription("no answer").asRuntimeException(), false);
        } catch (Throwable e) {
            throw new AssertionError(e);
        }
    }

    private static List<String> badFields(StatusRuntimeException failure) {
        com.google.rpc.Status status = StatusProto.fromThrowable(failure);
        if (status == null) {
            return List.of();
        }
        List<String> fields = new ArrayList<>();
        for (Any detail : status.getDetailsList()) {
            if (detail.is(BadRequest.class)) {
                try {
                    detail.unpack(BadRequest.class).getFieldViolationsList().forEach(v -> fields.add(v.getField()));
                } catch (InvalidProtocolBufferException e) {
                    throw new AssertionError(e);
                }
            }
        }
        return fields;
    }

    private static int trailerBytes(StatusRuntimeException failure) {
        Metadata trailers = failure.getTrailers();
        int size = String.valueOf(failure.getStatus().getDescription()).length();
        if (trailers != null) {
            for (String key : trailers.keys()) {
                if (key.endsWith(Metadata.BINARY_HEADER_SUFFIX)) {
                    for (byte[] value : trailers.getAll(Metadata.Key.of(key, Metadata.BINARY_BYTE_MARSHALLER))) {
                        size += value.length;
                    }
                } else {
                    for (String value : trailers.getAll(Metadata.Key.of(key, Metadata.ASCII_STRING_MARSHALLER))) {
                        size += value.length();
                    }
                }
            }
        }
        return size;
    }

    private static String abbreviate(String text) {
        return text.length() > 300 ? text.substring(0, 150) + " … " + text.substring(text.length() - 150) : text;
    }

    /** Serialises any message of one type, read back as a {@link DynamicMessage} of that type. */
    private record DynamicMarshaller(Descriptor type) implements io.grpc.MethodDescriptor.Marshaller<DynamicMessage> {
        @Override
        public InputStream stream(DynamicMessage value) {
            return new ByteArrayInputStream(value.toByteArray());
        }

        @Override
        public DynamicMessage parse(InputStream stream) {
            try {
                return DynamicMessage.parseFrom(type, stream);
            } catch (IOException e) {
                throw Status.INTERNAL.withDescription("unreadable answer").withCause(e).asRuntimeException();
            }
        }
    }
}
