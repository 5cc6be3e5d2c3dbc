package io.baedal.standalone;

import static io.baedal.standalone.OrdersOverHttpTest.assertProblem;
import static io.baedal.standalone.support.HttpJson.json;
import static io.baedal.standalone.support.OrderRequests.aNoodleOrder;
import static io.baedal.standalone.support.OrderRequests.item;
import static io.baedal.standalone.support.OrderRequests.with;
import static org.assertj.core.api.Assertions.assertThat;

import io.baedal.standalone.support.Accounts;
import io.baedal.standalone.support.Await;
import io.baedal.standalone.support.HttpJson;
import io.baedal.standalone.support.RunningBaedal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

/** The query side over real HTTP: each view after each step a client can drive. */
class ViewsOverHttpTest {

    @TempDir
    static Path dataDir;

    private static RunningBaedal baedal;
    private static HttpJson http;

    @BeforeAll
    static void start() {
        baedal = RunningBaedal.start(dataDir);
        http = baedal.http();
    }

    @AfterAll
    static void stop() {
        baedal.close();
    }

    private static String place(String customerId) {
        HttpJson.Response placed = http.post("/api/orders", json(aNoodleOrder(customerId)));
        assertThat(placed.status()).isEqualTo(201);
        return placed.json().path("orderId").asString();
    }

    /** The views' and the saga's settings come with their modules, not with standalone's configuration. */
    @Test
    void theProcessorsAndTheSerializerAreThoseTheModulesShip() {
        var processing = baedal.bean(org.axonframework.config.EventProcessingConfiguration.class);
        for (String view : List.of("order-status", "kitchen-queue", "rider-board", "notifications", "notification-dispatch")) {
            assertThat(processing.eventProcessor(view)).as(view).get()
                    .isInstanceOf(org.axonframework.eventhandling.pooled.PooledStreamingEventProcessor.class);
            assertThat(processing.deadLetterQueue(view)).as(view + " dead letters").isPresent();
        }
        assertThat(processing.eventProcessor("OrderSagaProcessor")).get()
                .isInstanceOf(org.axonframework.eventhandling.TrackingEventProcessor.class);
        assertThat(processing.sequencingPolicy("order-status"))
                .isSameAs(baedal.bean(org.axonframework.eventhandling.async.SequencingPolicy.class));
        assertThat(baedal.bean(org.axonframework.config.Configuration.class).eventSerializer())
                .isInstanceOf(org.axonframework.serialization.jackson3.Jackson3Serializer.class);
    }

    @Test
    void aPlacedOrderIsVisibleToItsCustomerRightAfterPlacement() {
        String customer = "c-" + UUID.randomUUID();
        String orderId = place(customer);

        HttpJson.Response response = http.get("/api/orders/" + orderId + "?minVersion=1");

        assertThat(response.status()).isEqualTo(200);
        JsonNode view = response.json();
        assertThat(view.path("orderId").asString()).isEqualTo(orderId);
        assertThat(view.path("customerId").asString()).isEqualTo(customer);
        assertThat(view.path("restaurantId").asString()).isEqualTo("r-mapo-noodle");
        assertThat(view.path("total").path("amount").asString()).isEqualTo("25000");
        assertThat(view.path("items").size()).isEqualTo(2);
        assertThat(view.path("timeline").get(0).path("status").asString()).isEqualTo("PAYMENT_PENDING");
        assertThat(view.path("timeline").get(0).path("at").asString()).isNotBlank();
        assertThat(view.path("statusLabel").asString()).isNotBlank();
        assertThat(view.path("version").asLong()).isGreaterThanOrEqualTo(1);
        for (String field : List.of("paymentId", "ticketId", "deliveryId", "riderId", "reason")) {
            assertThat(view.has(field)).as(field + " is part of the view").isTrue();
        }
    }

