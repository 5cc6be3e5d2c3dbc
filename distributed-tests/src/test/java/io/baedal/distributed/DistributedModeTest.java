package io.baedal.distributed;

import static io.baedal.standalone.support.HttpJson.json;
import static io.baedal.standalone.support.HttpJson.text;
import static io.baedal.standalone.support.OrderRequests.aNoodleOrder;
import static io.baedal.standalone.support.OrderRequests.with;
import static org.assertj.core.api.Assertions.assertThat;

import io.baedal.standalone.support.Await;
import io.baedal.standalone.support.HttpJson;
import io.baedal.standalone.support.OrderHistory;
import io.baedal.standalone.support.OrderInvariants;
import io.baedal.standalone.support.StoredEvent;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.condition.EnabledIf;
import tools.jackson.databind.JsonNode;

/**
 * Baedal in its distributed mode, driven only through the gateway as a client would: the journeys
 * of the contract end as in standalone, and a {@code kill -9} of the saga instance and the query
 * instance that hold the work, under a stream of orders, loses nothing: every order ends, and its
 * views and its money agree with the events in Axon Server. Tracing is on, as in compose: an
 * order's placement is one trace across the services.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@EnabledIf(value = "axonServerGiven", disabledReason = "neither AXONSERVER_SERVERS nor AXONSERVER_JAR is set: start "
        + "Axon Server (axonserver/README.md) and run AXONSERVER_SERVERS=localhost:8124 ./mvnw verify, or let the suite "
        + "start its own with AXONSERVER_JAR=/path/to/axonserver.jar ./mvnw verify")
class DistributedModeTest {

    private static final Duration STEP = Duration.ofSeconds(60);
    /** Axon Server keeps its events from run to run; keys (and the order ids made from them) must not repeat. */
    private static final String RUN = Long.toString(System.currentTimeMillis(), 36);
    private static final String SERVERS = "AXONSERVER_SERVERS";
    private static final String JAR = "AXONSERVER_JAR";
    private static OwnAxonServer ownAxonServer;
    private static DistributedBaedal baedal;
    private static HttpJson http;

    static boolean axonServerGiven() {
        return given(SERVERS) || given(JAR);
    }

    private static boolean given(String variable) {
        String value = System.getenv(variable);
        return value != null && !value.isBlank();
    }

    /** On the suite's own Axon Server when {@code AXONSERVER_JAR} is set (so it can restart it), else on the one given. */
    @BeforeAll
    static void start() throws Exception {
        Path run = Path.of("target/run").toAbsolutePath();
        if (given(JAR)) {
            ownAxonServer = OwnAxonServer.start(Path.of(System.getenv(JAR)), run.resolve("axonserver"));
            baedal = DistributedBaedal.start(ownAxonServer.grpcAddress(), ownAxonServer.httpAddress(), run);
        } else {
            String servers = System.getenv(SERVERS);
            String host = servers.split(",")[0].split(":")[0];
            baedal = DistributedBaedal.start(servers,
                    "http://" + host + ":" + System.getenv().getOrDefault("AXONSERVER_HTTP_PORT", "8024"), run);
        }
        http = baedal.http();
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (baedal != null) {
                baedal.close();
            }
        } finally {
            if (ownAxonServer != null) {
                ownAxonServer.close();
            }
        }
    }

    /**
     * Several orders, each followed on its own SSE stream: with two query instances sharing the
     * view's segments, a stream often sits on the instance that does not update its order's row, and
     * must still see every change.
     */
    @Test
    @Order(1)
    void ordersFollowedOnTheirStreamsAreDeliveredThroughTheGateway() throws Exception {
        List<String> orderIds = new ArrayList<>();
        List<LinkedBlockingQueue<JsonNode>> streams = new ArrayList<>();
        List<AutoCloseable> open = new ArrayList<>();
        try {
            for (int i = 0; i < 4; i++) {
                String orderId = place(aNoodleOrder("c-dist-happy-" + i));
                LinkedBlockingQueue<JsonNode> stream = new LinkedBlockingQueue<>();
                open.add(http.stream("/api/orders/" + orderId + "/stream", stream));
                orderIds.add(orderId);
                streams.add(stream);
            }
            orderIds.forEach(DistributedModeTest::deliver);
            for (int i = 0; i < orderIds.size(); i++) {
                List<String> seen = new ArrayList<>();
                long deadline = System.nanoTime() + STEP.toNanos();
                while (!seen.contains("DELIVERED") && System.nanoTime() < deadline) {
                    JsonNode event = streams.get(i).poll(1, TimeUnit.SECONDS);
                    if (event != null) {
                        seen.add(text(event, "status"));
                    }
                }
                assertThat(seen).as("statuses on the stream of " + orderIds.get(i)).contains("DELIVERED");
            }
        } finally {
            for (AutoCloseable stream : open) {
                stream.close();
            }
        }
        JsonNode view = http.get("/api/orders/" + orderIds.get(0) + "?minVersion=1").json();
        assertThat(statuses(view)).containsExactly("PAYMENT_PENDING", "PAID", "ACCEPTED", "COOKING",
                "READY_FOR_PICKUP", "PICKED_UP", "DELIVERED");
        assertThat(judged(orderIds)).isEmpty();
    }

    /**
     * One order's placement is one trace across the services: the order service's command, the
     * saga's handling of its events in the saga service, the payment service's handling of the
     * saga's command and the kitchen's ticket, each span's parent in the same trace, and the spans
     * of messages about the order named by it (Tempo finds them by {@code span.orderId}).
     */
    @Test
    @Order(0)
    void anOrdersPathIsOneTraceAcrossTheServices() {
        String orderId = place(aNoodleOrder("c-dist-traced"));
        ticketOf(orderId);

        String traceId = Await.until("the order service's span of the placement of " + orderId,
                () -> traceOfPlacement(orderId), Objects::nonNull, STEP);
        // A parent span ends (and is exported) after its children, and each service exports on its
        // own: wait for a moment when the trace is whole, and check that moment's spans.
        List<OtlpReceiver.ReceivedSpan> trace = Await.until("the trace of " + orderId + " whole, across " + TRACED,
                () -> spansOf(traceId), spans -> services(spans).containsAll(TRACED) && connected(spans), STEP);
        assertThat(services(trace)).as("services in the trace of %s", orderId).containsAll(TRACED);
        assertThat(trace.stream().filter(span -> span.parentSpanId().isEmpty())).as("roots").hasSize(1);
        Map<String, OtlpReceiver.ReceivedSpan> byId = trace.stream()
                .collect(Collectors.toMap(OtlpReceiver.ReceivedSpan::spanId, span -> span, (a, b) -> a));
        assertThat(trace).as("every span's parent is in the trace").allSatisfy(span -> {
            if (!span.parentSpanId().isEmpty()) {
                assertThat(byId).containsKey(span.parentSpanId());
            }
        });
        // The hops between processes: a span in one service whose parent is in another.
        assertThat(trace).filteredOn(span -> span.service().equals("payment-service")
                        && !span.parentSpanId().isEmpty()
                        && byId.get(span.parentSpanId()).service().equals("saga-service"))
                .as("the payment service's handling under the saga's dispatch").isNotEmpty();
        assertThat(trace).filteredOn(span -> span.service().equals("saga-service")
                        && !span.parentSpanId().isEmpty()
                        && !byId.get(span.parentSpanId()).service().equals("saga-service"))
                .as("the saga's handling under another service's event").isNotEmpty();
        assertThat(trace).extracting(span -> span.attributes().get("orderId")).filteredOn(value -> value != null)
                .isNotEmpty().containsOnly(orderId);
    }

    private static final Set<String> TRACED = Set.of("order-service", "saga-service", "payment-service", "kitchen-service");

    /** The trace of the order service's handling of the order's placement; null until it is exported. */
    private static String traceOfPlacement(String orderId) {
        return baedal.spans().stream()
                .filter(span -> span.service().equals("order-service") && span.name().contains("PlaceOrderCommand")
                        && orderId.equals(span.attributes().get("orderId")))
                .map(OtlpReceiver.ReceivedSpan::traceId)
                .findFirst().orElse(null);
    }

    private static List<OtlpReceiver.ReceivedSpan> spansOf(String traceId) {
        return baedal.spans().stream().filter(span -> span.traceId().equals(traceId)).toList();
    }

    private static Set<String> services(List<OtlpReceiver.ReceivedSpan> spans) {
        return spans.stream().map(OtlpReceiver.ReceivedSpan::service).collect(Collectors.toSet());
    }

    private static boolean connected(List<OtlpReceiver.ReceivedSpan> trace) {
        Set<String> ids = trace.stream().map(OtlpReceiver.ReceivedSpan::spanId).collect(Collectors.toSet());
        return trace.stream().filter(span -> span.parentSpanId().isEmpty()).count() == 1
                && trace.stream().allMatch(span -> span.parentSpanId().isEmpty() || ids.contains(span.parentSpanId()));
    }

    @Test
    @Order(2)
    void aRestaurantsRejectionRefundsAndRejects() {
        String orderId = place(aNoodleOrder("c-dist-reject"));
        String ticketId = ticketOf(orderId);
        assertThat(http.post("/api/tickets/" + ticketId + "/reject", json(Map.of("reason", "out of noodles"))).status())
                .isEqualTo(202);

        JsonNode view = Await.status(http, orderId, "REJECTED", STEP);

        assertThat(text(view, "reason")).isEqualTo("RESTAURANT_REJECTED");
        OrderHistory history = OrderHistory.of(orderId, baedal.eventsOfOrders(List.of(orderId)));
        assertThat(history.count("PaymentRefundedEvent")).isEqualTo(1);
        assertThat(judged(List.of(orderId))).isEmpty();
    }

    @Test
    @Order(3)
    void aCustomersCancelBeforeCookingCancels() {
        String orderId = place(aNoodleOrder("c-dist-cancel"));
        Await.status(http, orderId, "PAID", STEP);

        assertThat(http.post("/api/orders/" + orderId + "/cancel", json(Map.of("reason", "changed my mind"))).status())
                .isEqualTo(202);

        assertThat(text(Await.status(http, orderId, "CANCELLED", STEP), "reason")).isEqualTo("CUSTOMER_CANCELLED");
        assertThat(judged(List.of(orderId))).isEmpty();
    }

    @Test
    @Order(4)
    void aDeclinedCardRejects() {
        String orderId = place(with(aNoodleOrder("c-dist-decline"), "paymentToken", "decline-insufficient-funds"));

        assertThat(text(Await.status(http, orderId, "REJECTED", STEP), "reason")).isEqualTo("PAYMENT_DECLINED");
        assertThat(judged(List.of(orderId))).isEmpty();
    }

    @Test
    @Order(5)
    void refusalsKeepTheirCodesAcrossTheBus() {
        HttpJson.Response unknown = http.post("/api/orders", json(with(aNoodleOrder("c-dist-bad"), "restaurantId", "r-nowhere")));
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.header("Content-Type")).isEqualTo("application/problem+json");
        assertThat(text(unknown.json(), "code")).isEqualTo("UNKNOWN_RESTAURANT");

        String orderId = place(aNoodleOrder("c-dist-twice"));
        String ticketId = ticketOf(orderId);
        assertThat(http.post("/api/tickets/" + ticketId + "/accept", null).status()).isEqualTo(202);
        HttpJson.Response again = http.post("/api/tickets/" + ticketId + "/reject", json(Map.of("reason", "too late")));
        assertThat(again.status()).isEqualTo(409);
        assertThat(text(again.json(), "code")).isEqualTo("ILLEGAL_TICKET_STATE");
        assertThat(text(http.get("/api/orders/not-an-order").json(), "code")).isEqualTo("ORDER_NOT_FOUND");
    }

    /**
     * A replay asked of one query instance through the gateway stops the view's processor in both
     * (the other holds half of its segments), rebuilds the view from Axon Server's events, and both
     * instances go on with it.
     */
    @Test
    @Order(6)
    void aReplayRebuildsTheViewWhicheverInstanceHoldsItsSegments() {
        String delivered = place(aNoodleOrder("c-dist-replay-1"));
        deliver(delivered);
        String declined = place(with(aNoodleOrder("c-dist-replay-2"), "paymentToken", "decline-replay"));
        Await.status(http, declined, "REJECTED", STEP);
        Await.until("both query instances holding segments of order-status",
                () -> baedal.ownersOf("query_service", "order-status").size() == 2, STEP);

        HttpJson.Response replay = http.post("/api/admin/projections/order-status/replay", null);

        assertThat(replay.status()).as(replay.body()).isEqualTo(202);
        Await.until("the replay of order-status done", () -> http.get("/api/admin/projections/order-status/replay").json(),
                progress -> progress.path("running").asBoolean() && !progress.path("replaying").asBoolean(), STEP);
        assertThat(judged(List.of(delivered, declined))).isEmpty();
        String after = place(aNoodleOrder("c-dist-replay-3"));
        deliver(after);
        assertThat(judged(List.of(after))).isEmpty();
    }

    /**
     * The two saga instances and the two query instances share their processors' segments; orders
     * keep coming while one of each, and one of the two order instances, is killed with
     * {@code kill -9}; the survivors take the dead ones' segments over once their claims expire, Axon
     * Server routes the commands to the order instance left, and every order reaches its end.
     */
    @Test
    @Order(7)
    void killingTheBusySagaAndQueryInstancesUnderLoadLosesNothing() throws Exception {
        Await.until("both saga and both query instances holding segments",
                () -> baedal.ownersOf("saga_service", "OrderSagaProcessor").size() == 2
                        && baedal.ownersOf("query_service", "order-status").size() == 2, STEP);
        assertThat(baedal.ownersOf("saga_service", "OrderSagaProcessor")).as("saga instances holding segments").hasSize(2);
        assertThat(baedal.ownersOf("query_service", "order-status")).as("query instances holding segments").hasSize(2);
        int orders = 24;
        List<String> placed = Collections.synchronizedList(new ArrayList<>());
        ExecutorService clients = Executors.newFixedThreadPool(6);
        List<Future<?>> journeys = new ArrayList<>();
        try {
            for (int i = 0; i < orders; i++) {
                int n = i;
                journeys.add(clients.submit(() -> {
                    String orderId = place(n % 6 == 5
                            ? with(aNoodleOrder("c-dist-load-" + n), "paymentToken", "decline-" + n)
                            : aNoodleOrder("c-dist-load-" + n));
                    placed.add(orderId);
                    switch (n % 6) {
                        case 3 -> cancel(orderId);
                        case 4 -> reject(orderId);
                        case 5 -> { }
                        default -> deliver(orderId);
                    }
                    return null;
                }));
                if (i == orders / 3) {
                    List<Long> saga = baedal.ownersOf("saga_service", "OrderSagaProcessor");
                    List<Long> query = baedal.ownersOf("query_service", "order-status");
                    DistributedBaedal.kill9(saga.get(0));
                    DistributedBaedal.kill9(query.get(0));
                    DistributedBaedal.kill9(baedal.pidOf("order-1"));
                }
                Thread.sleep(250);
            }
            for (Future<?> journey : journeys) {
                journey.get(5, TimeUnit.MINUTES);
            }
        } finally {
            clients.shutdownNow();
        }

        assertThat(placed).hasSize(orders);
        assertThat(judged(placed)).isEmpty();
    }

    /**
     * Axon Server goes away (every connection to it reset, as when it is killed) and comes back:
     * meanwhile commands answer 503 with Retry-After and the services' readiness is DOWN; afterwards
     * every service reconnects and an order placed then goes on. How long the views took to show it
     * is written to {@code target/run/axon-server-outage.txt} (a figure, not a test of speed).
     */
    @Test
    @Order(8)
    void whileAxonServerIsAwayCommandsAnswer503AndAfterwardsEverythingGoesOn() throws Exception {
        String before = place(aNoodleOrder("c-dist-before-outage"));
        Await.status(http, before, "PAID", STEP);

        baedal.axonServerAway();
        long awayAt = System.nanoTime();
        HttpJson.Response refused;
        try {
            refused = http.post("/api/orders", json(aNoodleOrder("c-dist-during-outage")));
            Await.until("the order service's readiness DOWN while Axon Server is away", () -> readiness(8091) == 503, STEP);
        } finally {
            baedal.axonServerBack();
        }
        long backAt = System.nanoTime();

        assertThat(refused.status()).as(refused.body()).isEqualTo(503);
        assertThat(refused.header("Retry-After")).isNotNull();
        assertThat(text(refused.json(), "code")).isEqualTo("SERVICE_UNAVAILABLE");
        deliver(before);
        String after = place(aNoodleOrder("c-dist-after-outage"));
        long placedAt = System.nanoTime();
        Await.status(http, after, "PAID", STEP);
        long paidSeenAt = System.nanoTime();
        Await.until("the order service's readiness UP once Axon Server is back", () -> readiness(8091) == 200, STEP);
        deliver(after);
        java.nio.file.Files.writeString(Path.of("target/run/axon-server-outage.txt"), String.format(
                "away %d ms; from back to an order placed: %d ms; from placed to PAID in its view: %d ms%n",
                (backAt - awayAt) / 1_000_000, (placedAt - backAt) / 1_000_000, (paidSeenAt - placedAt) / 1_000_000));
        assertThat(judged(List.of(before, after))).isEmpty();
    }

    /**
     * Axon Server itself killed with {@code kill -9} and started again on its data: meanwhile
     * commands answer 503 and readiness is DOWN; afterwards the services reconnect, an order placed
     * then ends, and so does one that was under way. The figures go to
     * {@code target/run/axon-server-restart.txt}. Needs the suite's own Axon Server ({@code AXONSERVER_JAR}).
     */
    @Test
    @Order(9)
    void axonServerKilledAndStartedAgainLosesNothing() throws Exception {
        Assumptions.assumeTrue(ownAxonServer != null,
                "needs an Axon Server the suite can kill and start again: set AXONSERVER_JAR=/path/to/axonserver.jar");
        String before = place(aNoodleOrder("c-dist-before-restart"));
        ticketOf(before);

        ownAxonServer.kill9();
        long killedAt = System.nanoTime();
        HttpJson.Response refused = http.post("/api/orders", json(aNoodleOrder("c-dist-during-restart")));
        try {
            Await.until("the order service's readiness DOWN while Axon Server is down", () -> readiness(8091) == 503, STEP);
        } finally {
            ownAxonServer.startAgain();
        }
        long upAt = System.nanoTime();
        String after = place(aNoodleOrder("c-dist-after-restart"));
        long placedAt = System.nanoTime();
        Await.status(http, after, "PAID", STEP);
        long paidSeenAt = System.nanoTime();

        assertThat(refused.status()).as(refused.body()).isEqualTo(503);
        assertThat(text(refused.json(), "code")).isEqualTo("SERVICE_UNAVAILABLE");
        deliver(before);
        deliver(after);
        java.nio.file.Files.writeString(Path.of("target/run/axon-server-restart.txt"), String.format(
                "down %d ms (kill -9 to UP again); from UP to an order placed: %d ms; from placed to PAID in its view: %d ms%n",
                (upAt - killedAt) / 1_000_000, (placedAt - upAt) / 1_000_000, (paidSeenAt - placedAt) / 1_000_000));
        assertThat(judged(List.of(before, after))).isEmpty();
    }

    private static int readiness(int port) {
        return HttpJson.at("http://localhost:" + port).get("/actuator/health/readiness").status();
    }

    // --- a client's steps, through the gateway ---

    /**
     * Places an order as a careful client does: with an {@code Idempotency-Key}, sent again on a 503
     * and when the connection broke before the answer came (the instance died mid-answer).
     */
    private static String place(Map<String, Object> order) {
        HttpJson.Response response = retried(() -> {
            try {
                return http.post("/api/orders", json(order),
                        Map.of("Idempotency-Key", "k-" + RUN + "-" + order.get("customerId")));
            } catch (java.io.UncheckedIOException brokenConnection) {
                return new HttpJson.Response(503, Map.of(), brokenConnection.toString());
            }
        });
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return text(response.json(), "orderId");
    }

    /** The order's ticket, once the kitchen has one (the view shows PAID a moment before it shows the ticket). */
    private static String ticketOf(String orderId) {
        return text(Await.order(http, orderId, view -> "PAID".equals(text(view, "status")) && text(view, "ticketId") != null,
                STEP), "ticketId");
    }

    private static void deliver(String orderId) {
        String ticketId = ticketOf(orderId);
        accepted(retried(() -> http.post("/api/tickets/" + ticketId + "/accept", null)));
        Await.status(http, orderId, "ACCEPTED", STEP);
        accepted(retried(() -> http.post("/api/tickets/" + ticketId + "/start-cooking", null)));
        Await.status(http, orderId, "COOKING", STEP);
        accepted(retried(() -> http.post("/api/tickets/" + ticketId + "/finish-cooking", null)));
        String deliveryId = text(Await.order(http, orderId, view -> text(view, "deliveryId") != null, STEP), "deliveryId");
        String rider = json(Map.of("riderId", "rider-" + orderId.substring(0, 8)));
        accepted(retried(() -> http.post("/api/deliveries/" + deliveryId + "/claim", rider)));
        accepted(retried(() -> http.post("/api/deliveries/" + deliveryId + "/pick-up", rider)));
        Await.status(http, orderId, "PICKED_UP", STEP);
        accepted(retried(() -> http.post("/api/deliveries/" + deliveryId + "/deliver", rider)));
        Await.status(http, orderId, "DELIVERED", STEP);
    }

    private static void cancel(String orderId) {
        Await.status(http, orderId, "PAID", STEP);
        accepted(retried(() -> http.post("/api/orders/" + orderId + "/cancel", json(Map.of("reason", "changed my mind")))));
        Await.status(http, orderId, "CANCELLED", STEP);
    }

    private static void reject(String orderId) {
        String ticketId = ticketOf(orderId);
        accepted(retried(() -> http.post("/api/tickets/" + ticketId + "/reject", json(Map.of("reason", "closing early")))));
        Await.status(http, orderId, "REJECTED", STEP);
    }

    private static void accepted(HttpJson.Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(202);
    }

    /** A 503 (a service not reachable for a moment) is sent again after its Retry-After, as the contract says. */
    private static HttpJson.Response retried(java.util.function.Supplier<HttpJson.Response> request) {
        HttpJson.Response response = request.get();
        for (int attempt = 0; attempt < 30 && response.status() == 503; attempt++) {
            Await.pause(1000);
            response = request.get();
        }
        return response;
    }

    private static List<String> statuses(JsonNode view) {
        return StreamSupport.stream(view.path("timeline").spliterator(), false).map(entry -> text(entry, "status")).toList();
    }

    /**
     * What is wrong with these orders once they have settled, judged by the events in Axon Server:
     * each has ended, its money and kitchen agree with how it ended, and the customer's view, the
     * kitchen queue and the rider board say what the events say. Empty when all is well.
     */
    private static Map<String, List<String>> judged(List<String> orderIds) {
        Map<String, List<String>> problems = new LinkedHashMap<>();
        long deadline = System.nanoTime() + STEP.toNanos();
        do {
            problems.clear();
            List<StoredEvent> events = baedal.eventsOfOrders(orderIds);
            for (String orderId : orderIds) {
                OrderHistory history = OrderHistory.of(orderId, events);
                JsonNode view = http.get("/api/orders/" + orderId).json();
                String restaurant = text(view, "restaurantId");
                List<JsonNode> tickets = entriesOf(http.get("/api/restaurants/" + restaurant + "/tickets").json(), orderId);
                List<JsonNode> deliveries = entriesOf(http.get("/api/deliveries").json(), orderId);
                List<String> wrong = new ArrayList<>(OrderInvariants.ofTheStore(history));
                wrong.addAll(OrderInvariants.ofTheViews(history, view, tickets, deliveries));
                wrong.addAll(notificationsSentTwice(text(view, "customerId"), orderId));
                if (!wrong.isEmpty()) {
                    problems.put(orderId, wrong);
                }
            }
            if (!problems.isEmpty()) {
                Await.pause(1000);
            }
        } while (!problems.isEmpty() && System.nanoTime() < deadline);
        return problems;
    }

    private static List<String> notificationsSentTwice(String customerId, String orderId) {
        List<String> statuses = new ArrayList<>();
        for (JsonNode notification : entries(http.get("/api/customers/" + customerId + "/notifications").json())) {
            if (orderId.equals(text(notification, "orderId"))) {
                statuses.add(text(notification, "status"));
            }
        }
        return statuses.stream().distinct().count() == statuses.size()
                ? List.of() : List.of("a notification sent twice: " + statuses);
    }

    private static List<JsonNode> entriesOf(JsonNode list, String orderId) {
        return entries(list).stream().filter(entry -> orderId.equals(text(entry, "orderId"))).toList();
    }

    private static List<JsonNode> entries(JsonNode list) {
        JsonNode items = list.isArray() ? list : list.path("notifications");
        List<JsonNode> entries = new ArrayList<>();
        items.forEach(entries::add);
        return entries;
    }
}
