package io.laurel.program.domain.tier;

import java.time.Instant;
import java.util.List;

/**
 * One version of a store's VIP tier program (R-TIER-1, 2, 7). {@code criterion} and {@code window}
 * are null when unset, so the rules can name them.
 */
public record TierProgram(
        String tierProgramId,
        String storeId,
        String internalName,
        TierProgramStatus status,
        TierCriterion criterion,
        TierWindow window,
        List<Tier> tiers,
        long version,
        Instant createTime,
        Instant updateTime) {

    TierProgram withStatus(TierProgramStatus newStatus, Instant now) {
        return new TierProgram(tierProgramId, storeId, internalName, newStatus, criterion, window, tiers,
                version + 1, createTime, now);
    }
}