    @Test
    void aCancellationShowsUpInTheViewTheListAndTheNotifications() {
        String customer = "c-" + UUID.randomUUID();
        String orderId = place(customer);
        long version = http.get("/api/orders/" + orderId + "?minVersion=1").json().path("version").asLong();

        assertThat(http.post("/api/orders/" + orderId + "/cancel", json(Map.of("reason", "changed my mind"))).status())
                .isEqualTo(202);

        JsonNode next = http.get("/api/orders/" + orderId + "?minVersion=" + (version + 1)).json();
        assertThat(next.path("version").asLong()).isGreaterThan(version);
        JsonNode view = Await.order(http, orderId, order -> Set.of("CANCELLATION_REQUESTED", "CANCELLED")
                .contains(order.path("status").asString()), Duration.ofSeconds(20));
        assertThat(statuses(view.path("timeline"))).contains("PAYMENT_PENDING", "CANCELLATION_REQUESTED");

        JsonNode page = http.get("/api/customers/" + customer + "/orders").json();
        assertThat(page.path("totalElements").asLong()).isEqualTo(1);
        assertThat(page.path("content").get(0).path("orderId").asString()).isEqualTo(orderId);

        String notificationsPath = "/api/customers/" + customer + "/notifications";
        // The notifications follow the events on their own processor, a moment behind this view.
        JsonNode notifications = Await.until("the customer's notification of the cancellation request",
                () -> http.get(notificationsPath).json(), list -> statuses(list).contains("CANCELLATION_REQUESTED"),
                Duration.ofSeconds(20));
        assertThat(statuses(notifications)).contains("PAYMENT_PENDING", "CANCELLATION_REQUESTED");
        assertThat(notifications.get(0).path("message").asString()).isNotBlank();
    }

    @Test
    void aCustomersOrdersAreListedNewestFirst() {
        String customer = "c-" + UUID.randomUUID();
        String first = place(customer);
        String second = place(customer);
        String third = place(customer);
        List.of(first, second, third).forEach(order -> http.get("/api/orders/" + order + "?minVersion=1"));

        JsonNode page0 = http.get("/api/customers/" + customer + "/orders?page=0&size=2").json();
        JsonNode page1 = http.get("/api/customers/" + customer + "/orders?page=1&size=2").json();

        assertThat(ids(page0.path("content"))).containsExactly(third, second);
        assertThat(ids(page1.path("content"))).containsExactly(first);
        assertThat(page0.path("totalElements").asLong()).isEqualTo(3);
        assertThat(page0.path("totalPages").asInt()).isEqualTo(2);
    }

    @Test
    void aRefusedOrderLeavesNoTraceInTheViews() {
        String customer = "c-refused-" + UUID.randomUUID();
        HttpJson.Response refused = http.post("/api/orders",
                json(with(aNoodleOrder(customer), "items", List.of(item("r-mapo-noodle-kalguksu", 0)))));
        assertProblem(refused, 400, "INVALID_QUANTITY");
        String accepted = place("c-after-" + UUID.randomUUID());
        http.get("/api/orders/" + accepted + "?minVersion=1");

        assertProblem(http.get("/api/customers/" + customer + "/orders"), 404, "CUSTOMER_NOT_FOUND");
        assertProblem(http.get("/api/customers/" + customer + "/notifications"), 404, "CUSTOMER_NOT_FOUND");
        assertThat(baedal.jdbc().queryForObject(
                "SELECT count(*) FROM order_status_view WHERE customer_id = ?", Long.class, customer)).isZero();
    }

    @Test
    void unknownIdsAreNotFound() {
        assertProblem(http.get("/api/orders/o-unknown"), 404, "ORDER_NOT_FOUND");
        assertProblem(http.get("/api/orders/o-unknown/stream"), 404, "ORDER_NOT_FOUND");
        assertProblem(http.get("/api/customers/c-never-ordered/orders"), 404, "CUSTOMER_NOT_FOUND");
        assertProblem(http.get("/api/customers/c-never-ordered/notifications"), 404, "CUSTOMER_NOT_FOUND");
        assertProblem(http.get("/api/restaurants/r-nowhere/tickets"), 404, "RESTAURANT_NOT_FOUND");
        assertProblem(http.get("/api/admin/projections/no-such-view/replay"), 404, "PROCESSING_GROUP_NOT_FOUND");
    }

    /** A paused processor's events wait in the store; the other processors go on; resumed, it catches up. */
    @Test
    void anAdminPausesAProcessorEverywhereAndResumesIt() {
        assertProblem(http.post("/api/admin/processors/no-such-processor/pause", null), 404, "PROCESSING_GROUP_NOT_FOUND");
        String customer = "c-" + UUID.randomUUID();
        String notifications = "/api/customers/" + customer + "/notifications";
        HttpJson.Response paused = http.post("/api/admin/processors/notifications/pause", null);
        assertThat(paused.status()).isEqualTo(200);
        assertThat(paused.json().path("instances").size()).isEqualTo(1);
        try {
            assertThat(processor("notifications").path("running").asBoolean()).isFalse();
            assertThat(processor("notifications").path("segmentsClaimed").asInt()).isZero();
            assertThat(processor("order-status").path("running").asBoolean()).isTrue();
            Await.status(http, place(customer), "PAID", Duration.ofSeconds(30));
            HttpJson.Response none = http.get(notifications);
            assertThat(none.status() == 404 || none.json().isEmpty()).as("notifications while paused: " + none.body()).isTrue();
        } finally {
            assertThat(http.post("/api/admin/processors/notifications/resume", null).status()).isEqualTo(200);
        }
        assertThat(processor("notifications").path("running").asBoolean()).isTrue();
        HttpJson.Response caughtUp = Await.until("the notification of the payment once resumed", () -> http.get(notifications),
                response -> response.status() == 200 && statuses(response.json()).contains("PAID"), Duration.ofSeconds(30));
        assertThat(statuses(caughtUp.json())).contains("PAYMENT_PENDING", "PAID");
    }

