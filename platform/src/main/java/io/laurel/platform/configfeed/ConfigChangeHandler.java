package io.laurel.platform.configfeed;

import io.laurel.proto.program.v1.ConfigChange;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;

/**
 * What a service does with one configuration change from program-service's feed
 * ({@code laurel.program.v1.ConfigChangeService/WatchConfigChanges}). A service that needs
 * configuration provides one {@code @ApplicationScoped} bean implementing this; the platform's
 * {@link ConfigFeedSubscriber} then follows the feed and calls it, inside a transaction that also
 * advances the stored cursor, so a change is applied exactly once per commit and none is missed
 * across restarts.
 *
 * <p>Changes arrive in sequence order, but at least once: apply a snapshot only if its
 * {@code version} is newer than the one held (an upsert guarded by {@code version <}).
 */
public interface ConfigChangeHandler {

    Uni<Void> apply(SqlConnection tx, ConfigChange change);
}
