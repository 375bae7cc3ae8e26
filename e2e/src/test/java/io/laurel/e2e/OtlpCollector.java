package io.laurel.e2e;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.UnknownFieldSet;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.GZIPInputStream;

/**
 * The smallest OpenTelemetry collector a story needs: an HTTP server in the test JVM taking OTLP over
 * HTTP ({@code POST /v1/traces}, an {@code ExportTraceServiceRequest} in protobuf) and keeping every
 * span it is sent, with the {@code service.name} of the process that sent it. The request is read
 * field by field ({@link UnknownFieldSet}), by the field numbers of {@code opentelemetry/proto/trace/v1},
 * so no OTLP classes are needed: resource_spans = 1 → resource = 1 (attributes = 1: key = 1, value = 2 →
 * string_value = 1) and scope_spans = 2 → spans = 2 → trace_id = 1, span_id = 2, parent_span_id = 4,
 * name = 5, kind = 6.
 */
final class OtlpCollector implements AutoCloseable {

    static final int SPAN_KIND_SERVER = 2;
    static final int SPAN_KIND_CLIENT = 3;

    /** One finished span as a service exported it; ids in lower-case hex, {@code parentSpanId} empty for a root. */
    record ExportedSpan(String service, String traceId, String spanId, String parentSpanId, String name, int kind) {

        boolean is(int kind, String name) {
            return this.kind == kind && this.name.equals(name);
        }

        @Override
        public String toString() {
            String k = switch (kind) {
                case SPAN_KIND_SERVER -> "SERVER";
                case SPAN_KIND_CLIENT -> "CLIENT";
                default -> "kind " + kind;
            };
            return service + " " + k + " " + name + " [" + spanId + " ← " + (parentSpanId.isEmpty() ? "root" : parentSpanId)
                    + "]";
        }
    }

    private final HttpServer server;
    private final List<ExportedSpan> spans = new CopyOnWriteArrayList<>();
    private final List<String> refused = new CopyOnWriteArrayList<>();

    private OtlpCollector(HttpServer server) {
        this.server = server;
    }

    /** Listens on a free loopback port. */
    static OtlpCollector start() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        OtlpCollector collector = new OtlpCollector(server);
        server.createContext("/", collector::receive);
        server.start();
        return collector;
    }

    /** The base URL to give an exporter; OTLP/HTTP exporters append {@code /v1/traces}. */
    String endpoint() {
        return "http://" + server.getAddress().getAddress().getHostAddress() + ":" + server.getAddress().getPort();
    }

    List<ExportedSpan> spans() {
        return List.copyOf(spans);
    }

    /** What was sent here and could not be taken (wrong path or method, unreadable body), for failure messages. */
    List<String> refused() {
        return List.copyOf(refused);
    }

    private void receive(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            if (!exchange.getRequestMethod().equals("POST") || !path.equals("/v1/traces")) {
                refused.add(exchange.getRequestMethod() + " " + path);
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            byte[] body;
            try (InputStream in = "gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))
                    ? new GZIPInputStream(exchange.getRequestBody()) : exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            try {
                spans.addAll(decode(body));
            } catch (InvalidProtocolBufferException e) {
                refused.add("unreadable export request: " + e.getMessage());
                exchange.sendResponseHeaders(400, -1);
                return;
            }
            // an empty ExportTraceServiceResponse: everything accepted
            exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
            exchange.sendResponseHeaders(200, -1);
        }
    }

    static List<ExportedSpan> decode(byte[] exportTraceServiceRequest) throws InvalidProtocolBufferException {
        List<ExportedSpan> result = new ArrayList<>();
        for (ByteString resourceSpans : messages(UnknownFieldSet.parseFrom(exportTraceServiceRequest), 1)) {
            UnknownFieldSet perResource = UnknownFieldSet.parseFrom(resourceSpans);
            String service = "";
            for (ByteString resource : messages(perResource, 1)) {
                for (ByteString attribute : messages(UnknownFieldSet.parseFrom(resource), 1)) {
                    UnknownFieldSet keyValue = UnknownFieldSet.parseFrom(attribute);
                    if (text(keyValue, 1).equals("service.name")) {
                        for (ByteString value : messages(keyValue, 2)) {
                            service = text(UnknownFieldSet.parseFrom(value), 1);
                        }
                    }
                }
            }
            for (ByteString scopeSpans : messages(perResource, 2)) {
                for (ByteString span : messages(UnknownFieldSet.parseFrom(scopeSpans), 2)) {
                    UnknownFieldSet s = UnknownFieldSet.parseFrom(span);
                    List<Long> kind = s.hasField(6) ? s.getField(6).getVarintList() : List.of();
                    result.add(new ExportedSpan(service, hex(s, 1), hex(s, 2), hex(s, 4), text(s, 5),
                            kind.isEmpty() ? 0 : kind.getFirst().intValue()));
                }
            }
        }
        return result;
    }

    private static List<ByteString> messages(UnknownFieldSet fields, int number) {
        return fields.hasField(number) ? fields.getField(number).getLengthDelimitedList() : List.of();
    }

    private static String text(UnknownFieldSet fields, int number) {
        List<ByteString> values = messages(fields, number);
        return values.isEmpty() ? "" : values.getLast().toStringUtf8();
    }

    private static String hex(UnknownFieldSet fields, int number) {
        List<ByteString> values = messages(fields, number);
        return values.isEmpty() ? "" : HexFormat.of().formatHex(values.getLast().toByteArray());
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
