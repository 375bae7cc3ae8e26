package io.laurel.platform.configfeed;

import io.laurel.platform.grpc.PeerChannels;
import io.laurel.proto.program.v1.MutinyConfigChangeServiceGrpc;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import java.time.Clock;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Runs a {@link ConfigFeedSubscriber} in every service that has a {@link ConfigChangeHandler}
 * bean (program-service, the feed's source, has none). Off with
 * {@code laurel.config-feed.enabled=false} (e.g. in tests that seed configuration directly).
 */
@ApplicationScoped
public class ConfigFeedService {

    private static final Logger LOG = Logger.getLogger(ConfigFeedService.class);

    private final Instance<ConfigChangeHandler> handler;
    private final Pool pool;
    private final Vertx vertx;
    private final Clock clock;
    private final PeerChannels peers;
    private final MeterRegistry meters;
    private final boolean enabled;
    private ConfigFeedSubscriber subscriber;

    public ConfigFeedService(Instance<ConfigChangeHandler> handler, Pool pool, Vertx vertx, Clock clock,
                             PeerChannels peers, MeterRegistry meters,
                             @ConfigProperty(name = "laurel.config-feed.enabled", defaultValue = "true") boolean enabled) {
        this.handler = handler;
        this.pool = pool;
        this.vertx = vertx;
        this.clock = clock;
        this.peers = peers;
        this.meters = meters;
        this.enabled = enabled;
    }

    void onStart(@Observes StartupEvent event) {
        if (!enabled || !handler.isResolvable()) {
            return;
        }
        subscriber = new ConfigFeedSubscriber(pool, MutinyConfigChangeServiceGrpc.newMutinyStub(peers.channel("program")),
                handler.get(), clock, Duration.ofMillis(500), Duration.ofSeconds(30));
        FunctionCounter.builder("laurel.config.changes.applied", subscriber, ConfigFeedSubscriber::appliedCount)
                .description("configuration changes applied from program-service's feed").register(meters);
        subscriber.start(vertx);
        LOG.infof("following the configuration feed of program-service at %s", peers.target("program"));
    }

    // PeerChannels closes the channel after this (its observer runs later), so the stream ends first
    void onStop(@Observes ShutdownEvent event) {
        if (subscriber != null) {
            subscriber.stop();
        }
    }
}
