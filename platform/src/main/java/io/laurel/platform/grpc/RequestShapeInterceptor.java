package io.laurel.platform.grpc;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Message;
import io.grpc.BindableService;
import io.grpc.MethodDescriptor;
import io.grpc.ServerMethodDefinition;
import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.StatusRuntimeException;
import io.laurel.platform.error.FieldViolation;
import io.laurel.platform.error.GrpcErrors;
import io.laurel.platform.error.InvalidArgumentException;
import io.quarkus.grpc.GlobalInterceptor;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.spi.Prioritized;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Refuses every request that breaks {@link RequestShape} with {@code INVALID_ARGUMENT} and a {@code BadRequest}
 * naming every bad field, before the service's code runs — for every RPC of the service it is part of — and every
 * request over {@code laurel.request-shape.max-request-bytes} (4 MiB) with {@code RESOURCE_EXHAUSTED} saying the
 * limit (the transport's own limit, {@code quarkus.grpc.server.max-inbound-message-size}, is set higher so that such
 * a request reaches this answer instead of the transport's bare one). Methods
 * whose contract answers bad items of a batch one by one (progress' event ingestion) are named in
 * {@code laurel.request-shape.per-item-methods}: here only the fields outside the items (the repeated message
 * fields) and the size of each item list are checked ({@link RequestShape#violationsOutsideItems}), and the
 * service checks each item with {@link RequestShape#faults} to answer it on its own.
 */
@ApplicationScoped
@GlobalInterceptor
public class RequestShapeInterceptor implements ServerInterceptor, Prioritized {

    private static final Logger LOG = Logger.getLogger(RequestShapeInterceptor.class);

    private volatile RequestShape shape;
    private final GrpcErrors errors;
    private final Set<String> perItemMethods;
    private final int maxRequestBytes;

    public RequestShapeInterceptor(
            @ConfigProperty(name = "quarkus.application.name", defaultValue = "laurel") String serviceName,
            @ConfigProperty(name = "laurel.request-shape.per-item-methods") Optional<List<String>> perItemMethods,
            @ConfigProperty(name = "laurel.request-shape.max-request-bytes", defaultValue = "4194304") int maxRequestBytes) {
        this.shape = new RequestShape();
        this.errors = new GrpcErrors(serviceName + ".laurel.io");
        this.perItemMethods = Set.copyOf(perItemMethods.orElse(List.of()));
        this.maxRequestBytes = maxRequestBytes;
    }

    /**
     * Compiles the contract rules of every request this service serves before it takes calls (startup runs before
     * the server listens), instead of on an event loop at each type's first call — there, progress' event batch took
     * seconds to compile, stalling every call on that loop meanwhile.
     */
    void compileAtStartup(@Observes StartupEvent started, @Any Instance<BindableService> services) {
        long begun = System.nanoTime();
        Set<Descriptor> types = new LinkedHashSet<>();
        for (BindableService service : services) {
            for (ServerMethodDefinition<?, ?> method : service.bindService().getMethods()) {
                if (method.getMethodDescriptor().getRequestMarshaller() instanceof MethodDescriptor.PrototypeMarshaller<?> m
                        && m.getMessagePrototype() instanceof Message prototype) {
                    types.add(prototype.getDescriptorForType());
                }
            }
        }
        shape = new RequestShape(List.copyOf(types));
        LOG.debugf("contract rules of %d request types compiled in %d ms", types.size(),
                (System.nanoTime() - begun) / 1_000_000);
    }

    /**
     * The shape this service's requests are checked with, their rules compiled at startup (the messages they contain
     * included): for a per-item method to check each of its items with, on the same compiled rules.
     */
    public RequestShape shape() {
        return shape;
    }

    /** Runs before the other interceptors: a refused request costs nothing further. */
    @Override
    public int getPriority() {
        return Integer.MAX_VALUE - 10;
    }

    @Override
    public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(ServerCall<ReqT, RespT> call, Metadata headers,
                                                                 ServerCallHandler<ReqT, RespT> next) {
        boolean perItem = perItemMethods.contains(call.getMethodDescriptor().getFullMethodName());
        return new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(next.startCall(call, headers)) {
            private boolean refused;

            @Override
            public void onMessage(ReqT message) {
                if (refused) {
                    return;
                }
                if (!(message instanceof Message request)) {
                    super.onMessage(message);
                    return;
                }
                StatusRuntimeException status;
                int size = request.getSerializedSize();
                if (size > maxRequestBytes) {
                    status = errors.requestTooLarge(size, maxRequestBytes);
                } else {
                    List<FieldViolation> violations =
                            perItem ? shape.violationsOutsideItems(request) : shape.violations(request);
                    if (violations.isEmpty()) {
                        super.onMessage(message);
                        return;
                    }
                    status = errors.toStatusRuntimeException(new InvalidArgumentException(violations));
                }
                refused = true;
                try {
                    call.close(status.getStatus(), status.getTrailers() == null ? new Metadata() : status.getTrailers());
                } catch (IllegalStateException alreadyClosed) {
                    // the caller went away first
                }
            }

            @Override
            public void onHalfClose() {
                if (!refused) {
                    super.onHalfClose();
                }
            }
        };
    }
}
