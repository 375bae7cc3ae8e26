package io.laurel.tier.store;

import static io.laurel.tier.store.CustomerTierRepository.utc;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.Parser;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;

/**
 * Inputs recorded by their business key (store, kind, activity_id): the first call claims the key
 * and stores its response in the same transaction; any later call with the key gets that response.
 * A concurrent duplicate waits on the key until the first commits.
 */
@ApplicationScoped
public class RecordedActivityRepository {

    public static final String CUSTOMER_TAGS = "CUSTOMER_TAGS";

    /** True when this call is the first with the key and must do the work. */
    public Uni<Boolean> claim(SqlClient tx, String storeId, String kind, String activityId, String customerId,
                              Instant now) {
        return tx.preparedQuery("""
                        INSERT INTO recorded_activity (store_id, kind, activity_id, customer_id, create_time)
                        VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING""")
                .execute(Tuple.of(storeId, kind, activityId, customerId, utc(now)))
                .map(rows -> rows.rowCount() == 1);
    }

    public Uni<Void> complete(SqlClient tx, String storeId, String kind, String activityId, Message response) {
        return tx.preparedQuery("UPDATE recorded_activity SET response = $4 WHERE store_id = $1 AND kind = $2 AND activity_id = $3")
                .execute(Tuple.of(storeId, kind, activityId, response.toByteArray()))
                .replaceWithVoid();
    }

    /** The first call's response. */
    public <T extends Message> Uni<T> firstResponse(SqlClient tx, String storeId, String kind, String activityId,
                                                    Parser<T> parser) {
        return tx.preparedQuery("SELECT response FROM recorded_activity WHERE store_id = $1 AND kind = $2 AND activity_id = $3")
                .execute(Tuple.of(storeId, kind, activityId))
                .map(rows -> {
                    try {
                        return parser.parseFrom(rows.iterator().next().getBuffer("response").getBytes());
                    } catch (InvalidProtocolBufferException e) {
                        throw new IllegalStateException("stored response of activity " + activityId + " is unreadable", e);
                    }
                });
    }
}
