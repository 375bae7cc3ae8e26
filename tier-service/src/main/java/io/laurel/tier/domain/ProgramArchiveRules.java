package io.laurel.tier.domain;

import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;

/**
 * An archived tier program places nobody (tier_program.proto, TIER_PROGRAM_STATUS_ARCHIVED): each of
 * its customers leaves the tier in force — computed or manual — with cause PROGRAM_ARCHIVED, and a
 * manual assignment ends with it. The program-change pass books this for the program's customers;
 * a write under the store's next program books it first for a customer the pass has not reached.
 */
public final class ProgramArchiveRules {

    static final String ARCHIVED_REASON = "the tier program was archived";

    private ProgramArchiveRules() {
    }

    /**
     * {@code held} (a state of the archived program) with no tier, no manual assignment and no period
     * to end, and the change that records it when a tier was in force. The change is effective when
     * the archive took effect ({@code archivedAt}, the archived version's update time), but never
     * before the customer got their tier (a copy that learnt of the archive late) nor after {@code now}.
     */
    public static Transition archive(CustomerTierState held, Instant archivedAt, Instant now, Supplier<String> ids) {
        Instant entered = held.manual() == null ? null : held.manual().startTime();
        entered = TierRemovalRules.latest(TierRemovalRules.latest(entered, held.computedSince()), held.tierSince());
        Instant at = TierRemovalRules.latest(archivedAt, entered);
        at = at.isBefore(now) ? at : now;
        String from = held.manual() != null && held.manual().inForceAt(at) ? held.manual().tierId()
                : held.computedTierId();
        CustomerTierState ended = new CustomerTierState(held.storeId(), held.customerId(), held.tierProgramId(), null,
                held.computedSource(), null, held.qualifyingValue(), null, null, null, null, null);
        if (from == null) {
            return new Transition(ended, List.of());
        }
        return new Transition(ended, List.of(new TierChange(ids.get(), held.storeId(), held.customerId(),
                held.tierProgramId(), from, null, TierChangeCause.PROGRAM_ARCHIVED, false, at, now,
                held.qualifyingValue(), null, null, List.of(), TierChange.SYSTEM_ACTOR, ARCHIVED_REASON)));
    }
}
