package io.laurel.tier.domain;

import io.laurel.platform.common.Actor;
import io.laurel.platform.error.FailedPreconditionException;
import io.laurel.platform.error.NotFoundException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Manual tier assignment (R-TIER-6): a tier set by hand overrides the computed tier until it is
 * removed or reaches its end time; every change, and who made it and why, goes into the history.
 */
public final class ManualTierRules {

    static final String EXPIRED_REASON = "the manual assignment reached its end time";

    private ManualTierRules() {
    }

    /**
     * Applies what time alone has changed by {@code now}: a manual assignment whose end time has
     * passed no longer applies and the computed tier takes over, recorded as MANUAL_EXPIRED at the
     * end time. Every read and write starts here, so an ended assignment never shows.
     */
    public static Transition settle(CustomerTierState state, Instant now, Supplier<String> ids) {
        return settle(state, now, now, ids);
    }

    /** The same for an assignment that ended by {@code until} (≤ {@code now}), recorded at {@code now}. */
    static Transition settle(CustomerTierState state, Instant until, Instant now, Supplier<String> ids) {
        ManualAssignment manual = state.manual();
        if (manual == null || manual.inForceAt(until)) {
            return new Transition(state, List.of());
        }
        Instant end = manual.endTime();
        String to = state.computedTierId();
        CustomerTierState next = state.withManual(null, since(state, to, end));
        TierChange expired = change(ids, state, manual.tierId(), to, TierChangeCause.MANUAL_EXPIRED, end, now,
                TierChange.SYSTEM_ACTOR, EXPIRED_REASON);
        return new Transition(next, List.of(expired));
    }

    /**
     * Assigns {@code tierId} of {@code program} by hand, replacing any manual assignment; it
     * overrides the computed tier until removed or until {@code endTime} (null = until removed).
     * The request's shape (reason, actor, end time in the future) is checked before.
     */
    public static Transition assign(CustomerTierState state, TierProgram program, String tierId, String reason,
                                    Actor actor, Instant endTime, Instant now, Supplier<String> ids) {
        if (program.tier(tierId).isEmpty()) {
            throw new NotFoundException("tier", tierId);
        }
        Transition settled = settle(state, now, ids);
        CustomerTierState current = settled.state();
        ManualAssignment assignment = new ManualAssignment(tierId, reason, actor, now, endTime);
        CustomerTierState next = current.withManual(assignment, since(current, tierId, now));
        List<TierChange> changes = new ArrayList<>(settled.changes());
        changes.add(change(ids, current, current.effectiveTierId(), tierId, TierChangeCause.MANUAL_ASSIGN, now, now,
                actor, reason));
        return new Transition(next, changes);
    }

    /**
     * Removes the manual assignment: the computed tier applies again at once (MANUAL_REMOVE). An
     * assignment that has already ended counts as none.
     */
    public static Transition remove(CustomerTierState state, String reason, Actor actor, Instant now,
                                    Supplier<String> ids) {
        Transition settled = settle(state, now, ids);
        CustomerTierState current = settled.state();
        if (current.manual() == null) {
            throw noManualAssignment(current.customerId());
        }
        String to = current.computedTierId();
        CustomerTierState next = current.withManual(null, since(current, to, now));
        List<TierChange> changes = new ArrayList<>(settled.changes());
        changes.add(change(ids, current, current.manual().tierId(), to, TierChangeCause.MANUAL_REMOVE, now, now,
                actor, reason));
        return new Transition(next, changes);
    }

    /** FAILED_PRECONDITION NO_MANUAL_ASSIGNMENT: there is no manual assignment to remove. */
    public static FailedPreconditionException noManualAssignment(String customerId) {
        return new FailedPreconditionException("NO_MANUAL_ASSIGNMENT",
                "customer " + customerId + " has no manual tier assignment to remove");
    }

    /** When the customer entered the effective tier after moving to {@code to} at {@code at}. */
    private static Instant since(CustomerTierState before, String to, Instant at) {
        if (to == null) {
            return null;
        }
        return to.equals(before.effectiveTierId()) && before.tierSince() != null ? before.tierSince() : at;
    }

    private static TierChange change(Supplier<String> ids, CustomerTierState state, String from, String to,
                                     TierChangeCause cause, Instant effective, Instant now, Actor actor,
                                     String reason) {
        Objects.requireNonNull(actor, "actor");
        return new TierChange(ids.get(), state.storeId(), state.customerId(), state.tierProgramId(), from, to, cause,
                false, effective, now, state.qualifyingValue(), null, null, List.of(), actor, reason);
    }
}
