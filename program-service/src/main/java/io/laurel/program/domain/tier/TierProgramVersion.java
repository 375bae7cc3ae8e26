package io.laurel.program.domain.tier;

import java.time.Instant;
import java.util.List;

/**
 * One version of a store's VIP tier program (R-TIER-1, 2, 7). {@code criterion} and {@code window}
 * are null when unset, so the rules can name them.
 */
public record TierProgramVersion(
        String tierProgramId,
        String storeId,
        String internalName,
        ProgramStatus status,
        TierBasis criterion,
        QualifyingWindow window,
        List<TierDefinition> tiers,
        long version,
        Instant createTime,
        Instant updateTime) {

    TierProgramVersion withStatus(ProgramStatus newStatus, Instant now) {
        return new TierProgramVersion(tierProgramId, storeId, internalName, newStatus, criterion, window, tiers,
                version + 1, createTime, now);
    }
}
