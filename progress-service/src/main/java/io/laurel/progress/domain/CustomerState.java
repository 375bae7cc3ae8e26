package io.laurel.progress.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;

/**
 * Everything the engine needs about one customer while a batch is applied: progress per program,
 * the orders the batch touches, tags and tier as timelines (conditions look at them as of an
 * event's occurred_at), the last activity (start of the inactivity spell) and the refunds and
 * cancellations held until their order arrives.
 */
public final class CustomerState {

    /** A tags or tier value from {@code at} on, as recorded by event {@code eventId}. */
    public record AttributeChange(Instant at, String eventId, Set<String> tags, String tierId) {
        public boolean isTags() {
            return tags != null;
        }
    }

    private final String customerId;
    private final long revision;
    private Instant lastActivity;
    private boolean lastActivityChanged;
    private final Map<String, ProgramProgress> programs = new LinkedHashMap<>();
    private final Map<String, OrderState> orders = new HashMap<>();
    private final NavigableMap<Instant, Set<String>> tags = new TreeMap<>();
    private final NavigableMap<Instant, String> tiers = new TreeMap<>();
    private final List<AttributeChange> newAttributes = new ArrayList<>();
    private final Map<String, List<CustomerEvent>> held = new HashMap<>();

    public CustomerState(String customerId, long revision, Instant lastActivity) {
        this.customerId = customerId;
        this.revision = revision;
        this.lastActivity = lastActivity;
    }

    public String customerId() {
        return customerId;
    }

    public long revision() {
        return revision;
    }

    public Instant lastActivity() {
        return lastActivity;
    }

    public boolean lastActivityChanged() {
        return lastActivityChanged;
    }

    public Map<String, ProgramProgress> programs() {
        return programs;
    }

    public Map<String, OrderState> orders() {
        return orders;
    }

    public List<AttributeChange> newAttributes() {
        return newAttributes;
    }

    // ---- loading what is stored

    public void load(ProgramProgress progress) {
        programs.put(progress.programId(), progress);
    }

    public void load(OrderState order) {
        orders.put(order.orderId(), order);
    }

    public void load(AttributeChange change) {
        if (change.isTags()) {
            tags.put(change.at(), change.tags());
        } else {
            tiers.put(change.at(), change.tierId());
        }
    }

    /** A refund or cancellation stored before its order arrived, to apply right after it. */
    public void hold(CustomerEvent event) {
        held.computeIfAbsent(event.payload().orderId(), id -> new ArrayList<>()).add(event);
    }

    // ---- used by the engine

    ProgramProgress progress(String programId) {
        return programs.computeIfAbsent(programId, ProgramProgress::start);
    }

    CustomerFacts factsAt(Instant at) {
        var t = tags.floorEntry(at);
        var tier = tiers.floorEntry(at);
        return new CustomerFacts(t == null ? Set.of() : t.getValue(), tier == null ? "" : tier.getValue());
    }

    void record(AttributeChange change) {
        load(change);
        newAttributes.add(change);
    }

    List<CustomerEvent> takeHeld(String orderId) {
        List<CustomerEvent> events = held.remove(orderId);
        return events == null ? List.of() : events;
    }

    void activity(Instant at) {
        if (lastActivity == null || at.isAfter(lastActivity)) {
            lastActivity = at;
            lastActivityChanged = true;
        }
    }
}
