package io.laurel.progress.app;

import io.laurel.platform.grpc.RequestShape;
import io.laurel.platform.grpc.RequestShapeInterceptor;
import io.laurel.platform.outbox.Outbox;
import io.laurel.progress.domain.CheckedEvent;
import io.laurel.progress.domain.CustomerEvent;
import io.laurel.progress.domain.CustomerState;
import io.laurel.progress.domain.EventKind;
import io.laurel.progress.domain.EventOutcome;
import io.laurel.progress.domain.EventResult;
import io.laurel.progress.domain.EventRules;
import io.laurel.progress.domain.EventViolations;
import io.laurel.progress.domain.Outgoing;
import io.laurel.progress.domain.ProgressEngine;
import io.laurel.progress.domain.StoreCatalog;
import io.laurel.progress.mapping.CustomerEventMapping;
import io.laurel.progress.mapping.EventShape;
import io.laurel.progress.mapping.OutgoingMapping;
import io.laurel.progress.mapping.ProgressCodec.CachedProgress;
import io.laurel.progress.store.EventLog;
import io.laurel.progress.store.ProgressStore;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Ingestion of a batch of events, in the caller's transaction: check each event, store each valid one once
 * (R-PROG-TRACK-2), lock the customers the new events are about, apply the events to their
 * progress (the engine), write the progress back and enqueue what must follow — all in one
 * transaction, with a fixed number of round trips per batch.
 */
@ApplicationScoped
public class EventIngestion {

    private static final Logger LOG = Logger.getLogger(EventIngestion.class);

    /** What a committed batch answers, and the progress to put in the cache once it has committed. */
    public record Ingested(List<EventResult> results, List<CustomerProgressAfter> progress) {
    }

    public record CustomerProgressAfter(String customerId, CachedProgress progress) {
    }

    private final CatalogCache catalogs;
    private final EventLog eventLog;
    private final ProgressStore store;
    private final Outbox outbox;
    private final RequestShapeInterceptor shapes;

    public EventIngestion(CatalogCache catalogs, EventLog eventLog, ProgressStore store, Outbox outbox,
                          RequestShapeInterceptor shapes) {
        this.catalogs = catalogs;
        this.eventLog = eventLog;
        this.store = store;
        this.outbox = outbox;
        this.shapes = shapes;
    }

    public Uni<Ingested> ingest(SqlConnection tx, String storeId, List<io.laurel.proto.progress.v1.CustomerEvent> events,
                                Instant now, String batchField) {
        List<byte[]> payloads = events.stream().map(io.laurel.proto.progress.v1.CustomerEvent::toByteArray).toList();
        List<CheckedEvent> checked = check(shapes.shape(), storeId, events, now, batchField);
        return catalogs.get(storeId).flatMap(catalog -> store.orderCustomers(tx, storeId, undoneOrders(checked))
                .map(owners -> checkApplicable(checked, catalog, withBatchCompletions(owners, checked), batchField))
                .flatMap(applicable -> eventLog.ingest(tx, storeId, applicable, payloads, now, batchField)
                        .flatMap(results -> apply(tx, storeId, catalog, accepted(applicable, results), now)
                                .map(progress -> new Ingested(results, progress)))));
    }

    /**
     * Each event on its own (paths relative to the request, {@code events[i]....}): its shape first, as its
     * contract states it (L-API-3), and only once that is right the rules of {@link EventRules}.
     */
    static List<CheckedEvent> check(RequestShape shape, String storeId,
                                    List<io.laurel.proto.progress.v1.CustomerEvent> events, Instant now,
                                    String batchField) {
        List<CheckedEvent> checked = new ArrayList<>(events.size());
        for (int i = 0; i < events.size(); i++) {
            EventViolations v = EventViolations.forElement(batchField, i);
            EventShape.check(shape, events.get(i), v);
            CustomerEvent event = CustomerEventMapping.toDomain(events.get(i));
            if (v.list().isEmpty()) {
                EventRules.validate(event, storeId, now, v);
            }
            checked.add(new CheckedEvent(i, event, v.list()));
        }
        return checked;
    }