    private static JsonNode processor(String name) {
        for (JsonNode processor : http.get("/api/admin/processors").json()) {
            if (processor.path("name").asString().equals(name)) {
                return processor;
            }
        }
        throw new AssertionError("no processor " + name + " in " + http.get("/api/admin/processors").body());
    }

    @Test
    void theSagaIsNotAViewAndCannotBeReplayed() {
        assertProblem(http.post("/api/admin/projections/OrderSagaProcessor/replay", null), 409, "REPLAY_NOT_SUPPORTED");
    }

    /** What sends the notifications is no view either: replaying it would send every message again. */
    @Test
    void theNotificationDispatchCannotBeReplayed() {
        assertProblem(http.post("/api/admin/projections/notification-dispatch/replay", null), 409, "REPLAY_NOT_SUPPORTED");
    }

    @ParameterizedTest(name = "GET {0} is refused as invalid")
    @CsvSource({
            "/api/customers/c-1/orders?page=-1",
            "/api/customers/c-1/orders?size=0",
            "/api/customers/c-1/orders?size=1000",
            "/api/customers/c-1/orders?page=first",
            "/api/orders/o-1?minVersion=-1",
            "/api/orders/o-1?minVersion=latest",
            "/api/restaurants/r-mapo-noodle/tickets?status=BURNT",
            "/api/deliveries?status=LOST"})
    void invalidPagingOrFiltersAreBadRequests(String path) {
        assertProblem(http.get(path), 400, "VALIDATION_FAILED");
    }

    /** The lists hold the order's own ticket and delivery, in the status the filter asks for. */
    @Test
    void theKitchenQueueAndRiderBoardListTheOrdersTicketAndDelivery() {
        String orderId = place("c-" + UUID.randomUUID());
        String ticketId = Await.order(http, orderId, view -> view.path("ticketId").isString(), Duration.ofSeconds(30))
                .path("ticketId").asString();
        String awaiting = "/api/restaurants/r-mapo-noodle/tickets?status=AWAITING_ACCEPTANCE";
        JsonNode queue = Await.until("ticket " + ticketId + " in the kitchen queue", () -> http.get(awaiting).json(),
                list -> values(list, "ticketId").contains(ticketId), Duration.ofSeconds(20));
        assertThat(values(queue, "status")).containsOnly("AWAITING_ACCEPTANCE");

        for (String step : List.of("accept", "start-cooking", "finish-cooking")) {
            assertThat(http.post("/api/tickets/" + ticketId + "/" + step, null).status()).as(step).isEqualTo(202);
        }
        String deliveryId = Await.order(http, orderId, view -> view.path("deliveryId").isString(), Duration.ofSeconds(30))
                .path("deliveryId").asString();
        String board = "/api/deliveries?zone=mapo&status=AWAITING_RIDER";
        JsonNode deliveries = Await.until("delivery " + deliveryId + " on the rider board", () -> http.get(board).json(),
                list -> values(list, "deliveryId").contains(deliveryId), Duration.ofSeconds(20));
        assertThat(values(deliveries, "status")).containsOnly("AWAITING_RIDER");
        assertThat(values(http.get(awaiting).json(), "ticketId")).as("no longer awaiting acceptance").doesNotContain(ticketId);
    }

    @Test
    void theStreamSendsEveryChangeOfTheView() throws Exception {
        String orderId = place("c-" + UUID.randomUUID());
        BlockingQueue<JsonNode> events = new LinkedBlockingQueue<>();

        try (AutoCloseable stream = http.stream("/api/orders/" + orderId + "/stream", events)) {
            JsonNode first = events.poll(10, TimeUnit.SECONDS);
            assertThat(first).as("the current view comes first").isNotNull();
            assertThat(first.path("orderId").asString()).isEqualTo(orderId);

            assertThat(http.post("/api/orders/" + orderId + "/cancel", json(Map.of("reason", "x"))).status()).isEqualTo(202);

            List<JsonNode> seen = new ArrayList<>(List.of(first));
            long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            while (seen.stream().noneMatch(view -> Set.of("CANCELLATION_REQUESTED", "CANCELLED")
                    .contains(view.path("status").asString())) && System.nanoTime() < deadline) {
                JsonNode next = events.poll(1, TimeUnit.SECONDS);
                if (next != null) {
                    seen.add(next);
                }
            }
            assertThat(seen).extracting(view -> view.path("status").asString()).contains("CANCELLATION_REQUESTED");
            List<Long> versions = seen.stream().map(view -> view.path("version").asLong()).toList();
            assertThat(versions).isSorted().doesNotHaveDuplicates();
        }
    }

