package io.laurel.platform.grpc;

import com.google.protobuf.Message;
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
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.spi.Prioritized;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Refuses every request that breaks {@link RequestShape} with {@code INVALID_ARGUMENT} and a {@code BadRequest}
 * naming every bad field, before the service's code runs — for every RPC of the service it is part of. Methods
 * whose contract answers bad items of a batch one by one (progress' event ingestion) are named in
 * {@code laurel.request-shape.per-item-methods} and check each item themselves with {@link RequestShape}.
 */
@ApplicationScoped
@GlobalInterceptor
public class RequestShapeInterceptor implements ServerInterceptor, Prioritized {

    private final RequestShape shape;
    private final GrpcErrors errors;
    private final Set<String> perItemMethods;

    public RequestShapeInterceptor(
            @ConfigProperty(name = "quarkus.application.name", defaultValue = "laurel") String serviceName,
            @ConfigProperty(name = "laurel.request-shape.per-item-methods") Optional<List<String>> perItemMethods) {
        this.shape = new RequestShape();
        this.errors = new GrpcErrors(serviceName + ".laurel.io");
        this.perItemMethods = Set.copyOf(perItemMethods.orElse(List.of()));
    }

    /** Runs before the other interceptors: a refused request costs nothing further. */
    @Override
    public int getPriority() {
        return Integer.MAX_VALUE - 10;
    }

    @Override
    public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(ServerCall<ReqT, RespT> call, Metadata headers,
                                                                 ServerCallHandler<ReqT, RespT> next) {
        if (perItemMethods.contains(call.getMethodDescriptor().getFullMethodName())) {
            return next.startCall(call, headers);
        }
        return new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(next.startCall(call, headers)) {
            private boolean refused;

            @Override
            public void onMessage(ReqT message) {
                if (refused) {
                    return;
                }
                List<FieldViolation> violations = message instanceof Message m ? shape.violations(m) : List.of();
                if (violations.isEmpty()) {
                    super.onMessage(message);
                    return;
                }
                refused = true;
                StatusRuntimeException status = errors.toStatusRuntimeException(
                        new InvalidArgumentException(violations));
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
