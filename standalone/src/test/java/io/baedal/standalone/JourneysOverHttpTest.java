package io.baedal.standalone;

import static io.baedal.standalone.support.HttpJson.json;
import static io.baedal.standalone.support.OrderRequests.aNoodleOrder;
import static io.baedal.standalone.support.OrderRequests.with;
import static org.assertj.core.api.Assertions.assertThat;

import io.baedal.standalone.support.Await;
import io.baedal.standalone.support.HttpJson;
import io.baedal.standalone.support.RunningBaedal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** Every journey of an order through the REST API, driven to its end, with the saga running. */
class JourneysOverHttpTest {

    private static final Duration SOON = Duration.ofSeconds(20);

    @TempDir
    static Path dataDir;

    private static RunningBaedal baedal;
    private static HttpJson http;

    @BeforeAll
    static void start() {
        baedal = RunningBaedal.start(dataDir,
                "baedal.saga.acceptance-timeout=4s",
                "baedal.saga.payment-retry.initial-delay=200ms",
                "baedal.saga.payment-retry.max-attempts=3");
        http = baedal.http();
    }

    @AfterAll
    static void stop() {
        baedal.close();
    }

    private static String place(String paymentToken) {
        HttpJson.Response placed = http.post("/api/orders",
                json(with(aNoodleOrder("c-" + UUID.randomUUID()), "paymentToken", paymentToken)));
        assertThat(placed.status()).isEqualTo(201);
        return placed.json().path("orderId").asString();
    }

    private static JsonNode paidWithTicket(String orderId) {
        return Await.order(http, orderId, view -> "PAID".equals(view.path("status").asString())
                && view.path("ticketId").isString(), SOON);
    }

    private static void accepted(HttpJson.Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(202);
    }

    private static long refunds(JsonNode view) {
        return baedal.eventCount(view.path("paymentId").asString(), "PaymentRefundedEvent");
    }

    /**
     * Each view follows the events on its own processor, a moment behind the order-status view:
     * read it once it shows what the test is about to check; fails, saying {@code what}, if it does
     * not in time.
     */
    private static JsonNode settledView(String what, String path, java.util.function.Predicate<JsonNode> caughtUp) {
        return Await.until(what + " (" + path + ")", () -> http.get(path).json(), caughtUp, SOON);
    }

    private static List<String> timeline(JsonNode view) {
        List<String> statuses = new ArrayList<>();
        view.path("timeline").forEach(entry -> statuses.add(entry.path("status").asString()));
        return statuses;
    }

    @Test
    void theHappyPathEndsDelivered() {
        String orderId = place("tok-visa");
        String ticketId = paidWithTicket(orderId).path("ticketId").asString();

        accepted(http.post("/api/tickets/" + ticketId + "/accept", null));
        Await.status(http, orderId, "ACCEPTED", SOON);
        accepted(http.post("/api/tickets/" + ticketId + "/start-cooking", null));
        Await.status(http, orderId, "COOKING", SOON);
        accepted(http.post("/api/tickets/" + ticketId + "/finish-cooking", null));
        String deliveryId = Await.order(http, orderId, view -> "READY_FOR_PICKUP".equals(view.path("status").asString())
                && view.path("deliveryId").isString(), SOON).path("deliveryId").asString();

        JsonNode board = settledView("the delivery on the rider board", "/api/deliveries?zone=mapo&status=AWAITING_RIDER",
                view -> view.findValuesAsString("deliveryId").contains(deliveryId));
        assertThat(board.findValuesAsString("deliveryId")).contains(deliveryId);
        accepted(http.post("/api/deliveries/" + deliveryId + "/claim", json(Map.of("riderId", "rider-1"))));
        HttpJson.Response secondRider = http.post("/api/deliveries/" + deliveryId + "/claim", json(Map.of("riderId", "rider-2")));
        assertThat(secondRider.status()).isEqualTo(409);
        assertThat(secondRider.json().path("code").asString()).isEqualTo("DELIVERY_ALREADY_CLAIMED");
        HttpJson.Response wrongRider = http.post("/api/deliveries/" + deliveryId + "/pick-up", json(Map.of("riderId", "rider-2")));
        assertThat(wrongRider.status()).isEqualTo(409);
        accepted(http.post("/api/deliveries/" + deliveryId + "/pick-up", json(Map.of("riderId", "rider-1"))));
        Await.status(http, orderId, "PICKED_UP", SOON);
        accepted(http.post("/api/deliveries/" + deliveryId + "/deliver", json(Map.of("riderId", "rider-1"))));

        JsonNode delivered = Await.status(http, orderId, "DELIVERED", SOON);
        assertThat(timeline(delivered)).containsExactly("PAYMENT_PENDING", "PAID", "ACCEPTED", "COOKING",
                "READY_FOR_PICKUP", "PICKED_UP", "DELIVERED");
        assertThat(delivered.path("riderId").asString()).isEqualTo("rider-1");
        assertThat(refunds(delivered)).isZero();
        JsonNode tickets = settledView("the ticket among the ready ones", "/api/restaurants/r-mapo-noodle/tickets?status=READY",
                view -> view.findValuesAsString("ticketId").contains(ticketId));
        assertThat(tickets.findValuesAsString("ticketId")).contains(ticketId);
    }

