package io.baedal.standalone;

import static io.baedal.standalone.support.HttpJson.json;
import static io.baedal.standalone.support.OrderRequests.KALGUKSU;
import static io.baedal.standalone.support.OrderRequests.UNAVAILABLE_ITEM;
import static io.baedal.standalone.support.OrderRequests.aNoodleOrder;
import static io.baedal.standalone.support.OrderRequests.item;
import static io.baedal.standalone.support.OrderRequests.with;
import static org.assertj.core.api.Assertions.assertThat;

import io.baedal.standalone.support.Accounts;
import io.baedal.standalone.support.HttpJson;
import io.baedal.standalone.support.RunningBaedal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/** The command side over real HTTP, on the standalone application and its embedded PostgreSQL. */
class OrdersOverHttpTest {

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

    @Test
    void theCatalogueListsRestaurantsInSeveralZonesWithTheirMenus() {
        HttpJson.Response response = http.get("/api/restaurants");

        assertThat(response.status()).isEqualTo(200);
        JsonNode restaurants = response.json();
        assertThat(restaurants.size()).isGreaterThanOrEqualTo(3);
        Set<String> zones = new HashSet<>();
        for (JsonNode restaurant : restaurants) {
            zones.add(restaurant.path("zone").asString());
            assertThat(restaurant.path("zones").valueStream().map(JsonNode::asString).toList())
                    .as("%s delivers to its own zone", restaurant.path("id").asString())
                    .contains(restaurant.path("zone").asString());
            assertThat(restaurant.path("menu").size()).isGreaterThanOrEqualTo(5);
            JsonNode price = restaurant.path("menu").get(0).path("price");
            assertThat(price.path("amount").isString()).as("amount is a decimal string").isTrue();
            assertThat(price.path("currency").asString()).isEqualTo("KRW");
        }
        assertThat(zones).hasSizeGreaterThanOrEqualTo(2);
    }

    @Test
    void aRestaurantSaysWhichZonesItDeliversTo() {
        JsonNode noodles = http.get("/api/restaurants/r-mapo-noodle").json();

        assertThat(noodles.path("zone").asString()).isEqualTo("mapo");
        assertThat(noodles.path("zones").valueStream().map(JsonNode::asString).toList())
                .containsExactly("mapo", "seodaemun", "eunpyeong", "yongsan", "yeongdeungpo");
    }

    @Test
    void anOrderToANeighbouringZoneTheRestaurantServesIsPlaced() {
        Map<String, Object> nextDoor = with(aNoodleOrder("c-next-door"), "deliveryAddress",
                Map.of("street", "50 Yonsei-ro", "zone", "seodaemun"));

        HttpJson.Response response = http.post("/api/orders", json(nextDoor));

        assertThat(response.status()).isEqualTo(201);
        String orderId = response.json().path("orderId").asString();
        assertThat(HttpJson.parse(baedal.eventPayload(orderId, 0)).path("deliveryAddress").path("zone").asString())
                .isEqualTo("seodaemun");
    }

    @Test
    void oneRestaurantIsServedAndAnUnknownOneIsNotFound() {
        assertThat(http.get("/api/restaurants/r-mapo-noodle").json().path("name").asString()).isEqualTo("Mapo Kalguksu");

        HttpJson.Response unknown = http.get("/api/restaurants/r-nowhere");
        assertProblem(unknown, 404, "RESTAURANT_NOT_FOUND");
    }

    @Test
    void aPlacedOrderIsPricedByTheServerAndStored() {
        HttpJson.Response response = http.post("/api/orders", json(aNoodleOrder("c-pricing")));

        assertThat(response.status()).isEqualTo(201);
        String orderId = response.json().path("orderId").asString();
        assertThat(response.header("Location")).isEqualTo("/api/orders/" + orderId);
        assertThat(baedal.eventTypes(orderId)).first().isEqualTo("OrderPlacedEvent");
        JsonNode placed = HttpJson.parse(baedal.eventPayload(orderId, 0));
        assertThat(placed.path("total").path("amount").asString()).isEqualTo("25000");
        assertThat(placed.path("lines").get(0).path("unitPrice").path("amount").asString()).isEqualTo("9000");
        assertThat(placed.path("lines").get(0).path("lineTotal").path("amount").asString()).isEqualTo("18000");
    }

