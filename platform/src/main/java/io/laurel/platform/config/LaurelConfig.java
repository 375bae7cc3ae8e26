package io.laurel.platform.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithParentName;
import java.time.Duration;
import java.util.Map;

/**
 * Configuration every Laurel service shares. Each group is mapped under its own prefix
 * ({@code laurel.peers}, {@code laurel.outbox}, {@code laurel.idempotency}) so that other
 * {@code laurel.*} properties (e.g. the devstack's, in tests) are not mistaken for typos.
 */
public final class LaurelConfig {

    private LaurelConfig() {
    }

    /**
     * Where the other services listen, by name ({@code program}, {@code progress}, {@code reward},
     * {@code tier}) as gRPC targets ({@code host:port}); defaults are the fixed local ports.
     */
    @ConfigMapping(prefix = "laurel.peers")
    public interface Peers {
        @WithParentName
        Map<String, String> targets();
    }

    @ConfigMapping(prefix = "laurel.outbox")
    public interface Outbox {
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

        /**
         * Attempts a refusal that may heal (FAILED_PRECONDITION, NOT_FOUND, ...: e.g. the receiver's
         * configuration has not arrived yet) gets before the message is parked.
         */
        @WithDefault("8")
        int parkAfterAttempts();

        /** Delivered messages are kept this long for inspection, then deleted. */
        @WithDefault("P7D")
        Duration keepDelivered();
    }

    @ConfigMapping(prefix = "laurel.idempotency")
    public interface Idempotency {
        /** How long a request_id is remembered; a retry later than this runs afresh. */
        @WithDefault("P7D")
        Duration retention();
    }
}
