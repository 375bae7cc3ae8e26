package io.laurel.platform.grpc;

import com.google.protobuf.Timestamp;
import java.time.Instant;

/** google.protobuf.Timestamp ↔ Instant, for every service's mapping code. */
public final class ProtoTime {

    private ProtoTime() {
    }

    public static Timestamp toProto(Instant instant) {
        return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).setNanos(instant.getNano()).build();
    }

    public static Instant toInstant(Timestamp timestamp) {
        return Instant.ofEpochSecond(timestamp.getSeconds(), timestamp.getNanos());
    }
}