    @Test
    void clientPricesAreIgnored() {
        Map<String, Object> cheeky = with(aNoodleOrder("c-cheeky"), "items",
                List.of(Map.of("menuItemId", KALGUKSU, "quantity", 1, "price", Map.of("amount", "1", "currency", "KRW"))));

        HttpJson.Response response = http.post("/api/orders", json(cheeky));

        assertThat(response.status()).isEqualTo(201);
        String orderId = response.json().path("orderId").asString();
        assertThat(baedal.eventPayload(orderId, 0)).contains("\"total\":{\"amount\":\"9000\"");
    }

    static Stream<Arguments> badOrders() {
        Map<String, Object> valid = aNoodleOrder("c-bad");
        return Stream.of(
                Arguments.of("malformed JSON", "{\"customerId\": \"c-bad\", ", 400, "MALFORMED_REQUEST"),
                Arguments.of("no body", "", 400, "MALFORMED_REQUEST"),
                Arguments.of("a quantity that is not a number", json(with(valid, "items", List.of(item(KALGUKSU, "two")))),
                        400, "MALFORMED_REQUEST"),
                Arguments.of("missing restaurant", json(with(valid, "restaurantId", null)), 400, "VALIDATION_FAILED"),
                Arguments.of("missing items", json(with(valid, "items", null)), 400, "VALIDATION_FAILED"),
                Arguments.of("missing address", json(with(valid, "deliveryAddress", null)), 400, "VALIDATION_FAILED"),
                Arguments.of("missing zone", json(with(valid, "deliveryAddress", Map.of("street", "1 Hongik-ro"))),
                        400, "VALIDATION_FAILED"),
                Arguments.of("missing payment token", json(with(valid, "paymentToken", null)), 400, "VALIDATION_FAILED"),
                Arguments.of("an item without quantity", json(with(valid, "items", List.of(Map.of("menuItemId", KALGUKSU)))),
                        400, "VALIDATION_FAILED"),
                Arguments.of("an id with spaces", json(with(valid, "customerId", "c 1")), 400, "VALIDATION_FAILED"),
                Arguments.of("no items", json(with(valid, "items", List.of())), 400, "EMPTY_ORDER"),
                Arguments.of("quantity zero", json(with(valid, "items", List.of(item(KALGUKSU, 0)))), 400, "INVALID_QUANTITY"),
                Arguments.of("negative quantity", json(with(valid, "items", List.of(item(KALGUKSU, -1)))), 400, "INVALID_QUANTITY"),
                Arguments.of("absurd quantity", json(with(valid, "items", List.of(item(KALGUKSU, 100000)))), 400, "INVALID_QUANTITY"),
                Arguments.of("unknown restaurant", json(with(valid, "restaurantId", "r-nowhere")), 400, "UNKNOWN_RESTAURANT"),
                Arguments.of("unknown menu item", json(with(valid, "items", List.of(item("r-mapo-noodle-pizza", 1)))),
                        400, "UNKNOWN_MENU_ITEM"),
                Arguments.of("an item of another restaurant", json(with(valid, "items", List.of(item("r-jongno-bbq-galbi", 1)))),
                        400, "UNKNOWN_MENU_ITEM"),
                Arguments.of("an unavailable item", json(with(with(with(valid, "restaurantId", "r-gangnam-bibim"),
                                "items", List.of(item(UNAVAILABLE_ITEM, 1))),
                                "deliveryAddress", Map.of("street", "1 Seocho-daero", "zone", "gangnam"))),
                        400, "MENU_ITEM_UNAVAILABLE"),
                Arguments.of("a zone the restaurant does not deliver to", json(with(valid, "deliveryAddress",
                        Map.of("street", "1 Lamppost Way", "zone", "narnia"))), 400, "ZONE_NOT_SERVED"),
                Arguments.of("a restaurant across town", json(with(with(valid, "restaurantId", "r-gangnam-chicken"),
                        "items", List.of(item("r-gangnam-chicken-cola", 1)))), 400, "ZONE_NOT_SERVED"));
    }