    @Test
    void theApiIsDocumented() {
        HttpJson.Response docs = http.get("/v3/api-docs");

        assertThat(docs.status()).isEqualTo(200);
        JsonNode paths = docs.json().path("paths");
        for (String path : List.of("/api/orders", "/api/orders/{orderId}", "/api/orders/{orderId}/cancel",
                "/api/orders/{orderId}/stream", "/api/customers/{customerId}/orders", "/api/restaurants",
                "/api/restaurants/{restaurantId}/tickets", "/api/tickets/{ticketId}/accept", "/api/deliveries",
                "/api/deliveries/{deliveryId}/claim", "/api/admin/projections/{processingGroup}/replay")) {
            assertThat(paths.has(path)).as(path).isTrue();
        }
        assertThat(http.get("/swagger-ui/index.html").status()).isEqualTo(200);
        assertThat(docs.json().path("info").path("title").asString()).startsWith("Baedal REST API");

        Set<String> contexts = Set.of("Orders", "Kitchen", "Delivery", "Views", "Admin");
        List<String> operations = new ArrayList<>();
        paths.properties().forEach(path -> path.getValue().properties().forEach(operation -> {
            String name = operation.getKey().toUpperCase() + " " + path.getKey();
            operations.add(name);
            JsonNode tags = operation.getValue().path("tags");
            assertThat(tags.size() == 1 && contexts.contains(tags.get(0).asString())).as(name + " tags " + tags).isTrue();
            assertThat(operation.getValue().path("summary").asString()).as(name + " summary").isNotBlank();
        }));
        assertThat(operations).hasSizeGreaterThan(15);

        JsonNode place = paths.path("/api/orders").path("post");
        assertThat(place.path("tags").get(0).asString()).isEqualTo("Orders");
        JsonNode invalid = place.path("responses").path("400").path("content").path("application/problem+json")
                .path("examples");
        for (String code : List.of("VALIDATION_FAILED", "MALFORMED_REQUEST", "UNKNOWN_MENU_ITEM", "ZONE_NOT_SERVED")) {
            assertThat(invalid.path(code).path("value").path("code").asString()).as(code).isEqualTo(code);
            assertThat(invalid.path(code).path("value").path("status").asInt()).as(code).isEqualTo(400);
        }
        assertThat(place.path("responses").path("409").path("description").asString()).contains("IDEMPOTENCY_KEY_REUSED");
        assertThat(place.path("responses").path("401").path("description").asString()).isEqualTo("UNAUTHENTICATED");
        assertThat(paths.path("/api/restaurants").path("get").path("responses").has("401"))
                .as("the catalogue needs no token").isFalse();
        assertThat(paths.path("/api/tickets/{ticketId}/accept").path("post").path("responses").path("409")
                .path("description").asString()).contains("ILLEGAL_TICKET_STATE");
        assertThat(paths.path("/api/admin/projections/{processingGroup}/replay").path("post").path("responses")
                .path("409").path("description").asString()).isEqualTo("REPLAY_NOT_SUPPORTED");

        // The documented request example places an order as it stands.
        JsonNode example = docs.json().path("components").path("schemas").path("PlaceOrderRequest").path("example");
        assertThat(example.isObject()).as(example.toString()).isTrue();
        HttpJson.Response placed = http.as(Accounts.customer("c-" + UUID.randomUUID()))
                .post("/api/orders", example.toString());
        assertThat(placed.status()).as(placed.body()).isEqualTo(201);
    }

    private static List<String> statuses(JsonNode entries) {
        List<String> statuses = new ArrayList<>();
        entries.forEach(entry -> statuses.add(entry.path("status").asString()));
        return statuses;
    }

    private static List<String> values(JsonNode entries, String field) {
        assertThat(entries.isArray()).as(entries.toString()).isTrue();
        List<String> values = new ArrayList<>();
        entries.forEach(entry -> values.add(entry.path(field).asString()));
        return values;
    }

    private static List<String> ids(JsonNode views) {
        List<String> ids = new ArrayList<>();
        views.forEach(view -> ids.add(view.path("orderId").asString()));
        return ids;
    }
}
