package io.laurel.platform.grpc;

import io.grpc.ClientInterceptor;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.laurel.platform.config.LaurelConfig;
import io.quarkus.grpc.GlobalInterceptor;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.interceptor.Interceptor;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * One plaintext channel per peer service ({@code laurel.peers.<name>}), made on first use and
 * shared by everything in this service that calls the peer; closed gracefully at shutdown. Calls go
 * through the same global client interceptors as Quarkus' own gRPC clients (OpenTelemetry's: each
 * call is a client span and carries the trace context to the peer; Micrometer's client metrics).
 */
@ApplicationScoped
public class PeerChannels {

    private final LaurelConfig.Peers peers;
    private final List<ClientInterceptor> interceptors;
    private final Map<String, ManagedChannel> channels = new ConcurrentHashMap<>();

    public PeerChannels(LaurelConfig.Peers peers, @Any Instance<ClientInterceptor> interceptors) {
        this.peers = peers;
        this.interceptors = interceptors.handlesStream()
                .filter(handle -> handle.getBean().getBeanClass().isAnnotationPresent(GlobalInterceptor.class))
                .map(Instance.Handle::get)
                .toList();
    }

    /** The channel to peer {@code name}; fails when no address is configured for it. */
    public ManagedChannel channel(String name) {
        return channels.computeIfAbsent(name, peer -> {
            String target = peers.targets().get(peer);
            if (target == null) {
                throw new IllegalStateException("no address for peer '" + peer + "': set laurel.peers." + peer);
            }
            return ManagedChannelBuilder.forTarget(target).usePlaintext().intercept(interceptors).build();
        });
    }

    /** Where peer {@code name} listens, as configured (null when it is not). */
    public String target(String name) {
        return peers.targets().get(name);
    }

    // after the default-priority observers, so users stop their calls (e.g. the feed's stream) first
    void onStop(@Observes @Priority(Interceptor.Priority.APPLICATION + 1000) ShutdownEvent event) {
        channels.values().forEach(ManagedChannel::shutdown);
        for (ManagedChannel channel : channels.values()) {
            try {
                if (!channel.awaitTermination(2, TimeUnit.SECONDS)) {
                    channel.shutdownNow();
                }
            } catch (InterruptedException e) {
                channel.shutdownNow();
                Thread.currentThread().interrupt();
            }
        }
        channels.clear();
    }
}
