package io.baedal.standalone;

import static io.baedal.standalone.support.HttpJson.json;
import static io.baedal.standalone.support.OrderRequests.aNoodleOrder;
import static io.baedal.standalone.support.OrderRequests.item;
import static io.baedal.standalone.support.OrderRequests.with;
import static org.assertj.core.api.Assertions.assertThat;

import io.baedal.coreapi.payment.ProcessPaymentCommand;
import io.baedal.standalone.support.Await;
import io.baedal.standalone.support.HttpJson;
import io.baedal.standalone.support.JsonLogCapture;
import io.baedal.standalone.support.RunningBaedal;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.axonframework.commandhandling.SimpleCommandBus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Runs orders through the real application with its production log format, then checks that the
 * metrics and log lines exist, and that every dashboard query names only metrics the application
 * exposes and log fields it writes.
 */
class MonitoringTest {

    private static final Duration SOON = Duration.ofSeconds(20);
    private static final String FAILING_PAYMENT_CONTEXT = "tok-failing-payment-context";
    private static final Path DASHBOARDS = Path.of("..", "monitoring", "grafana", "dashboards");
    private static final Path ALERTS = Path.of("..", "monitoring", "prometheus", "alerts.yml");

    @TempDir
    static Path dataDir;

    private static RunningBaedal baedal;
    private static JsonLogCapture logs;
    private static Set<String> exposedMetrics;
    private static String exposition;
    private static List<JsonNode> logLines;
    private static String failedOrder;
    private static String stalledOrder;
    private static String expositionWhileStalled;

    @BeforeAll
    static void runOrders() {
        baedal = RunningBaedal.start(dataDir, "logging.config=classpath:logback-spring.xml",
                "baedal.saga.rider-claim-timeout=1s",
                "baedal.saga.command-retry.max-attempts=2",
                "baedal.saga.command-retry.initial-delay=100ms",
                "baedal.watchdog.interval=200ms",
                "baedal.watchdog.allowance.paid=1s");
        logs = new JsonLogCapture();
        HttpJson http = baedal.http();

        String delivered = place(http, "tok-visa");
        String ticket = Await.order(http, delivered, view -> view.path("ticketId").isString(), SOON).path("ticketId").asString();
        http.post("/api/tickets/" + ticket + "/accept", null);
        Await.status(http, delivered, "ACCEPTED", SOON);
        http.post("/api/tickets/" + ticket + "/start-cooking", null);
        Await.status(http, delivered, "COOKING", SOON);
        http.post("/api/tickets/" + ticket + "/finish-cooking", null);
        String delivery = Await.order(http, delivered, view -> view.path("deliveryId").isString(), SOON)
                .path("deliveryId").asString();
        Await.status(http, delivered, "READY_FOR_PICKUP", SOON);
        Await.until("the unclaimed delivery escalated", () -> baedal.eventCount(null, "DeliveryEscalatedEvent") > 0, SOON);
        http.post("/api/deliveries/" + delivery + "/claim", json(Map.of("riderId", "rider-1")));
        http.post("/api/deliveries/" + delivery + "/pick-up", json(Map.of("riderId", "rider-1")));
        http.post("/api/deliveries/" + delivery + "/deliver", json(Map.of("riderId", "rider-1")));
        Await.status(http, delivered, "DELIVERED", SOON);

        Await.status(http, place(http, "decline-card"), "REJECTED", SOON);
        String cancelled = place(http, "tok-visa");
        Await.order(http, cancelled, view -> view.path("ticketId").isString(), SOON);
        http.post("/api/orders/" + cancelled + "/cancel", json(Map.of("reason", "changed my mind")));
        Await.status(http, cancelled, "CANCELLED", SOON);
        http.post("/api/orders", json(with(aNoodleOrder("c-greedy"), "items", List.of(item("r-mapo-noodle-kalguksu", 500)))));

        // The payment context fails to take this order's payment with an error nobody expects (the
        // gateway is called outside the payment's command, so its own errors are recorded as
        // unavailable instead): the saga retries the command, records a saga failure once the
        // attempts run out, and rejects.
        baedal.bean(SimpleCommandBus.class).registerHandlerInterceptor((unitOfWork, chain) -> {
            if (unitOfWork.getMessage().getPayload() instanceof ProcessPaymentCommand payment
                    && payment.paymentToken().startsWith(FAILING_PAYMENT_CONTEXT)) {
                throw new IllegalStateException("The payment context answered with an error nobody expects");
            }
            return chain.proceed();
        });
        failedOrder = place(http, FAILING_PAYMENT_CONTEXT + "-garbage");
        Await.status(http, failedOrder, "REJECTED", SOON);

        // Every order above has ended. This one is left PAID, its ticket unanswered, past its
        // (shortened) allowance; then the restaurant accepts it and it moves on.
        stalledOrder = place(http, "tok-visa");
        String stalledTicket = Await.order(http, stalledOrder, view -> view.path("ticketId").isString(), SOON)
                .path("ticketId").asString();
        Await.until("one order stalled in PAID on the gauge",
                () -> stalledGauge(http.get("/actuator/prometheus").body(), "PAID") == 1.0, SOON);
        expositionWhileStalled = http.get("/actuator/prometheus").body();
        Await.pause(1000); // several more looks at the same stall, which must not log it again
        http.post("/api/tickets/" + stalledTicket + "/accept", null);
        Await.status(http, stalledOrder, "ACCEPTED", SOON);
        Await.until("no order stalled in PAID on the gauge once accepted",
                () -> stalledGauge(http.get("/actuator/prometheus").body(), "PAID") == 0.0, SOON);

        exposition = http.get("/actuator/prometheus").body();
        exposedMetrics = new HashSet<>();
        for (String line : exposition.split("\n")) {
            if (!line.startsWith("#") && !line.isBlank()) {
                exposedMetrics.add(line.split("[{ ]")[0]);
            }
        }
        logLines = logs.lines();
    }

