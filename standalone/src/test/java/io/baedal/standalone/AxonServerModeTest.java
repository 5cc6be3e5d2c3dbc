package io.baedal.standalone;

import static io.baedal.standalone.support.HttpJson.json;
import static io.baedal.standalone.support.OrderRequests.aNoodleOrder;
import static org.assertj.core.api.Assertions.assertThat;

import io.baedal.standalone.support.Await;
import io.baedal.standalone.support.HttpJson;
import io.baedal.standalone.support.RunningBaedal;
import io.baedal.standalone.support.TcpRelay;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The standalone application on Axon Server instead of its JPA event store: commands, events and
 * queries (subscription queries included) all travel through Axon Server, reached through a relay
 * that the last test cuts to see the application while Axon Server is gone.
 *
 * <p>Runs only when {@value #SERVERS} names an Axon Server's gRPC address ({@code host:port}, for
 * example {@code localhost:8124}). Axon Server keeps its events across runs: every order here is
 * new, and nothing assumes an empty store.
 */
@EnabledIfEnvironmentVariable(named = AxonServerModeTest.SERVERS, matches = ".+",
        disabledReason = "AXONSERVER_SERVERS is not set; set it to an Axon Server's gRPC address (host:port) to run these tests")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AxonServerModeTest {

    static final String SERVERS = "AXONSERVER_SERVERS";
    private static final Duration SOON = Duration.ofSeconds(30);

    @TempDir
    static Path dataDir;

    private static TcpRelay axonServer;
    private static RunningBaedal baedal;
    private static HttpJson http;

    @BeforeAll
    static void start() {
        // A list of servers is a cluster's; the relay stands in for the first one.
        axonServer = TcpRelay.to(System.getenv(SERVERS).split(",")[0].trim());
        baedal = RunningBaedal.start(dataDir,
                "axon.axonserver.enabled=true",
                "axon.axonserver.servers=localhost:" + axonServer.port());
        http = baedal.http();
    }

    @AfterAll
    static void stop() {
        if (baedal != null) {
            baedal.close();
        }
        if (axonServer != null) {
            axonServer.close();
        }
    }

    private static HttpJson.Response placeOrder(Map<String, String> headers) {
        return http.post("/api/orders", json(aNoodleOrder("c-" + UUID.randomUUID())), headers);
    }

    private static String place() {
        HttpJson.Response placed = placeOrder(Map.of());
        assertThat(placed.status()).as(placed.body()).isEqualTo(201);
        return placed.json().path("orderId").asString();
    }

    private static String paidTicket(String orderId) {
        return Await.order(http, orderId, view -> "PAID".equals(view.path("status").asString())
                && view.path("ticketId").isString(), SOON).path("ticketId").asString();
    }

    private static void accepted(HttpJson.Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(202);
    }

    private static void assertProblem(HttpJson.Response response, int status, String code) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        assertThat(response.json().path("code").asString()).isEqualTo(code);
    }

    @Test
    @Order(1)
    void aReadWithMinVersionWaitsForTheViewThroughASubscriptionQuery() {
        String orderId = place();

        HttpJson.Response read = http.get("/api/orders/" + orderId + "?minVersion=1");

        assertThat(read.status()).as(read.body()).isEqualTo(200);
        assertThat(read.json().path("orderId").asString()).isEqualTo(orderId);
        assertThat(read.json().path("version").asLong()).isGreaterThanOrEqualTo(1);
        assertProblem(http.get("/api/orders/" + UUID.randomUUID() + "?minVersion=1"), 404, "ORDER_NOT_FOUND");
    }

    @Test
    @Order(2)
    void theStreamFollowsAnOrderToDelivered() throws Exception {
        String orderId = place();
        BlockingQueue<JsonNode> events = new LinkedBlockingQueue<>();
        List<JsonNode> seen = new ArrayList<>();
        try (AutoCloseable stream = http.stream("/api/orders/" + orderId + "/stream", events)) {
            String ticketId = paidTicket(orderId);
            accepted(http.post("/api/tickets/" + ticketId + "/accept", null));
            Await.status(http, orderId, "ACCEPTED", SOON);
            accepted(http.post("/api/tickets/" + ticketId + "/start-cooking", null));
            Await.status(http, orderId, "COOKING", SOON);
            accepted(http.post("/api/tickets/" + ticketId + "/finish-cooking", null));
            String deliveryId = Await.order(http, orderId, view -> view.path("deliveryId").isString(), SOON)
                    .path("deliveryId").asString();
            accepted(http.post("/api/deliveries/" + deliveryId + "/claim", json(Map.of("riderId", "rider-as"))));
            accepted(http.post("/api/deliveries/" + deliveryId + "/pick-up", json(Map.of("riderId", "rider-as"))));
            Await.status(http, orderId, "PICKED_UP", SOON);
            accepted(http.post("/api/deliveries/" + deliveryId + "/deliver", json(Map.of("riderId", "rider-as"))));

            long deadline = System.nanoTime() + SOON.toNanos();
            while (seen.isEmpty() || !"DELIVERED".equals(seen.get(seen.size() - 1).path("status").asString())) {
                JsonNode next = events.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                assertThat(next).as("stream events so far: %s", seen).isNotNull();
                seen.add(next);
            }
        }

        assertThat(seen).allSatisfy(view -> assertThat(view.path("orderId").asString()).isEqualTo(orderId));
        List<Long> versions = seen.stream().map(view -> view.path("version").asLong()).toList();
        assertThat(versions).isSorted().doesNotHaveDuplicates();
        List<String> statuses = seen.stream().map(view -> view.path("status").asString()).distinct().toList();
        assertThat(statuses).containsSubsequence("ACCEPTED", "COOKING", "READY_FOR_PICKUP", "PICKED_UP", "DELIVERED");
    }

    @Test
    @Order(3)
    void aRefusedCommandKeepsItsCodeAcrossAxonServer() {
        String orderId = place();
        String ticketId = paidTicket(orderId);
        accepted(http.post("/api/tickets/" + ticketId + "/accept", null));

        HttpJson.Response again = http.post("/api/tickets/" + ticketId + "/accept", null);

        assertProblem(again, 409, "ILLEGAL_TICKET_STATE");
    }

    @Test
    @Order(4)
    void listsKeepTheTypeOfTheirElementsAcrossAxonServer() {
        String orderId = place();
        String ticketId = paidTicket(orderId);
        String customerId = http.get("/api/orders/" + orderId).json().path("customerId").asString();

        Await.until("ticket " + ticketId + " in the kitchen queue",
                () -> http.get("/api/restaurants/r-mapo-noodle/tickets?status=AWAITING_ACCEPTANCE"),
                queue -> queue.status() == 200 && queue.json().findValuesAsString("ticketId").contains(ticketId), SOON);

        HttpJson.Response board = http.get("/api/deliveries?zone=mapo");
        assertThat(board.status()).as(board.body()).isEqualTo(200);
        assertThat(board.json().isArray()).isTrue();

        HttpJson.Response notifications = Await.until("a notification of the customer",
                () -> http.get("/api/customers/" + customerId + "/notifications"),
                response -> response.status() == 200 && response.json().size() > 0, SOON);
        assertThat(notifications.json().path(0).path("orderId").asString()).isEqualTo(orderId);
    }

    /** Last: the processors back off while Axon Server is gone, and would slow the tests after this one. */
    @Test
    @Order(5)
    void whileAxonServerIsUnreachableCommandsAre503AndTheServiceIsNotReady() {
        String placedBefore = place();
        Await.status(http, placedBefore, "PAID", SOON);
        HttpJson.Response ready = http.get("/actuator/health/readiness");
        assertThat(ready.status()).isEqualTo(200);
        assertThat(ready.json().path("components").path("axonServer").path("status").asString()).isEqualTo("UP");
        Map<String, String> keyed = Map.of("Idempotency-Key", "as-outage-" + UUID.randomUUID());

        axonServer.cut();
        try {
            HttpJson.Response notReady = Await.until("readiness DOWN while Axon Server is cut off",
                    () -> http.get("/actuator/health/readiness"), response -> response.status() == 503, SOON);
            assertThat(notReady.json().path("components").path("axonServer").path("status").asString()).isEqualTo("DOWN");
            assertThat(http.get("/actuator/health/liveness").status()).isEqualTo(200);

            HttpJson.Response refused = placeOrder(keyed);
            assertProblem(refused, 503, "SERVICE_UNAVAILABLE");
            assertThat(refused.header("Retry-After")).isEqualTo("5");
            assertProblem(http.post("/api/orders/" + placedBefore + "/cancel", json(Map.of("reason", "x"))),
                    503, "SERVICE_UNAVAILABLE");
            assertProblem(http.get("/api/orders/" + placedBefore), 503, "SERVICE_UNAVAILABLE");
            assertProblem(http.get("/api/orders/" + placedBefore + "?minVersion=1"), 503, "SERVICE_UNAVAILABLE");
        } finally {
            axonServer.restore();
        }

        Await.until("readiness UP once Axon Server is back", () -> http.get("/actuator/health/readiness").status() == 200, SOON);
        // Readiness comes back with the connection; the command handlers re-register a moment later.
        HttpJson.Response retried = Await.until("an answer other than 503 to the refused request sent again with its key",
                () -> placeOrder(keyed), response -> response.status() != 503, SOON);
        assertThat(retried.status()).as("the refused request sent again with its key: %s", retried.body()).isEqualTo(201);
    }
}
