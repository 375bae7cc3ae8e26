package io.laurel.platform.error;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.rpc.BadRequest;
import com.google.rpc.ErrorInfo;
import com.google.rpc.Status;
import io.grpc.protobuf.StatusProto;
import java.util.List;
import java.util.Optional;

/** Reads the details of a gRPC error a Laurel service returned: for callers, tests and tools. */
public final class StatusDetails {

    private StatusDetails() {
    }

    /** The {@code google.rpc.Status} carried in the trailers of a gRPC failure, if any. */
    public static Optional<Status> status(Throwable failure) {
        return Optional.ofNullable(StatusProto.fromThrowable(failure));
    }

    public static Optional<ErrorInfo> errorInfo(Throwable failure) {
        return status(failure).flatMap(s -> detail(s, ErrorInfo.class));
    }

    /** The paths of every field a {@code BadRequest} names, in order; empty when there is none. */
    public static List<String> badFields(Throwable failure) {
        return status(failure).flatMap(s -> detail(s, BadRequest.class))
                .map(b -> b.getFieldViolationsList().stream().map(BadRequest.FieldViolation::getField).toList())
                .orElse(List.of());
    }

    public static <T extends Message> Optional<T> detail(Status status, Class<T> type) {
        return status.getDetailsList().stream().filter(any -> any.is(type)).findFirst().map(any -> {
            try {
                return any.unpack(type);
            } catch (InvalidProtocolBufferException e) {
                throw new IllegalStateException("unreadable " + type.getSimpleName() + " detail", e);
            }
        });
    }
}
