package io.laurel.platform.grpc;

import io.grpc.ForwardingServerCall;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.quarkus.grpc.GlobalInterceptor;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * One structured line per gRPC call this service serves, at DEBUG on the logger {@value #CATEGORY}
 * (switch it on with {@code quarkus.log.category."laurel.requests".level=DEBUG}). The fields go into
 * the MDC for the line, so JSON logs carry them as fields ({@code grpc_method}, {@code grpc_status},
 * {@code duration_ms}) next to the trace id OpenTelemetry adds; text logs show them in the message.
 * Costs nothing while the level is off: the call is not even wrapped.
 */
@GlobalInterceptor
@ApplicationScoped
public class RequestLog implements ServerInterceptor {

    public static final String CATEGORY = "laurel.requests";

    private static final Logger LOG = Logger.getLogger(CATEGORY);

    @Override
    public <Q, A> ServerCall.Listener<Q> interceptCall(ServerCall<Q, A> call, Metadata headers, ServerCallHandler<Q, A> next) {
        if (!LOG.isDebugEnabled()) {
            return next.startCall(call, headers);
        }
        long started = System.nanoTime();
        return next.startCall(new ForwardingServerCall.SimpleForwardingServerCall<>(call) {
            @Override
            public void close(Status status, Metadata trailers) {
                log(call.getMethodDescriptor().getFullMethodName(), status, System.nanoTime() - started);
                super.close(status, trailers);
            }
        }, headers);
    }

    static void log(String method, Status status, long nanos) {
        long millis = TimeUnit.NANOSECONDS.toMillis(nanos);
        MDC.put("grpc_method", method);
        MDC.put("grpc_status", status.getCode().name());
        MDC.put("duration_ms", millis);
        try {
            LOG.debugf("grpc method=%s status=%s duration_ms=%d", method, status.getCode(), millis);
        } finally {
            MDC.remove("grpc_method");
            MDC.remove("grpc_status");
            MDC.remove("duration_ms");
        }
    }
}