    @AfterAll
    static void stop() {
        logs.close();
        baedal.close();
    }

    /** The value of {@code baedal_orders_stalled{status}} in an exposition; NaN if it is not there. */
    private static double stalledGauge(String exposition, String status) {
        return gauge(exposition, "baedal_orders_stalled", status);
    }

    private static double gauge(String exposition, String metric, String status) {
        Matcher sample = Pattern.compile("^" + metric + "\\{[^}]*status=\"" + status + "\"[^}]*} (\\S+)$", Pattern.MULTILINE)
                .matcher(exposition);
        return sample.find() ? Double.parseDouble(sample.group(1)) : Double.NaN;
    }

    private static String place(HttpJson http, String token) {
        return http.post("/api/orders", json(with(aNoodleOrder("c-" + UUID.randomUUID()), "paymentToken", token)))
                .json().path("orderId").asString();
    }

    @Test
    void businessMetricsAreExposed() {
        assertThat(exposition).contains("baedal_orders_placed_total")
                .contains("baedal_orders_completed_total")
                .contains("baedal_orders_cancelled_total")
                .contains("baedal_orders_rejected_total{reason=\"PAYMENT_DECLINED\"}")
                .contains("baedal_order_duration_seconds_bucket{outcome=\"DELIVERED\"")
                .contains("baedal_saga_step_duration_seconds_bucket{step=\"payment\"")
                .contains("baedal_saga_step_duration_seconds_bucket{step=\"rider_claim\"")
                .contains("baedal_saga_compensations_total{reason=\"PAYMENT_DECLINED\",step=\"REJECT_ORDER\"}")
                .contains("baedal_saga_escalations_total")
                .contains("baedal_saga_failures_total{reason=\"RETRIES_EXHAUSTED\",step=\"PROCESS_PAYMENT\"}")
                .contains("baedal_saga_retries_total{reason=\"TECHNICAL\",step=\"PROCESS_PAYMENT\"}")
                .contains("baedal_deadletters{processing_group=\"order-status\"}");
    }

