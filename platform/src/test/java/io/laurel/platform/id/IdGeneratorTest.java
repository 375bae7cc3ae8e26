package io.laurel.platform.id;

import static org.assertj.core.api.Assertions.assertThat;

import io.laurel.platform.time.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class IdGeneratorTest {

    @Test
    void idsAreVersion7AndOrderedByTheInjectedClock() {
        MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
        IdGenerator ids = new IdGenerator(clock);

        UUID first = ids.newUuid();
        clock.advance(Duration.ofMillis(1));
        UUID second = ids.newUuid();

        assertThat(first.version()).isEqualTo(7);
        assertThat(first.variant()).isEqualTo(2);
        assertThat(first.getMostSignificantBits() >>> 16).isEqualTo(Instant.parse("2026-01-01T00:00:00Z").toEpochMilli());
        assertThat(second.toString()).isGreaterThan(first.toString());
        assertThat(ids.newId()).isNotEqualTo(ids.newId());
    }
}