    @ParameterizedTest(name = "{0} is refused with {2} {3} and stores nothing")
    @MethodSource("badOrders")
    void badOrdersAreRefusedWithAProblemAndLeaveNoTrace(String what, String body, int status, String code) {
        long placedBefore = baedal.eventCount(null, "OrderPlacedEvent");

        HttpJson.Response response = http.as(Accounts.customer("c-bad"))
                .post("/api/orders", body, Map.of("Idempotency-Key", "bad-" + UUID.randomUUID()));

        assertProblem(response, status, code);
        assertThat(baedal.eventCount(null, "OrderPlacedEvent")).isEqualTo(placedBefore);
        assertThat(baedal.jdbc().queryForObject(
                "SELECT count(*) FROM domain_event_entry WHERE convert_from(payload, 'UTF8') LIKE '%c-bad%'", Long.class))
                .isZero();
        assertThat(baedal.jdbc().queryForObject(
                "SELECT count(*) FROM order_idempotency_key WHERE idempotency_key LIKE 'bad-%'", Long.class)).isZero();
    }

    @Test
    void aBlankIdempotencyKeyIsRefused() {
        HttpJson.Response response = http.post("/api/orders", json(aNoodleOrder("c-blank-key")), Map.of("Idempotency-Key", " "));

        assertProblem(response, 400, "VALIDATION_FAILED");
    }

    @Test
    void theSameIdempotencyKeyWithTheSameBodyReturnsTheSameOrder() {
        String key = "retry-" + UUID.randomUUID();
        String body = json(aNoodleOrder("c-retry"));

        HttpJson.Response first = http.post("/api/orders", body, Map.of("Idempotency-Key", key));
        long placedAfterFirst = baedal.eventCount(null, "OrderPlacedEvent");
        HttpJson.Response retry = http.post("/api/orders", body, Map.of("Idempotency-Key", key));

        assertThat(first.status()).isEqualTo(201);
        assertThat(retry.status()).isEqualTo(201);
        String orderId = first.json().path("orderId").asString();
        assertThat(retry.json().path("orderId").asString()).isEqualTo(orderId);
        assertThat(retry.header("Location")).isEqualTo(first.header("Location"));
        assertThat(retry.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(baedal.eventCount(null, "OrderPlacedEvent")).as("the retry placed no order").isEqualTo(placedAfterFirst);
        assertThat(baedal.eventCount(orderId, "OrderPlacedEvent")).isEqualTo(1);
    }

    /** A client that sent again before its first request was answered: both meet on the key at once. */
    @Test
    void twoConcurrentRequestsWithTheSameIdempotencyKeyPlaceOneOrder() throws Exception {
        String key = "concurrent-" + UUID.randomUUID();
        String body = json(aNoodleOrder("c-concurrent"));
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService clients = Executors.newFixedThreadPool(2);
        try {
            List<Future<HttpJson.Response>> sent = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                sent.add(clients.submit(() -> {
                    go.await();
                    return http.post("/api/orders", body, Map.of("Idempotency-Key", key));
                }));
            }
            go.countDown();
            HttpJson.Response first = sent.get(0).get(60, TimeUnit.SECONDS);
            HttpJson.Response second = sent.get(1).get(60, TimeUnit.SECONDS);

            assertThat(first.status()).as(first.body()).isEqualTo(201);
            assertThat(second.status()).as(second.body()).isEqualTo(201);
            String orderId = first.json().path("orderId").asString();
            assertThat(second.json().path("orderId").asString()).isEqualTo(orderId);
            assertThat(List.of(first.header("Idempotent-Replayed"), second.header("Idempotent-Replayed")))
                    .containsExactlyInAnyOrder("false", "true");
            assertThat(baedal.eventCount(orderId, "OrderPlacedEvent")).isEqualTo(1);
            assertThat(baedal.jdbc().queryForObject("SELECT count(*) FROM domain_event_entry e WHERE e.payload_type LIKE "
                    + "'%OrderPlacedEvent' AND convert_from(e.payload, 'UTF8') LIKE '%c-concurrent%'", Long.class))
                    .as("orders of that customer").isEqualTo(1);
        } finally {
            clients.shutdownNow();
        }
    }

