package io.laurel.tier.configfeed;

import io.laurel.platform.configfeed.ConfigChangeHandler;
import io.laurel.proto.program.v1.ConfigChange;
import io.laurel.tier.app.ProgramChangePass;
import io.laurel.tier.mapping.TierProgramMapping;
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
    private final ProgramChangePass passes;

    public TierConfigChangeHandler(TierConfigRepository config, ProgramChangePass passes) {
        this.config = config;
        this.passes = passes;
    }

    @Override
    public Uni<Void> apply(SqlConnection tx, ConfigChange change) {
        return switch (change.getSnapshotCase()) {
            case STORE_SETTINGS -> config.upsertStoreSettings(tx, change.getStoreSettings());
            // a newer version re-evaluates the store's customers in the background (R-TIER-7, L-TIER-3, L-TIER-12)
            case TIER_PROGRAM -> config.upsertTierProgram(tx, change.getTierProgram()).flatMap(stored -> stored.stored()
                    ? passes.open(tx, TierProgramMapping.toDomain(change.getTierProgram()),
                            !stored.removedTierIds().isEmpty())
                    : Uni.createFrom().voidItem());
            case MILESTONE_PROGRAM, SNAPSHOT_NOT_SET -> Uni.createFrom().voidItem();
        };
    }
}
