package io.laurel.reward.config;

import io.laurel.platform.configfeed.ConfigChangeHandler;
import io.laurel.platform.time.StoredTime;
import io.laurel.reward.mapping.StoreConfigMapping;
import io.laurel.reward.store.StoreConfigRepository;
import io.laurel.proto.program.v1.ConfigChange;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;

/**
 * Applies program-service's configuration feed to reward-service: store settings are kept (a
 * version only replaces an older one; redeliveries and stale versions change nothing). Programs
 * are not needed here yet: IssueReward carries the reward by value.
 */
@ApplicationScoped
public class StoreConfigFeedHandler implements ConfigChangeHandler {

    private final StoreConfigRepository configs;
    private final Clock clock;

    public StoreConfigFeedHandler(StoreConfigRepository configs, Clock clock) {
        this.configs = configs;
        this.clock = clock;
    }

    @Override
    public Uni<Void> apply(SqlConnection tx, ConfigChange change) {
        if (!change.hasStoreSettings()) {
            return Uni.createFrom().voidItem();
        }
        return configs.applyIfNewer(tx, StoreConfigMapping.toDomain(change), StoredTime.now(clock));
    }
}
