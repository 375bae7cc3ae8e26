package io.laurel.platform.error;

import com.google.protobuf.Any;
import com.google.rpc.BadRequest;
import com.google.rpc.Code;
import com.google.rpc.ErrorInfo;
import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import org.jboss.logging.Logger;

/**
 * Turns any failure into the gRPC error a caller should see: a {@code google.rpc.Status} with the
 * canonical code, an {@code ErrorInfo} (reason, domain, metadata) and, for bad input, a
 * {@code BadRequest} listing every bad field. Anything not raised on purpose becomes
 * {@code INTERNAL} with a generic message and an incident id; the details go to the log only, so no
 * stack trace or class name ever reaches a caller.
 */
public final class GrpcErrors {

    private static final Logger LOG = Logger.getLogger(GrpcErrors.class);

    private final String domain;

    /** @param domain the {@code ErrorInfo.domain}, e.g. {@code program.laurel.io} */
    public GrpcErrors(String domain) {
        this.domain = domain;
    }

    public StatusRuntimeException toStatusRuntimeException(Throwable failure) {
        Throwable cause = unwrap(failure);
        if (cause instanceof StatusRuntimeException sre) {
            return sre; // already a deliberate gRPC status (e.g. relayed from a call we made)
        }
        if (cause instanceof StatusException se) {
            return new StatusRuntimeException(se.getStatus(), se.getTrailers());
        }
        return StatusProto.toStatusRuntimeException(toStatus(cause));
    }

    public com.google.rpc.Status toStatus(Throwable failure) {
        Throwable cause = unwrap(failure);
        if (cause instanceof LaurelException known) {
            return ofKnown(known);
        }
        if (cause instanceof StatusRuntimeException || cause instanceof StatusException) {
            Status status = Status.fromThrowable(cause);
            return com.google.rpc.Status.newBuilder()
                    .setCode(status.getCode().value())
                    .setMessage(status.getDescription() == null ? "" : status.getDescription())
                    .build();
        }
        String incident = UUID.randomUUID().toString();
        LOG.errorf(cause, "unexpected failure, incident %s", incident);
        return com.google.rpc.Status.newBuilder()
                .setCode(Code.INTERNAL_VALUE)
                .setMessage("internal error (incident " + incident + ")")
                .addDetails(Any.pack(ErrorInfo.newBuilder()
                        .setReason("INTERNAL")
                        .setDomain(domain)
                        .putMetadata("incident", incident)
                        .build()))
                .build();
    }

    /** The longest message, metadata value, field path or description an error carries: no long echo of input. */
    static final int MAX_MESSAGE = 300;
    static final int MAX_VALUE = 80;
    /** The field violations listed in one answer stop near this size; the rest are counted. */
    static final int MAX_BAD_REQUEST_BYTES = 3_000;

    /** {@code RESOURCE_EXHAUSTED} for a request larger than the suite's request size limit, saying the limit. */
    public StatusRuntimeException requestTooLarge(int size, int limit) {
        return StatusProto.toStatusRuntimeException(com.google.rpc.Status.newBuilder()
                .setCode(Code.RESOURCE_EXHAUSTED_VALUE)
                .setMessage("the request is " + size + " bytes, over the limit of " + limit
                        + " bytes per request: send less at once (e.g. a smaller batch)")
                .addDetails(Any.pack(ErrorInfo.newBuilder()
                        .setReason("REQUEST_TOO_LARGE")
                        .setDomain(domain)
                        .putMetadata("size_bytes", Integer.toString(size))
                        .putMetadata("limit_bytes", Integer.toString(limit))
                        .build()))
                .build());
    }

    private com.google.rpc.Status ofKnown(LaurelException known) {
        ErrorInfo.Builder info = ErrorInfo.newBuilder().setReason(known.reason()).setDomain(domain);
        known.metadata().forEach((key, value) -> info.putMetadata(key, abbreviate(value, MAX_VALUE)));
        com.google.rpc.Status.Builder status = com.google.rpc.Status.newBuilder()
                .setCode(codeOf(known).getNumber())
                .setMessage(abbreviate(known.getMessage(), MAX_MESSAGE))
                .addDetails(Any.pack(info.build()));
        if (known instanceof InvalidArgumentException invalid) {
            BadRequest.Builder badRequest = BadRequest.newBuilder();
            List<FieldViolation> violations = invalid.violations();
            for (int i = 0; i < violations.size(); i++) {
                FieldViolation violation = violations.get(i);
                if (badRequest.build().getSerializedSize() > MAX_BAD_REQUEST_BYTES) {
                    // trailers have a size limit (8 KiB by default in clients): say how many more, do not list them
                    badRequest.addFieldViolations(BadRequest.FieldViolation.newBuilder()
                            .setField(abbreviate(violation.field(), MAX_MESSAGE))
                            .setDescription("and " + (violations.size() - i) + " more bad fields from here on, not"
                                    + " listed: an error's size is limited"));
                    break;
                }
                badRequest.addFieldViolations(BadRequest.FieldViolation.newBuilder()
                        .setField(abbreviate(violation.field(), MAX_MESSAGE))
                        .setDescription(abbreviate(violation.description(), MAX_MESSAGE)));
            }
            status.addDetails(Any.pack(badRequest.build()));
        }
        return status.build();
    }

    static Code codeOf(LaurelException known) {
        return switch (known) {
            case InvalidArgumentException e -> Code.INVALID_ARGUMENT;
            case NotFoundException e -> Code.NOT_FOUND;
            case AlreadyExistsException e -> Code.ALREADY_EXISTS;
            case FailedPreconditionException e -> Code.FAILED_PRECONDITION;
            case ConflictException e -> Code.ABORTED;
            case UnauthenticatedException e -> Code.UNAUTHENTICATED;
            case PermissionDeniedException e -> Code.PERMISSION_DENIED;
            case UnavailableException e -> Code.UNAVAILABLE;
        };
    }

    /** {@code text} cut to {@code max} characters (never inside a surrogate pair), marked with an ellipsis. */
    public static String abbreviate(String text, int max) {
        if (text == null || text.length() <= max) {
            return text;
        }
        int end = max - 1;
        if (Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(0, end) + "…";
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable current = failure;
        while ((current instanceof CompletionException || current.getClass() == RuntimeException.class)
                && current.getCause() != null && current.getCause() != current) {
            current = current.getCause();
        }
        return current;
    }
}
