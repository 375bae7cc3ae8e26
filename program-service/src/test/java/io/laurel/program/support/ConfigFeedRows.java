package io.laurel.program.support;

import com.google.protobuf.InvalidProtocolBufferException;
import io.laurel.proto.program.v1.ConfigChange;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Reads a store's rows of the configuration change feed table straight from Postgres. */
public final class ConfigFeedRows {

    private ConfigFeedRows() {
    }

    /** The store's changes of {@code kind} (e.g. MILESTONE_PROGRAM), oldest first. */
    public static List<ConfigChange> of(Pool pool, String storeId, String kind) {
        List<ConfigChange> changes = new ArrayList<>();
        for (Row row : pool.preparedQuery("SELECT payload FROM config_change WHERE store_id = $1 AND kind = $2"
                        + " ORDER BY sequence")
                .execute(Tuple.of(storeId, kind)).await().atMost(Duration.ofSeconds(10))) {
            try {
                changes.add(ConfigChange.parseFrom(row.getBuffer("payload").getBytes()));
            } catch (InvalidProtocolBufferException e) {
                throw new AssertionError(e);
            }
        }
        return changes;
    }
}
