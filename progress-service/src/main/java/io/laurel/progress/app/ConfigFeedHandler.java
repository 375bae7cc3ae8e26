package io.laurel.progress.app;

import io.laurel.platform.configfeed.ConfigChangeHandler;
import io.laurel.progress.store.ConfigStore;
import io.laurel.proto.program.v1.ConfigChange;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Follows program-service's configuration feed (platform's ConfigFeedSubscriber calls it inside
 * the transaction that advances the cursor): every version of store settings and milestone
 * programs is kept, since events are judged by the version in effect at their occurred_at
 * (R-PROG-8). Tier programs are not progress-service's concern.
 */
@ApplicationScoped
public class ConfigFeedHandler implements ConfigChangeHandler {

    private final ConfigStore configs;

    public ConfigFeedHandler(ConfigStore configs) {
        this.configs = configs;
    }

    @Override
    public Uni<Void> apply(SqlConnection tx, ConfigChange change) {
        return switch (change.getSnapshotCase()) {
            case STORE_SETTINGS -> configs.storeSettings(tx, change.getStoreSettings());
            case MILESTONE_PROGRAM -> configs.milestoneProgram(tx, change.getMilestoneProgram());
            case TIER_PROGRAM, SNAPSHOT_NOT_SET -> Uni.createFrom().voidItem();
        };
    }
}