    @Test
    void everyNonTerminalStatusHasAStalledGauge() {
        for (String status : List.of("PAYMENT_PENDING", "PAYMENT_RETRYING", "PAID", "ACCEPTED", "COOKING",
                "READY_FOR_PICKUP", "PICKED_UP", "CANCELLATION_REQUESTED")) {
            assertThat(stalledGauge(exposition, status)).as(status).isZero();
        }
        for (String status : List.of("PAID", "ACCEPTED", "COOKING")) {
            assertThat(gauge(exposition, "baedal_orders_behind_kitchen", status)).as(status).isZero();
        }
    }

    @Test
    void anOrderLeftPaidIsStalledUntilItMovesOn() {
        assertThat(stalledGauge(expositionWhileStalled, "PAID")).isEqualTo(1.0);
        assertThat(stalledGauge(exposition, "PAID")).isZero();
        assertThat(baedal.http().get("/api/orders/" + stalledOrder).json().path("status").asString()).isEqualTo("ACCEPTED");

        List<JsonNode> stalls = logLines.stream()
                .filter(line -> "order_stalled".equals(line.path("event").asString()))
                .filter(line -> stalledOrder.equals(line.path("orderId").asString()))
                .toList();
        assertThat(stalls).as("logged once, not at every look").singleElement().satisfies(line -> {
            assertThat(line.path("status").asString()).isEqualTo("PAID");
            assertThat(line.path("reason").asString()).isEqualTo("OVERDUE");
            assertThat(line.path("stalledFor").asString()).matches("PT\\d+S");
            assertThat(line.path("level").asString()).isEqualTo("WARN");
            assertThat(line.path("service").asString()).isEqualTo("baedal-standalone");
        });
    }

    @Test
    void axonMetricsAreExposedPerMessageAndProcessor() {
        assertThat(exposition).contains("commandBus_successCounter_total{payloadType=\"PlaceOrderCommand\"}")
                .contains("queryBus_successCounter_total")
                .contains("eventStore_ingestedCounter_total")
                .containsPattern("eventProcessor_latency\\{[^}]*processorName=\"order-status\"")
                .containsPattern("eventProcessor_capacity\\{[^}]*processorName=\"OrderSagaProcessor\"");
    }

    @Test
    void aSagaFailureIsAStructuredLogLine() {
        JsonNode failure = logLines.stream()
                .filter(line -> "saga_failure".equals(line.path("event").asString()))
                .findFirst().orElseThrow();

        assertThat(failure.path("orderId").asString()).isEqualTo(failedOrder);
        assertThat(failure.path("sagaId").asString()).isNotBlank();
        assertThat(failure.path("step").asString()).isEqualTo("PROCESS_PAYMENT");
        assertThat(failure.path("reason").asString()).isEqualTo("RETRIES_EXHAUSTED");
        assertThat(failure.path("cause").asString()).contains("answered with an error");
        assertThat(failure.path("service").asString()).isEqualTo("baedal-standalone");
        assertThat(failure.path("level").asString()).isEqualTo("WARN");
        assertThat(baedal.http().get("/api/orders/" + failedOrder).json().path("reason").asString())
                .isEqualTo("PAYMENT_UNAVAILABLE");
    }

    @Test
    void compensationsRefusalsAndSagaWorkCarryTheirIds() {
        JsonNode compensation = logLines.stream()
                .filter(line -> "saga_compensation".equals(line.path("event").asString()))
                .findFirst().orElseThrow();
        assertThat(compensation.path("orderId").asString()).isNotBlank();
        assertThat(compensation.path("sagaId").asString()).isNotBlank();
        assertThat(compensation.path("correlationId").asString()).as("Axon's correlation id").isNotBlank();
        assertThat(compensation.path("traceId").asString()).as("Axon's trace id").isNotBlank();

        JsonNode refused = logLines.stream()
                .filter(line -> "order_refused".equals(line.path("event").asString()))
                .findFirst().orElseThrow();
        assertThat(refused.path("code").asString()).isEqualTo("INVALID_QUANTITY");

        assertThat(logLines).anySatisfy(line -> assertThat(line.path("event").asString()).isEqualTo("delivery_escalated"));
    }

