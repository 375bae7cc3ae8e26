package io.laurel.platform.error;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.rpc.BadRequest;
import com.google.rpc.Code;
import com.google.rpc.ErrorInfo;
import com.google.rpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

class GrpcErrorsTest {

    private final GrpcErrors errors = new GrpcErrors("program.laurel.io");

    @Test
    void invalidArgumentListsEveryBadFieldInBadRequest() {
        Violations violations = new Violations();
        violations.require(false, "name", "must not be empty");
        violations.at("milestones", 2).require(false, "target", "must be greater than the previous target");
        violations.nested("schedule").add("end_time", "must be after start_time");

        StatusRuntimeException sre = errors.toStatusRuntimeException(
                catchInvalid(violations::throwIfAny));
        Status status = StatusProto.fromThrowable(sre);

        assertThat(sre.getStatus().getCode()).isEqualTo(io.grpc.Status.Code.INVALID_ARGUMENT);
        assertThat(status.getCode()).isEqualTo(Code.INVALID_ARGUMENT_VALUE);
        BadRequest badRequest = detail(status, BadRequest.class);
        assertThat(badRequest.getFieldViolationsList())
                .extracting(BadRequest.FieldViolation::getField)
                .containsExactly("name", "milestones[2].target", "schedule.end_time");
        assertThat(detail(status, ErrorInfo.class).getReason()).isEqualTo("INVALID_FIELDS");
        assertThat(detail(status, ErrorInfo.class).getDomain()).isEqualTo("program.laurel.io");
    }

    @Test
    void everyDomainExceptionGetsItsCanonicalCodeAndReason() {
        Map<LaurelException, Code> expected = Map.of(
                new NotFoundException("milestone program", "p-1"), Code.NOT_FOUND,
                new AlreadyExistsException("tier program", "store-1"), Code.ALREADY_EXISTS,
                new FailedPreconditionException("INSUFFICIENT_POINTS", "balance is 10, 50 requested"), Code.FAILED_PRECONDITION,
                new ConflictException("milestone program", "p-1", 3, 4), Code.ABORTED,
                new UnauthenticatedException("no token"), Code.UNAUTHENTICATED,
                new PermissionDeniedException("shoppers read only their own data"), Code.PERMISSION_DENIED,
                new UnavailableException("PEER_DOWN", "reward-service is unavailable"), Code.UNAVAILABLE);
        expected.forEach((exception, code) -> {
            Status status = errors.toStatus(exception);
            assertThat(status.getCode()).as(exception.reason()).isEqualTo(code.getNumber());
            assertThat(detail(status, ErrorInfo.class).getReason()).isEqualTo(exception.reason());
        });
        assertThat(errors.toStatus(new NotFoundException("milestone program", "p-1")).getMessage())
                .isEqualTo("milestone program p-1 was not found");
        assertThat(detail(errors.toStatus(new NotFoundException("milestone program", "p-1")), ErrorInfo.class).getReason())
                .isEqualTo("MILESTONE_PROGRAM_NOT_FOUND");
    }

    @Test
    void alreadyExistsCarriesTheMetadataTheContractNames() {
        Status status = errors.toStatus(new AlreadyExistsException("tier program", "tp-1", Map.of("tier_program_id", "tp-1")));
        assertThat(status.getCode()).isEqualTo(Code.ALREADY_EXISTS.getNumber());
        assertThat(detail(status, ErrorInfo.class).getMetadataMap())
                .containsEntry("tier_program_id", "tp-1")
                .containsEntry("resource_type", "tier program")
                .containsEntry("resource_id", "tp-1");
    }

    @Test
    void versionConflictNamesTheCurrentVersion() {
        Status status = errors.toStatus(new ConflictException("milestone program", "p-1", 3, 5));
        assertThat(status.getMessage()).contains("version 5");
        assertThat(detail(status, ErrorInfo.class).getMetadataMap())
                .containsEntry("current_version", "5")
                .containsEntry("expected_version", "3");
    }

    @Test
    void unexpectedFailuresBecomeInternalWithoutClassNamesOrTraces() {
        Status status = errors.toStatus(new CompletionException(
                new IllegalStateException("java.sql.SQLException at io.laurel.secret.Dao.line(42)")));

        assertThat(status.getCode()).isEqualTo(Code.INTERNAL_VALUE);
        assertThat(status.getMessage()).startsWith("internal error (incident ")
                .doesNotContain("Exception").doesNotContain("io.laurel").doesNotContain("SQL");
        assertThat(detail(status, ErrorInfo.class).getMetadataMap()).containsKey("incident");
    }

    @Test
    void wrappedDomainExceptionsAreUnwrapped() {
        Status status = errors.toStatus(new CompletionException(new NotFoundException("voucher", "v-9")));
        assertThat(status.getCode()).isEqualTo(Code.NOT_FOUND_VALUE);
    }

    @Test
    void statusExceptionsFromPeersPassThrough() {
        StatusRuntimeException peer = io.grpc.Status.UNAVAILABLE.withDescription("reward down").asRuntimeException();
        assertThat(errors.toStatusRuntimeException(peer)).isSameAs(peer);
    }

    @Test
    void aViolationListCannotBeEmpty() {
        assertThatThrownBy(() -> new InvalidArgumentException(List.of()))
                .isInstanceOf(IllegalArgumentException.class);
        new Violations().throwIfAny(); // nothing recorded: no exception
    }

    private static InvalidArgumentException catchInvalid(Runnable action) {
        try {
            action.run();
        } catch (InvalidArgumentException e) {
            return e;
        }
        throw new AssertionError("expected an InvalidArgumentException");
    }

    @Test
    void anErrorNeverEchoesMoreThanAShortPrefixOfWhatTheCallerSent() {
        String hugeId = "p".repeat(20_000);
        Status status = StatusProto.fromThrowable(errors.toStatusRuntimeException(
                new NotFoundException("milestone program", hugeId)));
        assertThat(status.getSerializedSize()).isLessThan(1_000);
        assertThat(status.getMessage()).startsWith("milestone program ppp").endsWith("… was not found");
        assertThat(detail(status, ErrorInfo.class).getMetadataMap().get("resource_id")).hasSize(GrpcErrors.MAX_VALUE);

        Status invalid = StatusProto.fromThrowable(errors.toStatusRuntimeException(
                InvalidArgumentException.of("name", "must not be " + hugeId)));
        assertThat(detail(invalid, BadRequest.class).getFieldViolations(0).getDescription())
                .hasSize(GrpcErrors.MAX_MESSAGE).endsWith("…");
    }

    @Test
    void abbreviatingNeverSplitsASurrogatePair() {
        assertThat(GrpcErrors.abbreviate("ab\uD83D\uDE00cd", 4)).isEqualTo("ab…");
        assertThat(GrpcErrors.abbreviate("short", 80)).isEqualTo("short");
    }

    private static <T extends com.google.protobuf.Message> T detail(Status status, Class<T> type) {
        return status.getDetailsList().stream()
                .filter(any -> any.is(type))
                .map(any -> {
                    try {
                        return any.unpack(type);
                    } catch (com.google.protobuf.InvalidProtocolBufferException e) {
                        throw new AssertionError(e);
                    }
                })
                .findFirst().orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + " in " + status));
    }
}
