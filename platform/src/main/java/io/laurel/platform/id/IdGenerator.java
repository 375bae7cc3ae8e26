package io.laurel.platform.id;

import jakarta.enterprise.context.ApplicationScoped;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.UUID;

/**
 * Resource ids: UUID version 7 (RFC 9562), time-ordered so that new rows land at the right edge of
 * a B-tree index and ids sort roughly by creation. Time comes from the injected clock.
 */
@ApplicationScoped
public class IdGenerator {

    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public IdGenerator(Clock clock) {
        this.clock = clock;
    }

    public UUID newUuid() {
        long millis = clock.millis();
        long randA = random.nextInt(1 << 12);
        long mostSignificant = (millis & 0xFFFF_FFFF_FFFFL) << 16 | 0x7000L | randA;
        long leastSignificant = (random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
        return new UUID(mostSignificant, leastSignificant);
    }

    public String newId() {
        return newUuid().toString();
    }
}
