package io.laurel.tier.store;

import io.laurel.platform.common.ExpiryPolicy;
import io.laurel.tier.domain.TierProgram;
import java.time.ZoneId;
import java.util.Optional;

/**
 * What tier-service knows of a store's configuration at once: its active tier program (null =
 * none), the program as program-service sent it (for entry reward specs), the store's time zone
 * (UTC until its settings arrive), default points expiry (NEVER until they arrive) and currency
 * (null until they arrive).
 */
public record TierSetup(TierProgram program, io.laurel.proto.program.v1.TierProgram snapshot, ZoneId zone,
                        ExpiryPolicy defaultExpiry, String currencyCode) {

    public boolean hasProgram() {
        return program != null;
    }

    /** The entry reward configured on {@code tierId}, if any. */
    public Optional<io.laurel.proto.program.v1.Tier> entryRewardTier(String tierId) {
        if (snapshot == null) {
            return Optional.empty();
        }
        return snapshot.getTiersList().stream()
                .filter(t -> t.getTierId().equals(tierId) && t.getPerks().hasEntryReward())
                .findFirst();
    }
}
