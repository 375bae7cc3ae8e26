package io.laurel.progress.domain;

import io.laurel.platform.common.ExpiryPolicy;
import io.laurel.platform.common.Money;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/** Programs, catalogs and events for the engine's plain tests. */
final class Catalogs {

    static final Instant T0 = Instant.parse("2026-06-01T10:00:00Z");
    static final String CUSTOMER = "customer-1";

    private Catalogs() {
    }

    static StoreSettingsVersion settings(String zone) {
        return new StoreSettingsVersion(1, T0.minusSeconds(86_400 * 365), "USD", ZoneId.of(zone), ExpiryPolicy.afterDays(30));
    }

    static ProgramVersion program(String id, long version, Instant from, ProgramVersion.Status status, Metric metric,
                                  Condition condition, long... targets) {
        List<Milestone> milestones = new ArrayList<>();
        for (long t : targets) {
            milestones.add(new Milestone(t, Reward.fixedPoints(t * 10)));
        }
        return new ProgramVersion(id, version, from, T0.minusSeconds(86_400), "Title " + id, status, null, null, metric,
                condition, milestones, ExpiryPolicy.storeDefault(), false);
    }

    static ProgramVersion active(String id, Metric metric, long... targets) {
        return program(id, 1, T0.minusSeconds(3600), ProgramVersion.Status.ACTIVE, metric, null, targets);
    }

    static StoreCatalog catalog(ProgramVersion... versions) {
        return new StoreCatalog(List.of(settings("Europe/Paris")), List.of(versions));
    }

    static CustomerState customer() {
        return new CustomerState(CUSTOMER, 1, null);
    }

    static Money usd(long minor) {
        return new Money(minor, "USD");
    }

    static CustomerEvent event(String id, Instant at, EventPayload payload) {
        return new CustomerEvent(id, "store-1", CUSTOMER, at, payload);
    }

    static CustomerEvent order(String orderId, long minor, Instant at) {
        return event("order-completed:" + orderId, at, new EventPayload.OrderCompleted(orderId, usd(minor)));
    }

    static CustomerEvent refund(String orderId, String refundId, long minor, boolean full, Instant at) {
        return event("refund:" + refundId, at, new EventPayload.OrderRefunded(orderId, refundId, usd(minor), full));
    }

    static CustomerEvent cancel(String orderId, Instant at) {
        return event("cancel:" + orderId, at, new EventPayload.OrderCancelled(orderId));
    }

    static CustomerEvent review(String reviewId, Instant at) {
        return event("review:" + reviewId, at, new EventPayload.ReviewPublished(reviewId, "p-1"));
    }

    static CustomerEvent points(String entry, long points, String sourceProgram, Instant at) {
        return event("ledger:" + entry, at, new EventPayload.PointsEarned(entry, points,
                sourceProgram.isEmpty() ? EventPayload.PointsSource.MANUAL : EventPayload.PointsSource.MILESTONE_REWARD,
                sourceProgram, ""));
    }

    static CustomerEvent reversal(String entry, long points, Instant at) {
        return event("ledger:" + entry, at, new EventPayload.PointsReversed(entry, points,
                EventPayload.PointsReversalReason.MANUAL_DEDUCTION, "", ""));
    }

    static CustomerEvent activity(String id, Instant at) {
        return event("activity:" + id, at, new EventPayload.CustomerActivity(EventPayload.ActivityKind.LOGIN));
    }

    static CustomerEvent tags(String id, Instant at, String... tags) {
        return event("tags:" + id, at, new EventPayload.CustomerUpdated(List.of(tags)));
    }

    static CustomerEvent tier(String id, Instant at, String tierId) {
        return event("tier:" + id, at, new EventPayload.CustomerTierChanged("tp-1", tierId));
    }

    static List<Outgoing.IssueReward> issued(List<Outgoing> out) {
        return out.stream().filter(o -> o instanceof Outgoing.IssueReward).map(o -> (Outgoing.IssueReward) o).toList();
    }

    static List<Long> issuedTargets(List<Outgoing> out) {
        return issued(out).stream().map(Outgoing.IssueReward::target).toList();
    }
}
