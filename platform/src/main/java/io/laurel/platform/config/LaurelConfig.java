package io.laurel.platform.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Map;

/** Configuration every Laurel service shares, under {@code laurel.*}. */
@ConfigMapping(prefix = "laurel")
public interface LaurelConfig {

    /**
     * Where the other services listen, by name ({@code program}, {@code progress}, {@code reward},
     * {@code tier}) as gRPC targets ({@code host:port}); defaults are the fixed local ports.
     */
    Map<String, String> peers();

    Outbox outbox();

    Idempotency idempotency();

    interface Outbox {
        /** Whether this replica runs a relay; any number may. */
        @WithDefault("true")
        boolean relayEnabled();

        @WithDefault("100")
        int batchSize();

        /** Safety-net poll; LISTEN/NOTIFY wakes the relay at once in the ordinary case. */
        @WithDefault("5s")
        Duration pollInterval();

        @WithDefault("500ms")
        Duration initialBackoff();

        @WithDefault("5m")
        Duration maxBackoff();

        @WithDefault("10s")
        Duration deliveryDeadline();

        /** Delivered messages are kept this long for inspection, then deleted. */
        @WithDefault("P7D")
        Duration keepDelivered();
    }

    interface Idempotency {
        /** How long a request_id is remembered; a retry later than this runs afresh. */
        @WithDefault("P7D")
        Duration retention();
    }
}
