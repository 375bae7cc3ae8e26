package io.laurel.tier.configfeed;

import io.laurel.platform.configfeed.ConfigChangeHandler;
import io.laurel.proto.program.v1.ConfigChange;
import io.laurel.tier.store.TierConfigRepository;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Keeps tier-service's copy of program-service's configuration: store settings and tier programs,
 * each only when the snapshot's version is newer than the one held. Milestone programs are not
 * tier-service's concern.
 */
@ApplicationScoped
public class TierConfigChangeHandler implements ConfigChangeHandler {

    private final TierConfigRepository config;

    public TierConfigChangeHandler(TierConfigRepository config) {
        this.config = config;
    }

    @Override
    public Uni<Void> apply(SqlConnection tx, ConfigChange change) {
        return switch (change.getSnapshotCase()) {
            case STORE_SETTINGS -> config.upsertStoreSettings(tx, change.getStoreSettings());
            case TIER_PROGRAM -> config.upsertTierProgram(tx, change.getTierProgram());
            case MILESTONE_PROGRAM, SNAPSHOT_NOT_SET -> Uni.createFrom().voidItem();
        };
    }
}