    @Test
    void aRetryWhoseKeyWasLostInACrashStillFindsItsOrder() {
        String key = "lost-" + UUID.randomUUID();
        String body = json(aNoodleOrder("c-lost-key"));
        String orderId = http.post("/api/orders", body, Map.of("Idempotency-Key", key)).json().path("orderId").asString();
        // As if the application had died after the order's commit and before the key's.
        baedal.jdbc().update("DELETE FROM order_idempotency_key WHERE idempotency_key = ?", key);

        HttpJson.Response retry = http.post("/api/orders", body, Map.of("Idempotency-Key", key));

        assertThat(retry.status()).isEqualTo(201);
        assertThat(retry.json().path("orderId").asString()).isEqualTo(orderId);
        assertThat(retry.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(baedal.eventCount(orderId, "OrderPlacedEvent")).isEqualTo(1);
    }

    @Test
    void theSameIdempotencyKeyWithAnotherBodyIsRefused() {
        String key = "reuse-" + UUID.randomUUID();
        http.post("/api/orders", json(aNoodleOrder("c-reuse")), Map.of("Idempotency-Key", key));
        long placedBefore = baedal.eventCount(null, "OrderPlacedEvent");

        HttpJson.Response other = http.post("/api/orders", json(with(aNoodleOrder("c-reuse"), "paymentToken", "tok-other")),
                Map.of("Idempotency-Key", key));

        assertProblem(other, 409, "IDEMPOTENCY_KEY_REUSED");
        assertThat(baedal.eventCount(null, "OrderPlacedEvent")).isEqualTo(placedBefore);
    }

    @Test
    void anOrderIsCancelledOnceAndTheSecondCancelIsRefused() {
        String orderId = http.post("/api/orders", json(aNoodleOrder("c-cancel"))).json().path("orderId").asString();

        HttpJson.Response cancel = http.post("/api/orders/" + orderId + "/cancel", json(Map.of("reason", "changed my mind")));
        assertThat(cancel.status()).isEqualTo(202);
        assertThat(baedal.eventCount(orderId, "OrderCancellationRequestedEvent")).isEqualTo(1);
        assertThat(baedal.jdbc().queryForObject("""
                SELECT convert_from(payload, 'UTF8') FROM domain_event_entry
                WHERE aggregate_identifier = ? AND payload_type LIKE '%.OrderCancellationRequestedEvent'""",
                String.class, orderId)).contains("changed my mind");

        HttpJson.Response again = http.post("/api/orders/" + orderId + "/cancel", json(Map.of("reason", "really")));
        assertProblem(again, 409, "ILLEGAL_ORDER_STATE");
        assertThat(baedal.eventCount(orderId, "OrderCancellationRequestedEvent")).isEqualTo(1);
    }

    @Test
    void cancellingAnUnknownOrderIsNotFoundAndStoresNothing() {
        HttpJson.Response response = http.post("/api/orders/o-unknown/cancel", json(Map.of("reason", "x")));

        assertProblem(response, 404, "ORDER_NOT_FOUND");
        assertThat(baedal.eventCount("o-unknown")).isZero();
    }

    @Test
    void kitchenAndRiderCommandsOnUnknownIdsAreNotFound() {
        assertProblem(http.post("/api/tickets/t-unknown/accept", null), 404, "TICKET_NOT_FOUND");
        assertProblem(http.post("/api/tickets/t-unknown/reject", json(Map.of("reason", "busy"))), 404, "TICKET_NOT_FOUND");
        assertProblem(http.post("/api/deliveries/d-unknown/claim", json(Map.of("riderId", "rider-1"))), 404, "DELIVERY_NOT_FOUND");
    }

    @Test
    void kitchenAndRiderCommandsValidateTheirBodies() {
        assertProblem(http.post("/api/tickets/t-1/reject", json(Map.of())), 400, "VALIDATION_FAILED");
        assertProblem(http.as(Accounts.rider("rider-1")).post("/api/deliveries/d-1/claim",
                json(Map.of("riderId", "r".repeat(65)))), 400, "VALIDATION_FAILED");
        assertProblem(http.post("/api/deliveries/d-1/pick-up", "{"), 400, "MALFORMED_REQUEST");
    }

    @Test
    void anUnknownPathIsAProblemToo() {
        assertProblem(http.as(Accounts.customer("c-1")).get("/api/nothing-here"), 404, "NOT_FOUND");
    }

    @Test
    void healthIsUp() {
        HttpJson.Response health = http.get("/actuator/health");

        assertThat(health.status()).isEqualTo(200);
        assertThat(health.json().path("status").asString()).isEqualTo("UP");
    }

    static void assertProblem(HttpJson.Response response, int status, String code) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        JsonNode problem = response.json();
        assertThat(problem.path("code").asString()).isEqualTo(code);
        assertThat(problem.path("status").asInt()).isEqualTo(status);
        assertThat(problem.path("type").asString()).isNotBlank();
        assertThat(problem.path("title").asString()).isNotBlank();
        assertThat(problem.path("detail").asString()).isNotBlank();
    }
}
