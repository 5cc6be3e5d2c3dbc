package io.baedal.standalone;

import static io.baedal.standalone.support.HttpJson.json;
import static io.baedal.standalone.support.OrderRequests.aNoodleOrder;
import static io.baedal.standalone.support.OrderRequests.with;
import static org.assertj.core.api.Assertions.assertThat;

import io.baedal.standalone.support.Accounts;
import io.baedal.standalone.support.Await;
import io.baedal.standalone.support.HttpJson;
import io.baedal.standalone.support.RunningBaedal;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Who may call what (the contract's "Who may call what"), over HTTP with tokens from the
 * application's own issuer: every rule once allowed and once refused, and a refusal stores nothing.
 */
class AccessOverHttpTest {

    private static final Duration SOON = Duration.ofSeconds(20);

    @TempDir
    static Path dataDir;

    private static RunningBaedal baedal;
    private static HttpJson http;
    private static String baseUrl;

    @BeforeAll
    static void start() {
        baedal = RunningBaedal.start(dataDir);
        http = baedal.http();
        baseUrl = baedal.baseUrl();
    }

    @AfterAll
    static void stop() {
        baedal.close();
    }

    private static void assertProblem(HttpJson.Response response, int status, String code) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        assertThat(response.json().path("code").asString()).isEqualTo(code);
        assertThat(response.json().path("status").asInt()).isEqualTo(status);
        assertThat(response.json().path("detail").asString()).isNotBlank();
    }

    private static String placeAs(String customerId) {
        HttpJson.Response placed = http.as(Accounts.customer(customerId)).post("/api/orders", json(aNoodleOrder(customerId)));
        assertThat(placed.status()).as(placed.body()).isEqualTo(201);
        return placed.json().path("orderId").asString();
    }

    private static JsonNode paidWithTicket(String orderId) {
        return Await.order(http, orderId, view -> "PAID".equals(view.path("status").asString())
                && view.path("ticketId").isString(), SOON);
    }

    @Test
    void withoutATokenTheApiAnswers401AndStoresNothing() {
        long before = baedal.eventCount(null);
        HttpJson anonymous = http.anonymous();

        HttpJson.Response place = anonymous.post("/api/orders", json(aNoodleOrder("c-anon")));
        assertProblem(place, 401, "UNAUTHENTICATED");
        assertThat(place.header("WWW-Authenticate")).startsWith("Bearer");
        for (String path : new String[] {"/api/orders/o-1", "/api/customers/c-anon/orders", "/api/deliveries",
                "/api/restaurants/r-mapo-noodle/tickets", "/api/admin/projections/order-status/replay", "/api/nothing"}) {
            assertProblem(anonymous.get(path), 401, "UNAUTHENTICATED");
        }
        assertProblem(anonymous.post("/api/tickets/t-1/accept", null), 401, "UNAUTHENTICATED");
        assertThat(baedal.eventCount(null)).isEqualTo(before);
    }

    @Test
    void aForgedOrMangledTokenIs401() {
        String real = http.tokenOf(Accounts.customer("c-forger"));
        String[] parts = real.split("\\.");
        String otherCustomer = Base64.getUrlEncoder().withoutPadding().encodeToString(
                new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                        .replace("c-forger", "c-victim").getBytes(StandardCharsets.UTF_8));
        String forged = parts[0] + "." + otherCustomer + "." + parts[2];

        assertProblem(http.withToken(forged).post("/api/orders", json(aNoodleOrder("c-victim"))), 401, "UNAUTHENTICATED");
        assertProblem(http.withToken("not-a-jwt").get("/api/customers/c-victim/orders"), 401, "UNAUTHENTICATED");
        assertThat(baedal.jdbc().queryForObject(
                "SELECT count(*) FROM domain_event_entry WHERE convert_from(payload, 'UTF8') LIKE '%c-victim%'",
                Long.class)).isZero();
    }

    @Test
    void theCatalogueHealthMetricsAndApiDocsNeedNoToken() {
        HttpJson anonymous = http.anonymous();
        assertThat(anonymous.get("/api/restaurants").status()).isEqualTo(200);
        assertThat(anonymous.get("/api/restaurants/r-mapo-noodle").status()).isEqualTo(200);
        assertThat(anonymous.get("/actuator/health/readiness").status()).isEqualTo(200);
        assertThat(anonymous.get("/actuator/prometheus").status()).isEqualTo(200);
        HttpJson.Response apiDocs = anonymous.get("/v3/api-docs");
        assertThat(apiDocs.status()).isEqualTo(200);
        assertThat(apiDocs.json().path("components").path("securitySchemes").path("bearer").path("scheme").asString())
                .isEqualTo("bearer");
        assertThat(apiDocs.json().path("security").toString()).contains("bearer");
        // Other actuator endpoints are for operators.
        assertProblem(anonymous.get("/actuator/metrics"), 401, "UNAUTHENTICATED");
        assertProblem(http.as(Accounts.customer("c-1")).get("/actuator/metrics"), 403, "FORBIDDEN");
        assertThat(http.as(Accounts.ADMIN).get("/actuator/metrics").status()).isEqualTo(200);
    }

    @Test
    void theReadmesDemoAccountsSignInWithTheirSecretAndNoOtherSecret() throws Exception {
        HttpResponse<String> wrong = tokenRequest("c-1", "not-the-secret");
        assertThat(wrong.statusCode()).isEqualTo(401);
        HttpResponse<String> right = tokenRequest("c-1", "demo");
        assertThat(right.statusCode()).as(right.body()).isEqualTo(200);
        JsonNode claims = claimsOf(HttpJson.parse(right.body()).path("access_token").asString());
        assertThat(claims.path("sub").asString()).isEqualTo("c-1");
        assertThat(claims.path("roles").get(0).asString()).isEqualTo("customer");
        assertThat(claims.path("aud").toString()).contains("baedal");
        JsonNode kitchen = claimsOf(HttpJson.parse(tokenRequest("gangnam-kitchen", "demo").body()).path("access_token").asString());
        assertThat(kitchen.path("restaurants").toString()).contains("r-gangnam-bibim", "r-gangnam-chicken");
        // A made-up account exists only where test accounts are switched on (they are in tests).
        assertThat(tokenRequest("customer:c-made-up", "wrong").statusCode()).isEqualTo(401);
    }

    @Test
    void aCustomerPlacesOnlyAsItself() {
        HttpJson kim = http.as(Accounts.customer("c-kim"));
        Map<String, Object> withoutCustomer = with(aNoodleOrder("ignored"), "customerId", null);

        HttpJson.Response own = kim.post("/api/orders", json(withoutCustomer));
        assertThat(own.status()).as(own.body()).isEqualTo(201);
        String orderId = own.json().path("orderId").asString();
        assertThat(Await.order(kim, orderId, view -> view.path("customerId").isString(), SOON)
                .path("customerId").asString()).isEqualTo("c-kim");

        long placed = baedal.eventCount(null, "OrderPlacedEvent");
        assertProblem(kim.post("/api/orders", json(aNoodleOrder("c-lee")), Map.of("Idempotency-Key", "kim-as-lee")),
                403, "FORBIDDEN");
        assertThat(baedal.eventCount(null, "OrderPlacedEvent")).isEqualTo(placed);
        assertThat(baedal.jdbc().queryForObject(
                "SELECT count(*) FROM order_idempotency_key WHERE idempotency_key = 'kim-as-lee'", Long.class)).isZero();

        for (String other : new String[] {Accounts.rider("rider-x"), Accounts.everyKitchen(), Accounts.ADMIN}) {
            assertProblem(http.as(other).post("/api/orders", json(withoutCustomer)), 403, "FORBIDDEN");
        }
    }

    @Test
    void anotherCustomersOrderIsNotFoundAndCannotBeCancelled() throws Exception {
        String orderId = placeAs("c-owner");
        // Paid and waiting on the restaurant: the order's own events stop here, so a count taken now holds.
        paidWithTicket(orderId);
        HttpJson stranger = http.as(Accounts.customer("c-stranger"));
        long events = baedal.eventCount(orderId);

        assertProblem(stranger.get("/api/orders/" + orderId), 404, "ORDER_NOT_FOUND");
        assertProblem(stranger.get("/api/orders/" + orderId + "?minVersion=1"), 404, "ORDER_NOT_FOUND");
        assertProblem(stranger.post("/api/orders/" + orderId + "/cancel", json(Map.of("reason", "mine now"))),
                404, "ORDER_NOT_FOUND");
        assertProblem(stranger.get("/api/customers/c-owner/orders"), 404, "CUSTOMER_NOT_FOUND");
        assertProblem(stranger.get("/api/customers/c-owner/notifications"), 404, "CUSTOMER_NOT_FOUND");
        // The stream answers 404 before it starts.
        HttpResponse<String> stream = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(baseUrl + "/api/orders/" + orderId + "/stream"))
                .header("Accept", "text/event-stream")
                .header("Authorization", "Bearer " + http.tokenOf(Accounts.customer("c-stranger")))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(stream.statusCode()).isEqualTo(404);
        assertThat(baedal.eventCount(orderId)).isEqualTo(events);

        // The owner sees it, streams it and lists it.
        assertThat(http.get("/api/orders/" + orderId).status()).isEqualTo(200);
        LinkedBlockingQueue<JsonNode> events2 = new LinkedBlockingQueue<>();
        try (AutoCloseable ignored = http.stream("/api/orders/" + orderId + "/stream", events2)) {
            assertThat(events2.poll(10, TimeUnit.SECONDS)).isNotNull();
        }
        assertThat(http.get("/api/customers/c-owner/orders").json().path("totalElements").asLong()).isEqualTo(1);
    }

    @Test
    void aRestaurantWorksOnlyItsOwnTickets() {
        String orderId = placeAs("c-hungry");
        String ticketId = paidWithTicket(orderId).path("ticketId").asString();
        HttpJson gangnam = http.as(Accounts.restaurant("r-gangnam-bibim", "r-gangnam-chicken"));
        HttpJson mapo = http.as(Accounts.restaurant("r-mapo-noodle"));
        long events = baedal.eventCount(ticketId);

        assertProblem(gangnam.get("/api/restaurants/r-mapo-noodle/tickets"), 403, "FORBIDDEN");
        assertProblem(gangnam.post("/api/tickets/" + ticketId + "/accept", null), 404, "TICKET_NOT_FOUND");
        assertProblem(gangnam.post("/api/tickets/" + ticketId + "/reject", json(Map.of("reason", "not ours"))),
                404, "TICKET_NOT_FOUND");
        assertProblem(http.as(Accounts.customer("c-hungry")).post("/api/tickets/" + ticketId + "/accept", null),
                403, "FORBIDDEN");
        assertThat(baedal.eventCount(ticketId)).isEqualTo(events);

        Await.until("the ticket in its restaurant's queue",
                () -> mapo.get("/api/restaurants/r-mapo-noodle/tickets").body().contains(ticketId), SOON);
        assertThat(mapo.post("/api/tickets/" + ticketId + "/accept", null).status()).isEqualTo(202);
        assertThat(gangnam.get("/api/restaurants/r-gangnam-bibim/tickets").status()).isEqualTo(200);
    }

    @Test
    void aRiderRidesAsItselfAndSeesTheBoardOfItsZones() {
        String orderId = placeAs("c-waiting");
        String ticketId = paidWithTicket(orderId).path("ticketId").asString();
        HttpJson kitchen = http.as(Accounts.restaurant("r-mapo-noodle"));
        for (String step : new String[] {"accept", "start-cooking", "finish-cooking"}) {
            assertThat(kitchen.post("/api/tickets/" + ticketId + "/" + step, null).status()).isEqualTo(202);
        }
        String deliveryId = Await.order(http, orderId, view -> view.path("deliveryId").isString(), SOON)
                .path("deliveryId").asString();
        HttpJson mapoRider = http.as(Accounts.rider("rider-m", "mapo", "seodaemun"));
        HttpJson gangnamRider = http.as(Accounts.rider("rider-g", "gangnam"));

        assertProblem(gangnamRider.get("/api/deliveries?zone=mapo"), 403, "FORBIDDEN");
        Await.until("the delivery on the board of its zone's rider",
                () -> mapoRider.get("/api/deliveries?zone=mapo").body().contains(deliveryId), SOON);
        assertThat(mapoRider.get("/api/deliveries").body()).contains(deliveryId);
        assertThat(gangnamRider.get("/api/deliveries").body()).doesNotContain(deliveryId);

        long events = baedal.eventCount(deliveryId);
        assertProblem(mapoRider.post("/api/deliveries/" + deliveryId + "/claim", json(Map.of("riderId", "rider-g"))),
                403, "FORBIDDEN");
        assertProblem(http.as(Accounts.customer("c-waiting")).post("/api/deliveries/" + deliveryId + "/claim", null),
                403, "FORBIDDEN");
        assertThat(baedal.eventCount(deliveryId)).isEqualTo(events);

        assertThat(mapoRider.post("/api/deliveries/" + deliveryId + "/claim", null).status()).isEqualTo(202);
        assertThat(Await.order(http, orderId, view -> view.path("riderId").isString(), SOON)
                .path("riderId").asString()).isEqualTo("rider-m");
        assertProblem(gangnamRider.post("/api/deliveries/" + deliveryId + "/pick-up", null), 409, "NOT_ASSIGNED_RIDER");
        assertThat(mapoRider.post("/api/deliveries/" + deliveryId + "/pick-up", json(Map.of("riderId", "rider-m")))
                .status()).isEqualTo(202);
    }

    @Test
    void onlyAnAdminReachesTheAdminApi() {
        String replay = "/api/admin/projections/order-status/replay";
        for (String account : new String[] {Accounts.customer("c-1"), Accounts.everyKitchen(), Accounts.rider("rider-1")}) {
            assertProblem(http.as(account).get(replay), 403, "FORBIDDEN");
            assertProblem(http.as(account).post(replay, null), 403, "FORBIDDEN");
        }
        assertThat(http.as(Accounts.ADMIN).get(replay).status()).isEqualTo(200);
        assertThat(http.as("ops").get(replay).status()).isEqualTo(200);
    }

    private static HttpResponse<String> tokenRequest(String clientId, String secret) throws Exception {
        String basic = Base64.getEncoder().encodeToString(
                (URLEncoder.encode(clientId, StandardCharsets.UTF_8) + ":" + secret).getBytes(StandardCharsets.UTF_8));
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(baseUrl + "/oauth2/token"))
                .header("Authorization", "Basic " + basic)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials"))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode claimsOf(String jwt) {
        return HttpJson.parse(new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]), StandardCharsets.UTF_8));
    }
}
