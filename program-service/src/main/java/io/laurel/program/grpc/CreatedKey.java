package io.laurel.program.grpc;

import java.time.Instant;
import java.util.List;

/** The keyset position of a program list (create time, then id), as a page token carries it. */
record CreatedKey(Instant createTime, String id) {

    static CreatedKey parse(List<String> key) {
        return new CreatedKey(Instant.parse(key.get(0)), key.get(1));
    }

    List<String> parts() {
        return List.of(createTime.toString(), id);
    }
}
