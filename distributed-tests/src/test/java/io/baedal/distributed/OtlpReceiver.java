package io.baedal.distributed;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.zip.GZIPInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An OTLP/HTTP trace receiver in the test's JVM, standing where Tempo stands in compose: the services'
 * exporters POST {@code ExportTraceServiceRequest}s (protobuf) to {@code /v1/traces}, and it keeps
 * each span's service, ids, name and attributes. It reads the few fields it needs from the protobuf
 * wire format itself (field numbers from opentelemetry-proto's trace.proto, common.proto and
 * resource.proto), rather than bringing the generated classes and protobuf runtime in for a test.
 */
final class OtlpReceiver implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(OtlpReceiver.class);
    private static final HexFormat HEX = HexFormat.of();

    /** One received span; ids in lowercase hex, {@code parentSpanId} empty for a root. */
    record ReceivedSpan(String service, String traceId, String spanId, String parentSpanId, String name,
                        Map<String, String> attributes) {
    }

    private final HttpServer server;
    private final ConcurrentLinkedQueue<ReceivedSpan> spans = new ConcurrentLinkedQueue<>();

    private OtlpReceiver(HttpServer server) {
        this.server = server;
    }

    static OtlpReceiver start() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        OtlpReceiver receiver = new OtlpReceiver(server);
        server.createContext("/v1/traces", receiver::export);
        server.start();
        return receiver;
    }

    /** Where the services send their spans: {@code baedal.tracing.otlp-endpoint}. */
    String endpoint() {
        return "http://localhost:" + server.getAddress().getPort() + "/v1/traces";
    }

    List<ReceivedSpan> spans() {
        return List.copyOf(spans);
    }

    private void export(HttpExchange exchange) throws IOException {
        try {
            if (!"POST".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            InputStream body = exchange.getRequestBody();
            if ("gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
                body = new GZIPInputStream(body);
            }
            byte[] request = body.readAllBytes();
            try {
                readRequest(ByteBuffer.wrap(request));
            } catch (RuntimeException malformed) {
                log.atWarn().addKeyValue("event", "otlp_request_unreadable").setCause(malformed)
                        .log("OTLP request of {} bytes not understood", request.length);
                exchange.sendResponseHeaders(400, -1);
                return;
            }
            // An empty ExportTraceServiceResponse: everything accepted.
            exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
            exchange.sendResponseHeaders(200, -1);
        } finally {
            exchange.close();
        }
    }

    /** ExportTraceServiceRequest: 1 = ResourceSpans (repeated). */
    private void readRequest(ByteBuffer request) {
        for (Field field : fields(request)) {
            if (field.number == 1) {
                readResourceSpans(field.bytes);
            }
        }
    }

    /** ResourceSpans: 1 = Resource (its attributes hold service.name), 2 = ScopeSpans (repeated). */
    private void readResourceSpans(ByteBuffer resourceSpans) {
        String service = "";
        List<ByteBuffer> scopes = new ArrayList<>();
        for (Field field : fields(resourceSpans)) {
            if (field.number == 1) {
                Map<String, String> resource = new LinkedHashMap<>();
                for (Field attribute : fields(field.bytes)) {
                    if (attribute.number == 1) {
                        readKeyValue(attribute.bytes, resource);
                    }
                }
                service = resource.getOrDefault("service.name", "");
            } else if (field.number == 2) {
                scopes.add(field.bytes);
            }
        }
        for (ByteBuffer scope : scopes) {
            for (Field field : fields(scope)) {
                if (field.number == 2) { // ScopeSpans: 2 = Span (repeated)
                    spans.add(readSpan(service, field.bytes));
                }
            }
        }
    }

    /** Span: 1 trace_id, 2 span_id, 4 parent_span_id, 5 name, 9 attributes (KeyValue, repeated). */
    private static ReceivedSpan readSpan(String service, ByteBuffer span) {
        String traceId = "";
        String spanId = "";
        String parentSpanId = "";
        String name = "";
        Map<String, String> attributes = new LinkedHashMap<>();
        for (Field field : fields(span)) {
            switch (field.number) {
                case 1 -> traceId = hex(field.bytes);
                case 2 -> spanId = hex(field.bytes);
                case 4 -> parentSpanId = hex(field.bytes);
                case 5 -> name = text(field.bytes);
                case 9 -> readKeyValue(field.bytes, attributes);
                default -> {
                }
            }
        }
        return new ReceivedSpan(service, traceId, spanId, parentSpanId, name, Map.copyOf(attributes));
    }

    /** KeyValue: 1 key, 2 AnyValue; only string values (AnyValue 1) are kept. */
    private static void readKeyValue(ByteBuffer keyValue, Map<String, String> into) {
        String key = null;
        String value = null;
        for (Field field : fields(keyValue)) {
            if (field.number == 1) {
                key = text(field.bytes);
            } else if (field.number == 2) {
                for (Field any : fields(field.bytes)) {
                    if (any.number == 1 && any.bytes != null) {
                        value = text(any.bytes);
                    }
                }
            }
        }
        if (key != null && value != null) {
            into.put(key, value);
        }
    }

    /** A field of a message: its number and, for length-delimited fields, its bytes (others are skipped). */
    private record Field(int number, ByteBuffer bytes) {
    }

    private static List<Field> fields(ByteBuffer message) {
        ByteBuffer in = message.duplicate();
        List<Field> fields = new ArrayList<>();
        while (in.hasRemaining()) {
            long tag = varint(in);
            int number = (int) (tag >>> 3);
            switch ((int) (tag & 7)) {
                case 0 -> varint(in);
                case 1 -> in.position(in.position() + 8);
                case 2 -> {
                    int length = (int) varint(in);
                    ByteBuffer bytes = in.slice(in.position(), length);
                    in.position(in.position() + length);
                    fields.add(new Field(number, bytes));
                }
                case 5 -> in.position(in.position() + 4);
                default -> throw new IllegalArgumentException("wire type " + (tag & 7) + " of field " + number);
            }
        }
        return fields;
    }

    private static long varint(ByteBuffer in) {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            byte b = in.get();
            value |= (long) (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        throw new IllegalArgumentException("varint longer than 10 bytes");
    }

    private static String hex(ByteBuffer bytes) {
        byte[] copy = new byte[bytes.remaining()];
        bytes.duplicate().get(copy);
        return HEX.formatHex(copy);
    }

    private static String text(ByteBuffer bytes) {
        return StandardCharsets.UTF_8.decode(bytes.duplicate()).toString();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