    @Test
    void aDeclinedPaymentRejectsTheOrder() {
        String orderId = place("decline-insufficient-funds");

        JsonNode rejected = Await.status(http, orderId, "REJECTED", SOON);

        assertThat(rejected.path("reason").asString()).isEqualTo("PAYMENT_DECLINED");
        assertThat(refunds(rejected)).isZero();
        assertThat(rejected.path("ticketId").isNull()).isTrue();
    }

    @Test
    void aRestaurantRejectionRefundsAndRejects() {
        String orderId = place("tok-visa");
        String ticketId = paidWithTicket(orderId).path("ticketId").asString();

        accepted(http.post("/api/tickets/" + ticketId + "/reject", json(Map.of("reason", "out of noodles"))));

        JsonNode rejected = Await.status(http, orderId, "REJECTED", SOON);
        assertThat(rejected.path("reason").asString()).isEqualTo("RESTAURANT_REJECTED");
        assertThat(refunds(rejected)).isEqualTo(1);
    }

    @Test
    void noAnswerFromTheRestaurantRejectsTheOrderAfterTheAcceptanceTimeout() {
        String orderId = place("tok-visa");
        String ticketId = paidWithTicket(orderId).path("ticketId").asString();

        JsonNode rejected = Await.status(http, orderId, "REJECTED", SOON);

        assertThat(rejected.path("reason").asString()).isEqualTo("ACCEPTANCE_TIMEOUT");
        assertThat(refunds(rejected)).isEqualTo(1);
        JsonNode tickets = settledView("the ticket among the rejected ones", "/api/restaurants/r-mapo-noodle/tickets?status=REJECTED",
                view -> view.findValuesAsString("ticketId").contains(ticketId));
        assertThat(tickets.findValuesAsString("ticketId")).contains(ticketId);
        assertThat(http.post("/api/tickets/" + ticketId + "/accept", null).status()).isEqualTo(409);
    }

    @Test
    void aCancelBeforePaymentCancelsWithoutCharging() {
        String orderId = place("unavailable-gateway-down");
        Await.status(http, orderId, "PAYMENT_RETRYING", SOON);

        accepted(http.post("/api/orders/" + orderId + "/cancel", json(Map.of("reason", "too slow"))));

        JsonNode cancelled = Await.status(http, orderId, "CANCELLED", SOON);
        assertThat(cancelled.path("reason").asString()).isEqualTo("CUSTOMER_CANCELLED");
        assertThat(baedal.eventCount(cancelled.path("paymentId").asString(), "PaymentApprovedEvent")).isZero();
        assertThat(refunds(cancelled)).isZero();
    }

    @Test
    void aCancelAfterPaymentCancelsTheTicketAndRefundsOnce() {
        String orderId = place("tok-visa");
        String ticketId = paidWithTicket(orderId).path("ticketId").asString();

        accepted(http.post("/api/orders/" + orderId + "/cancel", json(Map.of("reason", "changed my mind"))));

        JsonNode cancelled = Await.status(http, orderId, "CANCELLED", SOON);
        assertThat(timeline(cancelled)).containsExactly("PAYMENT_PENDING", "PAID", "CANCELLATION_REQUESTED", "CANCELLED");
        assertThat(refunds(cancelled)).isEqualTo(1);
        JsonNode tickets = settledView("the ticket among the cancelled ones", "/api/restaurants/r-mapo-noodle/tickets?status=CANCELLED",
                view -> view.findValuesAsString("ticketId").contains(ticketId));
        assertThat(tickets.findValuesAsString("ticketId")).contains(ticketId);
        JsonNode notifications = settledView("the notification of the cancellation, newest",
                "/api/customers/" + cancelled.path("customerId").asString() + "/notifications",
                view -> "CANCELLED".equals(view.path(0).path("status").asString()));
        assertThat(notifications.get(0).path("status").asString()).isEqualTo("CANCELLED");
    }

    @Test
    void aCancelOnceCookingStartedIsRefusedAndTheOrderCarriesOn() {
        String orderId = place("tok-visa");
        String ticketId = paidWithTicket(orderId).path("ticketId").asString();
        accepted(http.post("/api/tickets/" + ticketId + "/accept", null));
        Await.status(http, orderId, "ACCEPTED", SOON);
        accepted(http.post("/api/tickets/" + ticketId + "/start-cooking", null));
        Await.status(http, orderId, "COOKING", SOON);

        HttpJson.Response cancel = http.post("/api/orders/" + orderId + "/cancel", json(Map.of("reason", "late")));

        assertThat(cancel.status()).isEqualTo(409);
        assertThat(cancel.json().path("code").asString()).isEqualTo("ILLEGAL_ORDER_STATE");
        assertThat(Await.status(http, orderId, "COOKING", SOON).path("reason").isNull()).isTrue();
    }

    @Test
    void anUnavailableGatewayIsRetriedThenTheOrderIsRejected() {
        String orderId = place("unavailable-for-good");

        JsonNode rejected = Await.status(http, orderId, "REJECTED", SOON);

        assertThat(rejected.path("reason").asString()).isEqualTo("PAYMENT_UNAVAILABLE");
        assertThat(timeline(rejected)).containsExactly("PAYMENT_PENDING", "PAYMENT_RETRYING", "REJECTED");
        assertThat(baedal.eventCount(rejected.path("paymentId").asString(), "PaymentUnavailableEvent")).isEqualTo(3);
    }
}
