package io.laurel.progress.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import io.laurel.platform.common.Money;
import io.laurel.platform.outbox.OutboxMessage;
import io.laurel.progress.domain.Outgoing;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which outgoing messages carry the per-customer ordering key (docs/architecture.md "Delivery, refusals and order"). */
class OutgoingMappingTest {

    private static final Instant AT = Instant.parse("2026-12-02T10:00:00Z");

    @Test
    void anEarningAndItsReversalShareTheStoreCustomerOrderingKey() {
        OutboxMessage earn = OutgoingMapping.toOutbox("s1", new Outgoing.EarnForOrder("c1", "e1", "o1",
                new Money(1_000, "USD"), AT));
        OutboxMessage reverse = OutgoingMapping.toOutbox("s1", new Outgoing.ReverseOrderEarning("c1", "e2", "o1", "r1",
                null, AT));
        assertThat(earn.orderingKey()).isEqualTo("s1/c1");
        assertThat(reverse.orderingKey()).isEqualTo("s1/c1");
    }

    @Test
    void aClawBackAndATagSetAreOrderedPerCustomer() {
        OutboxMessage clawBack = OutgoingMapping.toOutbox("s1", new Outgoing.ClawBackReward("c2", "p1", 1, 2, "refund",
                AT, "e3", "o1"));
        OutboxMessage tags = OutgoingMapping.toOutbox("s1", new Outgoing.CustomerTags("c2", "e4", List.of("vip"), AT));
        assertThat(clawBack.orderingKey()).isEqualTo("s1/c2");
        assertThat(tags.orderingKey()).isEqualTo("s1/c2");
    }

    @Test
    void qualifyingActivityNeedsNoOrder() {
        OutboxMessage activity = OutgoingMapping.toOutbox("s1", new Outgoing.QualifyingActivity("c1", "e1",
                Outgoing.QualifyingActivity.Kind.ORDER_COMPLETED, "o1", new Money(1_000, "USD"), AT));
        assertThat(activity.orderingKey()).isNull();
    }
}
