package io.laurel.platform.error;

import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.ExceptionHandler;
import io.quarkus.grpc.ExceptionHandlerProvider;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The one place where a service's failures become gRPC errors: replaces Quarkus' default handler,
 * which would put exception class names in the status description.
 */
@ApplicationScoped
public class LaurelExceptionHandlerProvider implements ExceptionHandlerProvider {

    private final GrpcErrors errors;

    public LaurelExceptionHandlerProvider(
            @ConfigProperty(name = "quarkus.application.name", defaultValue = "laurel") String serviceName) {
        this.errors = new GrpcErrors(serviceName + ".laurel.io");
    }

    @Override
    public <ReqT, RespT> ExceptionHandler<ReqT, RespT> createHandler(
            ServerCall.Listener<ReqT> listener, ServerCall<ReqT, RespT> call, Metadata metadata) {
        return new ExceptionHandler<>(listener, call, metadata) {
            @Override
            protected void handleException(Throwable failure, ServerCall<ReqT, RespT> serverCall, Metadata headers) {
                StatusRuntimeException status = errors.toStatusRuntimeException(failure);
                Metadata trailers = status.getTrailers() != null ? status.getTrailers() : new Metadata();
                try {
                    serverCall.close(status.getStatus(), trailers);
                } catch (IllegalStateException alreadyClosed) {
                    // the call ended first (client cancelled): nothing left to tell
                }
            }
        };
    }

    @Override
    public Throwable transform(Throwable failure) {
        return errors.toStatusRuntimeException(failure);
    }
}
