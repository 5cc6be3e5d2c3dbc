package io.baedal.standalone;

import static io.baedal.standalone.support.HttpJson.json;
import static io.baedal.standalone.support.OrderRequests.aNoodleOrder;
import static org.assertj.core.api.Assertions.assertThat;

import io.baedal.platform.tracing.TracingConfiguration;
import io.baedal.standalone.support.Await;
import io.baedal.standalone.support.HttpJson;
import io.baedal.standalone.support.RunningBaedal;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.JsonNode;

/**
 * With tracing on, one order's path is one connected trace: the placement's command, the events it
 * publishes, the saga's handling of them and the saga's next commands (payment, kitchen ticket),
 * then the restaurant's accept and what follows from it, each a span whose parent is in the same
 * trace; the spans of messages about the order name it ({@code orderId}); no span for the updates of
 * the order's live stream.
 */
class TracingTest {

    private static final Duration SOON = Duration.ofSeconds(30);
    private static final InMemorySpanExporter SPANS = InMemorySpanExporter.create();
    private static final AttributeKey<String> ORDER_ID = AttributeKey.stringKey(TracingConfiguration.ORDER_ID_ATTRIBUTE);

    @Configuration(proxyBeanMethods = false)
    static class InMemorySpans {
        @Bean
        SpanExporter inMemorySpanExporter() {
            return SPANS;
        }
    }

    @TempDir
    Path dataDir;

    @Test
    void anOrdersPathIsOneTraceFromThePlacementToTheSagasNextCommands() throws Exception {
        try (RunningBaedal baedal = RunningBaedal.start(dataDir, List.of(InMemorySpans.class),
                "baedal.tracing.enabled=true", "baedal.tracing.export-delay=100ms")) {
            HttpJson http = baedal.http();
            String orderId = http.post("/api/orders", json(aNoodleOrder("c-traced"))).json().path("orderId").asString();
            LinkedBlockingQueue<JsonNode> updates = new LinkedBlockingQueue<>();
            try (AutoCloseable stream = http.stream("/api/orders/" + orderId + "/stream", updates)) {
                JsonNode paid = Await.order(http, orderId, view -> "PAID".equals(view.path("status").asString())
                        && view.path("ticketId").isString(), SOON);
                Await.order(http, orderId, view -> view.path("version").asLong() >= 2, SOON);
                String placedTrace = traceOf("PlaceOrderCommand");
                Await.until("the ticket's creation in the placement's trace",
                        () -> spansIn(placedTrace).stream().anyMatch(span -> span.getName().contains("CreateTicketCommand")), SOON);

                // A parent span ends (and is exported) after its children: wait until the tree is whole.
                Await.until("the placement's trace whole", () -> connected(spansIn(placedTrace)), SOON);
                List<SpanData> trace = spansIn(placedTrace);
                Set<String> names = trace.stream().map(SpanData::getName).collect(Collectors.toSet());
                assertThat(names).as("spans of the order's trace").anySatisfy(name -> assertThat(name).contains("ProcessPaymentCommand"))
                        .anySatisfy(name -> assertThat(name).contains("OrderSaga"))
                        .anySatisfy(name -> assertThat(name).contains("PaymentApprovedEvent"))
                        .anySatisfy(name -> assertThat(name).contains("CreateTicketCommand"));
                assertConnected(trace);
                // Tempo finds the order's traces by this attribute (the Saga failures dashboard's link):
                // the dispatch and handling of each message about the order carry it.
                List<SpanData> named = trace.stream().filter(span -> span.getAttributes().get(ORDER_ID) != null).toList();
                assertThat(named).extracting(span -> span.getAttributes().get(ORDER_ID)).containsOnly(orderId);
                assertThat(named).extracting(SpanData::getName)
                        .anySatisfy(name -> assertThat(name).contains("PlaceOrderCommand"))
                        .anySatisfy(name -> assertThat(name).contains("ProcessPaymentCommand"))
                        .anySatisfy(name -> assertThat(name).contains("PaymentApprovedEvent"));
                assertThat(updates).as("the stream saw the order change").isNotEmpty();
                assertThat(SPANS.getFinishedSpanItems()).noneSatisfy(span ->
                        assertThat(span.getName()).containsIgnoringCase("update"));

                // The restaurant's accept starts its own trace, and the saga's reaction belongs to it.
                assertThat(http.post("/api/tickets/" + paid.path("ticketId").asString() + "/accept", null).status())
                        .isEqualTo(202);
                Await.until("a span of the saga's AcceptOrderCommand", () -> SPANS.getFinishedSpanItems().stream()
                        .anyMatch(span -> span.getName().contains("AcceptOrderCommand")), SOON);
                String acceptTrace = traceOf("AcceptTicketCommand");
                Await.until("the accept's trace whole", () -> connected(spansIn(acceptTrace)), SOON);
                assertThat(spansIn(acceptTrace)).anySatisfy(span -> assertThat(span.getName()).contains("AcceptOrderCommand"));
                assertConnected(spansIn(acceptTrace));
                assertThat(acceptTrace).isNotEqualTo(placedTrace);
            }
        }
    }

    private static String traceOf(String commandName) {
        Await.until("a span of " + commandName,
                () -> SPANS.getFinishedSpanItems().stream().anyMatch(span -> span.getName().contains(commandName)), SOON);
        return SPANS.getFinishedSpanItems().stream()
                .filter(span -> span.getName().contains(commandName))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no span for " + commandName + " among "
                        + SPANS.getFinishedSpanItems().stream().map(SpanData::getName).toList()))
                .getTraceId();
    }

    private static List<SpanData> spansIn(String traceId) {
        return SPANS.getFinishedSpanItems().stream().filter(span -> span.getTraceId().equals(traceId)).toList();
    }

    private static boolean connected(List<SpanData> trace) {
        Set<String> ids = trace.stream().map(SpanData::getSpanId).collect(Collectors.toSet());
        return trace.stream().filter(span -> !span.getParentSpanContext().isValid()).count() == 1
                && trace.stream().allMatch(span -> !span.getParentSpanContext().isValid() || ids.contains(span.getParentSpanId()));
    }

    /** One tree: exactly one root, and every other span's parent is a span of the same trace. */
    private static void assertConnected(List<SpanData> trace) {
        Map<String, SpanData> byId = trace.stream().collect(Collectors.toMap(SpanData::getSpanId, span -> span, (a, b) -> a));
        List<SpanData> roots = trace.stream().filter(span -> !span.getParentSpanContext().isValid()).toList();
        assertThat(roots).as("roots of %s", trace.stream().map(SpanData::getName).toList()).hasSize(1);
        assertThat(trace).allSatisfy(span -> {
            if (span.getParentSpanContext().isValid()) {
                assertThat(byId).as("parent of " + span.getName()).containsKey(span.getParentSpanId());
            }
        });
    }
}
