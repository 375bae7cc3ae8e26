package io.laurel.progress.domain;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What progress-service remembers of a completed order: its amount, what of it was refunded or
 * cancelled, and the programs it counted in — refunds move back only those (R-PROG-TRACK-5), and
 * never by more than the order added.
 */
public final class OrderState {

    private final String orderId;
    private final String customerId;
    private final long amountMinor;
    private final Instant occurredAt;
    private final Set<String> countedPrograms;
    private long refundedMinor;
    private boolean countRemoved;
    private boolean cancelled;
    private boolean changed;

    public OrderState(String orderId, String customerId, long amountMinor, Instant occurredAt,
                      List<String> countedPrograms, long refundedMinor, boolean countRemoved, boolean cancelled) {
        this.orderId = orderId;
        this.customerId = customerId;
        this.amountMinor = amountMinor;
        this.occurredAt = occurredAt;
        this.countedPrograms = new LinkedHashSet<>(countedPrograms);
        this.refundedMinor = refundedMinor;
        this.countRemoved = countRemoved;
        this.cancelled = cancelled;
    }

    static OrderState completed(String orderId, String customerId, long amountMinor, Instant occurredAt) {
        OrderState o = new OrderState(orderId, customerId, amountMinor, occurredAt, List.of(), 0, false, false);
        o.changed = true;
        return o;
    }

    public String orderId() {
        return orderId;
    }

    public String customerId() {
        return customerId;
    }

    public long amountMinor() {
        return amountMinor;
    }

    public Instant occurredAt() {
        return occurredAt;
    }

    public List<String> countedPrograms() {
        return List.copyOf(countedPrograms);
    }

    public long refundedMinor() {
        return refundedMinor;
    }

    public boolean countRemoved() {
        return countRemoved;
    }

    public boolean cancelled() {
        return cancelled;
    }

    public boolean changed() {
        return changed;
    }

    void countIn(String programId) {
        countedPrograms.add(programId);
        changed = true;
    }

    /** Records a refund; answers how much of it still moves progress back (all refunds together ≤ the amount). */
    long refund(long refundedAmount) {
        if (cancelled) {
            return 0;
        }
        long delta = Math.min(refundedAmount, amountMinor - refundedMinor);
        refundedMinor += delta;
        changed = true;
        return delta;
    }

    /** Takes the order out of the order count once; false if it already was. */
    boolean removeCount() {
        if (countRemoved) {
            return false;
        }
        countRemoved = true;
        changed = true;
        return true;
    }

    /** Cancels the order; answers the unrefunded remainder that still counted (0 if already cancelled). */
    long cancel() {
        if (cancelled) {
            return 0;
        }
        long remainder = amountMinor - refundedMinor;
        refundedMinor = amountMinor;
        cancelled = true;
        changed = true;
        return remainder;
    }
}
