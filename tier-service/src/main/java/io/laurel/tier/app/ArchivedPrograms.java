package io.laurel.tier.app;

import io.laurel.platform.id.IdGenerator;
import io.laurel.tier.domain.CustomerTierState;
import io.laurel.tier.domain.ProgramArchiveRules;
import io.laurel.tier.domain.TierProgram;
import io.laurel.tier.domain.Transition;
import io.laurel.tier.store.TierConfigRepository;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;

/**
 * A customer whose held state belongs to an earlier, archived program leaves its tier
 * (PROGRAM_ARCHIVED) before anything under the store's current program applies: the archive's
 * pass may not have reached them yet, and their state is about to be replaced.
 */
@ApplicationScoped
public class ArchivedPrograms {

    private final TierConfigRepository config;
    private final IdGenerator ids;

    public ArchivedPrograms(TierConfigRepository config, IdGenerator ids) {
        this.config = config;
        this.ids = ids;
    }

    /**
     * The customer's state under {@code program} (see {@link CustomerTierState#under}), after the end
     * of a tier {@code held} still had under an archived program; asks the database only then.
     */
    public Uni<Transition> under(SqlClient tx, CustomerTierState held, String storeId, String customerId,
                                 TierProgram program, Instant now) {
        CustomerTierState state = CustomerTierState.under(held, storeId, customerId, program, now);
        if (held == null || held == state || held.effectiveTierId() == null) {
            return Uni.createFrom().item(new Transition(state, List.of()));
        }
        // a program other than the active one is archived (R-TIER-1); a copy without its archive yet: now
        return config.archiveTime(tx, storeId, held.tierProgramId()).map(archivedAt -> new Transition(state,
                ProgramArchiveRules.archive(held, archivedAt == null ? now : archivedAt, now, ids::newId).changes()));
    }
}
