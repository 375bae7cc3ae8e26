package io.laurel.platform.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Timestamp;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ProtoTimeTest {

    @Test
    void aTimestampIsValidOnlyInsideItsDocumentedRange() {
        assertThat(ProtoTime.isValid(ProtoTime.toProto(ProtoTime.EARLIEST))).isTrue();
        assertThat(ProtoTime.isValid(ProtoTime.toProto(ProtoTime.LATEST))).isTrue();
        assertThat(ProtoTime.isValid(ProtoTime.toProto(ProtoTime.EARLIEST.minusNanos(1)))).isFalse();
        assertThat(ProtoTime.isValid(ProtoTime.toProto(ProtoTime.LATEST.plusNanos(1)))).isFalse();
        assertThat(ProtoTime.isValid(Timestamp.newBuilder().setSeconds(1).setNanos(-1).build())).isFalse();
        assertThat(ProtoTime.isValid(Timestamp.newBuilder().setSeconds(1).setNanos(1_000_000_000).build())).isFalse();
    }

    @Test
    void instantsSurviveTheRoundTrip() {
        Instant instant = Instant.parse("2026-03-01T12:34:56.789012345Z");
        assertThat(ProtoTime.toInstant(ProtoTime.toProto(instant))).isEqualTo(instant);
    }
}
