package io.laurel.platform.outbox;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.smallrye.common.vertx.VertxContext;
import io.vertx.core.Vertx;
import java.util.HashMap;
import java.util.Map;

/**
 * Carries the trace of the change that queued an outbox message to the message's delivery: the
 * W3C {@code traceparent} of the current span is stored with the message, and restored around the
 * delivery call, so the call (a client span through {@code PeerChannels}) and the receiver's work
 * join that trace. Without tracing (the SDK off, no current span) nothing is stored or restored.
 */
final class OutboxTrace {

    private static final String TRACEPARENT = "traceparent";

    private static final TextMapGetter<Map<String, String>> GETTER = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Map<String, String> carrier) {
            return carrier.keySet();
        }

        @Override
        public String get(Map<String, String> carrier, String key) {
            return carrier == null ? null : carrier.get(key);
        }
    };

    /** The current span's context as a W3C traceparent, or null when there is none. */
    static String current() {
        if (!Span.current().getSpanContext().isValid()) {
            return null;
        }
        Map<String, String> carrier = new HashMap<>();
        W3CTraceContextPropagator.getInstance().inject(Context.current(), carrier, Map::put);
        return carrier.get(TRACEPARENT);
    }

    /**
     * Runs {@code start} with the stored trace current; as it is, when none was stored. On a Vert.x
     * thread it runs on a fresh duplicated context: Quarkus keeps the current trace in the duplicated
     * context (one per request), so each delivery gets its own and none leaks into the relay's.
     */
    static void runIn(String traceparent, Runnable start) {
        if (traceparent == null) {
            start.run();
            return;
        }
        Context trace = W3CTraceContextPropagator.getInstance()
                .extract(Context.root(), Map.of(TRACEPARENT, traceparent), GETTER);
        Runnable traced = () -> {
            try (Scope ignored = trace.makeCurrent()) {
                start.run();
            }
        };
        io.vertx.core.Context vertx = Vertx.currentContext();
        if (vertx == null) {
            traced.run();
        } else {
            VertxContext.createNewDuplicatedContext(vertx).runOnContext(ignored -> traced.run());
        }
    }


    private OutboxTrace() {
    }
}
