package io.laurel.platform.grpc;

import com.google.protobuf.Timestamp;
import java.time.Instant;

/** google.protobuf.Timestamp ↔ Instant, for every service's mapping code. */
public final class ProtoTime {

    /** The first and last instants a google.protobuf.Timestamp may hold (its documented range). */
    public static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    public static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999999Z");

    private ProtoTime() {
    }

    /** Whether {@code timestamp} is in Timestamp's range, 0001-01-01 to 9999-12-31 UTC, nanos 0..999,999,999. */
    public static boolean isValid(Timestamp timestamp) {
        return timestamp.getSeconds() >= EARLIEST.getEpochSecond() && timestamp.getSeconds() <= LATEST.getEpochSecond()
                && timestamp.getNanos() >= 0 && timestamp.getNanos() <= 999_999_999;
    }

    public static Timestamp toProto(Instant instant) {
        return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).setNanos(instant.getNano()).build();
    }

    public static Instant toInstant(Timestamp timestamp) {
        return Instant.ofEpochSecond(timestamp.getSeconds(), timestamp.getNanos());
    }
}
