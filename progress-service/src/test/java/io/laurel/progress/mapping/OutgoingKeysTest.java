package io.laurel.progress.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import io.laurel.platform.common.Money;
import io.laurel.platform.outbox.OutboxMessage;
import io.laurel.progress.domain.Outgoing;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Outbox keys and request ids are built from length-prefixed parts: ids holding ':' or '|' cannot collide. */
class OutgoingKeysTest {

    private static final Instant AT = Instant.parse("2026-06-01T10:00:00Z");

    private static OutboxMessage reverse(String store, String order, String refund) {
        return OutgoingMapping.toOutbox(store, new Outgoing.ReverseOrderEarning("c", "e", order, refund,
                new Money(100, "USD"), AT));
    }

    @Test
    void partsHoldingTheSeparatorNeverMakeTwoMessagesOneKey() {
        assertThat(reverse("s", "a:b", "c").key()).isNotEqualTo(reverse("s", "a", "b:c").key());
        assertThat(reverse("a|b", "c", "d").key()).isNotEqualTo(reverse("a", "b|c", "d").key());
        assertThat(OutgoingMapping.causeKey("p:5", 3, "c", null)).isNotEqualTo(OutgoingMapping.causeKey("p", 5, "3:c", null));
        assertThat(reverse("s", "o", "r").key()).isEqualTo(reverse("s", "o", "r").key());
    }
}