    private Uni<List<CustomerProgressAfter>> apply(SqlConnection tx, String storeId, StoreCatalog catalog,
                                                   List<CustomerEvent> accepted, Instant now) {
        if (accepted.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        Set<String> orderIds = new HashSet<>();
        Map<String, String> completed = new HashMap<>(); // order id → the customer completing it
        Set<String> eventIds = new HashSet<>();
        for (CustomerEvent e : accepted) {
            eventIds.add(e.eventId());
            String orderId = e.payload().orderId();
            if (orderId != null && !orderId.isEmpty() && e.payload().kind() != EventKind.POINTS_EARNED
                    && e.payload().kind() != EventKind.POINTS_REVERSED) {
                orderIds.add(orderId);
                if (e.payload().kind() == EventKind.ORDER_COMPLETED) {
                    completed.putIfAbsent(orderId, e.customerId());
                }
            }
        }
        return store.lock(tx, storeId, ProgressEngine.customersInLockOrder(accepted))
                // the loads are independent: one connection pipelines them (one round trip, not four)
                .call(states -> Uni.combine().all().unis(
                        store.loadInto(tx, storeId, states),
                        store.loadOrders(tx, storeId, orderIds, states),
                        store.heldEvents(tx, storeId, completed.keySet(), eventIds).invoke(held -> held.forEach(e -> {
                            String owner = completed.get(e.payload().orderId());
                            if (!e.customerId().equals(owner)) {
                                // its order turned out to be another customer's: dropped, nothing forwarded
                                LOG.warnf("store %s: %s of order %s by customer %s dropped, the order is another customer's",
                                        storeId, e.eventId(), e.payload().orderId(), e.customerId());
                                return;
                            }
                            CustomerState state = states.get(e.customerId());
                            if (state != null) {
                                state.hold(e);
                            }
                        }))).discardItems())
                .flatMap(states -> {
                    List<Outgoing> outgoing = run(new ProgressEngine(catalog, now), states, accepted);
                    return Uni.combine().all().unis(store.write(tx, storeId, states.values()),
                                    outbox.enqueueAll(tx, outgoing.stream()
                                            .map(m -> OutgoingMapping.toOutbox(storeId, m)).toList()))
                            .discardItems()
                            .replaceWith(() -> after(states));
                });
    }

    private static List<Outgoing> run(ProgressEngine engine, Map<String, CustomerState> states,
                                      List<CustomerEvent> accepted) {
        List<Outgoing> outgoing = new ArrayList<>();
        accepted.stream().sorted(ProgressEngine.IN_ORDER_OF_OCCURRENCE)
                .forEach(e -> outgoing.addAll(engine.apply(states.get(e.customerId()), e)));
        return outgoing;
    }

    static List<CustomerProgressAfter> after(Map<String, CustomerState> states) {
        return states.values().stream()
                .map(s -> new CustomerProgressAfter(s.customerId(), CachedProgress.of(s, s.revision()))).toList();
    }

    /** Owners of the orders refunded or cancelled: stored ones, else the batch's own valid completions. */
    private static Map<String, String> withBatchCompletions(Map<String, String> stored, List<CheckedEvent> checked) {
        Map<String, String> owners = new HashMap<>(stored);
        for (CheckedEvent c : checked) {
            if (c.valid() && c.event().payload().kind() == EventKind.ORDER_COMPLETED) {
                owners.putIfAbsent(c.event().payload().orderId(), c.event().customerId());
            }
        }
        return owners;
    }

    private static Set<String> undoneOrders(List<CheckedEvent> checked) {
        Set<String> ids = new HashSet<>();
        for (CheckedEvent c : checked) {
            if (c.valid() && (c.event().payload().kind() == EventKind.ORDER_REFUNDED
                    || c.event().payload().kind() == EventKind.ORDER_CANCELLED)) {
                ids.add(c.event().payload().orderId());
            }
        }
        return ids;
    }

    /** Valid events the engine cannot apply (another currency, another customer's order) become REJECTED. */
    private static List<CheckedEvent> checkApplicable(List<CheckedEvent> checked, StoreCatalog catalog,
                                                      Map<String, String> orderOwners, String batchField) {
        String currency = catalog.currency().orElse(null);
        List<CheckedEvent> out = new ArrayList<>(checked.size());
        for (CheckedEvent c : checked) {
            if (!c.valid()) {
                out.add(c);
                continue;
            }
            EventViolations v = EventViolations.forElement(batchField, c.index());
            String orderId = c.event().payload().orderId();
            EventRules.checkApplicable(c.event(), currency, orderId == null ? null : orderOwners.get(orderId), v);
            out.add(v.list().isEmpty() ? c : new CheckedEvent(c.index(), c.event(), v.list()));
        }
        return out;
    }

    private static List<CustomerEvent> accepted(List<CheckedEvent> checked, List<EventResult> results) {
        Map<Integer, CustomerEvent> byIndex = new LinkedHashMap<>();
        checked.forEach(c -> byIndex.put(c.index(), c.event()));
        List<CustomerEvent> accepted = new ArrayList<>();
        for (EventResult r : results) {
            if (r.outcome() == EventOutcome.ACCEPTED) {
                accepted.add(byIndex.get(r.index()));
            }
        }
        return accepted;
    }
}