    @Test
    void everyDashboardQueryNamesOnlyExposedMetrics() throws IOException {
        List<String> queries = new ArrayList<>(promQueries());
        queries.addAll(alertExpressions());
        assertThat(queries).hasSizeGreaterThan(20);
        for (String query : queries) {
            for (String metric : metricNames(query)) {
                assertThat(exposedMetrics).as("metric %s of query %s", metric, query).contains(metric);
            }
        }
    }

    @Test
    void everyLogQueryUsesOnlyFieldsTheLogsCarry() throws IOException {
        Set<String> fields = new HashSet<>();
        Set<String> events = new HashSet<>();
        for (JsonNode line : logLines) {
            line.propertyNames().forEach(fields::add);
            events.add(line.path("event").asString());
        }
        List<String> queries = logQueries();
        assertThat(queries).isNotEmpty();
        Pattern matcher = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)\\s*(=~|!~|!=|=)\\s*\"([^\"]*)\"");
        for (String query : queries) {
            Matcher m = matcher.matcher(query);
            while (m.find()) {
                assertThat(fields).as("field %s of %s", m.group(1), query).contains(m.group(1));
                if (m.group(1).equals("event")) {
                    for (String event : m.group(3).split("\\|")) {
                        if (!event.contains("*")) {
                            assertThat(events).as("event %s of %s", event, query).contains(event);
                        }
                    }
                }
            }
        }
    }

    private static List<JsonNode> dashboardTargets() throws IOException {
        List<JsonNode> targets = new ArrayList<>();
        try (Stream<Path> files = Files.list(DASHBOARDS)) {
            for (Path file : files.filter(path -> path.toString().endsWith(".json")).toList()) {
                JsonNode dashboard = HttpJson.parse(Files.readString(file));
                assertThat(dashboard.path("panels").size()).as(file.toString()).isGreaterThan(0);
                dashboard.path("panels").forEach(panel -> panel.path("targets").forEach(targets::add));
            }
        }
        return targets;
    }

    static List<String> promQueries() throws IOException {
        return dashboardTargets().stream()
                .filter(target -> "prometheus".equals(target.path("datasource").path("type").asString()))
                .map(target -> target.path("expr").asString())
                .toList();
    }

    private static List<String> logQueries() throws IOException {
        return dashboardTargets().stream()
                .filter(target -> "loki".equals(target.path("datasource").path("type").asString()))
                .map(target -> target.path("expr").asString())
                .toList();
    }

    static List<String> alertExpressions() throws IOException {
        return Files.readAllLines(ALERTS).stream()
                .map(String::trim)
                .filter(line -> line.startsWith("expr:"))
                .map(line -> line.substring("expr:".length()).trim())
                .toList();
    }

    private static final Set<String> PROMQL_WORDS = Set.of("sum", "max", "min", "avg", "count", "rate", "increase",
            "irate", "histogram_quantile", "by", "without", "on", "ignoring", "group_left", "group_right", "and", "or",
            "unless", "offset", "bool", "topk", "bottomk", "abs", "clamp_min", "clamp_max", "delta", "deriv");

    /** The metric names in a PromQL expression: identifiers that are not functions, keywords or labels. */
    static Set<String> metricNames(String query) {
        String bare = query
                .replaceAll("\\{[^}]*}", " ")
                .replaceAll("\\[[^]]*]", " ")
                .replaceAll("\\b(by|without|on|ignoring)\\s*\\([^)]*\\)", " ")
                .replaceAll("\"[^\"]*\"", " ")
                .replaceAll("\\$\\w+", " ");
        Set<String> names = new HashSet<>();
        Matcher identifiers = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*").matcher(bare);
        while (identifiers.find()) {
            String word = identifiers.group();
            if (!PROMQL_WORDS.contains(word)) {
                names.add(word);
            }
        }
        return names;
    }
}
