package io.baedal.standalone;

import static io.baedal.standalone.support.HttpJson.json;
import static io.baedal.standalone.support.OrderRequests.aNoodleOrder;
import static org.assertj.core.api.Assertions.assertThat;

import io.baedal.payment.gateway.ResilientPaymentGateway;
import io.baedal.payment.gateway.SimulatedPaymentGateway;
import io.baedal.standalone.support.Accounts;
import io.baedal.standalone.support.Answer;
import io.baedal.standalone.support.Await;
import io.baedal.standalone.support.EventStoreFeed;
import io.baedal.standalone.support.HttpJson;
import io.baedal.standalone.support.JsonLogCapture;
import io.baedal.standalone.support.OrderDriver;
import io.baedal.standalone.support.OrderHistory;
import io.baedal.standalone.support.OrderInvariants;
import io.baedal.standalone.support.RunningBaedal;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Each fault switch of {@code /api/admin/faults}, end to end: switched on, it does what it says;
 * the saga and the views ride through it (retries, the circuit breaker, dead letters); switched
 * off, every order ends with the right money: charged once at the provider, refunded exactly when
 * it was not delivered. The event store is the judge of the orders, the provider of the money.
 */
class FaultsOverHttpTest {

    private static final Duration SOON = Duration.ofSeconds(30);
    private static final Duration TIMEOUT = Duration.ofSeconds(1);
    private static final String FAULTS = "/api/admin/faults";
    private static final Set<String> UNPAID = Set.of("PAYMENT_PENDING", "PAYMENT_RETRYING");

    @TempDir
    static Path dataDir;

    private static RunningBaedal baedal;
    private static HttpJson http;
    private static EventStoreFeed store;
    private static OrderDriver driver;
    private static SimulatedPaymentGateway provider;
    private static final HttpClient client = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        baedal = RunningBaedal.start(dataDir,
                "baedal.payment.gateway.timeout=" + TIMEOUT.toMillis() + "ms",
                // An open circuit lets calls through again well within the saga's payment retries.
                "baedal.payment.gateway.wait-in-open-state=2s",
                // Only the switch going off retries the dead letters here, not the periodic retry.
                "baedal.query.dead-letters.retry-interval=1h");
        http = baedal.http();
        store = new EventStoreFeed(baedal.jdbc());
        driver = new OrderDriver(http, store);
        provider = baedal.bean(SimulatedPaymentGateway.class);
    }

    @AfterEach
    void allOff() {
        assertThat(send("DELETE", FAULTS, null, Accounts.ADMIN).status()).isEqualTo(200);
    }

    @AfterAll
    static void stop() {
        store.close();
        baedal.close();
    }

    @Test
    void aPaymentOutageHoldsOrdersInRetryAndOnceItIsOverEachIsChargedOnce() {
        Money before = Money.atTheProvider();
        switchOn("{\"payment\": {\"outage\": true}}");
        List<String> orders = List.of(place(), place());

        for (String order : orders) {
            assertThat(store.await(order, history -> history.timeline().contains("PAYMENT_RETRYING"), SOON))
                    .as(order + " retrying its payment: " + store.history(order).timeline()).isTrue();
        }
        assertThat(provider.charges()).as("charges made at the provider during the outage").isEqualTo(before.charges());
        allOff();

        finish(orders, Set.of(orders.get(1)));
        assertThat(store.history(orders.get(0)).status()).isEqualTo("DELIVERED");
        assertThat(store.history(orders.get(1)).status()).isEqualTo("CANCELLED");
        before.movedOnlyAsTheStoreSays(orders);
    }

    @Test
    void everyPaymentFailingOpensTheCircuitAndOnceTheFailuresStopTheOrdersArePaid() {
        Money before = Money.atTheProvider();
        switchOn("{\"payment\": {\"failureRate\": 1.0}}");
        List<String> orders = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            orders.add(place());
        }

        ResilientPaymentGateway gateway = baedal.bean(ResilientPaymentGateway.class);
        Await.until("the circuit breaker open after every call failed", () -> gateway.state() == CircuitBreaker.State.OPEN, SOON);
        assertThat(provider.charges()).isEqualTo(before.charges());
        allOff();

        finish(orders, Set.copyOf(orders.subList(1, orders.size())));
        for (String order : orders) {
            assertThat(store.history(order).count("PaymentUnavailableEvent")).as(order + " failed payments").isPositive();
        }
        before.movedOnlyAsTheStoreSays(orders);
    }

    /**
     * A refund is owed even while the provider is down: the payment's refund processor (the gateway
     * is called outside the payment's command) fails, logs {@code refund_retrying} and tries again
     * until the outage is over, then the customer is refunded once and the order is cancelled.
     */
    @Test
    void aRefundDuringAPaymentOutageIsTriedAgainAndMadeOnceItIsOver() {
        Money before = Money.atTheProvider();
        String order = place();
        assertThat(store.await(order, history -> !history.ticketIds().isEmpty(), SOON))
                .as(order + " paid: " + store.history(order).outcome()).isTrue();
        String payment = store.history(order).first("PaymentApprovedEvent").field("paymentId");

        try (JsonLogCapture logs = new JsonLogCapture()) {
            switchOn("{\"payment\": {\"outage\": true}}");
            Answer cancel = driver.actions().cancel(order);
            assertThat(cancel.accepted()).as(cancel.toString()).isTrue();
            Await.until("the refund of " + payment + " to meet the outage and be retried",
                    () -> refundRetried(logs, payment), SOON);
            assertThat(store.history(order).count("PaymentRefundedEvent")).as("refunded during the outage").isZero();
        }
        allOff();

        assertThat(store.await(order, OrderHistory::terminal, SOON)).as(order + ": " + store.history(order).outcome()).isTrue();
        assertThat(store.history(order).status()).isEqualTo("CANCELLED");
        before.movedOnlyAsTheStoreSays(List.of(order));
    }

    private static boolean refundRetried(JsonLogCapture logs, String payment) {
        return logs.lines().stream().anyMatch(line -> "refund_retrying".equals(line.path("event").asString())
                && payment.equals(line.path("paymentId").asString()));
    }

    /**
     * Slower than our timeout: the call counts as unavailable while the provider charges anyway;
     * the saga's retry carries the same key, so the customer pays once.
     */
    @Test
    void paymentLatencyAboveTheTimeoutChargesOnceThoughTheAnswerCameTooLate() {
        Money before = Money.atTheProvider();
        switchOn("{\"payment\": {\"latency\": \"PT1.5S\"}}");
        String order = place();

        assertThat(store.await(order, history -> history.timeline().contains("PAYMENT_RETRYING"), SOON))
                .as("timed out and retrying: " + store.history(order).timeline()).isTrue();
        Await.until("the provider's charge after our timeout", () -> provider.charges() > before.charges(), SOON);
        assertThat(provider.charges()).as("the provider charged after our timeout").isEqualTo(before.charges() + 1);
        allOff();

        finish(List.of(order), Set.of());
        assertThat(store.history(order).status()).isEqualTo("DELIVERED");
        assertThat(store.history(order).first("PaymentUnavailableEvent").field("cause")).contains("did not answer");
        before.movedOnlyAsTheStoreSays(List.of(order));
    }

    @Test
    void aDelayInTheKitchenHoldsEachOfItsCommandsAndTheJourneyStillCompletes() {
        switchOn("{\"commandDelays\": {\"kitchen\": \"1s\"}}");
        String order = place();
        assertThat(store.await(order, history -> !history.ticketIds().isEmpty(), SOON)).isTrue();
        String ticketId = store.history(order).ticketIds().get(0);

        long start = System.nanoTime();
        Answer accept = driver.actions().accept(ticketId);
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(accept.accepted()).as(accept.toString()).isTrue();
        assertThat(took).as("accepting a ticket with the kitchen held 1 s").isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        finish(List.of(order), Set.of());
        assertThat(store.history(order).status()).isEqualTo("DELIVERED");
    }

    @Test
    void aFailingViewStopsForItsOrderOnlyAndCatchesUpOnceSwitchedOff() {
        String failing = place();
        String other = place();
        for (String order : List.of(failing, other)) {
            Await.order(http, order, view -> "PAID".equals(view.path("status").asString())
                    && view.path("ticketId").isString(), SOON);
        }
        switchOn("{\"failingViewOrders\": [\"" + failing + "\"]}");

        for (String order : List.of(failing, other)) {
            Answer accept = driver.actions().accept(store.history(order).ticketIds().get(0));
            assertThat(accept.accepted()).as(accept.toString()).isTrue();
        }
        Await.status(http, other, "ACCEPTED", SOON);
        assertThat(store.await(failing, history -> "ACCEPTED".equals(history.status()), SOON)).isTrue();
        Await.until("dead letters of the failing order in the order-status and kitchen-queue views",
                () -> deadLetters("order-status", failing) > 0 && deadLetters("kitchen-queue", null) > 0, SOON);
        assertThat(deadLetters("order-status", failing)).as("dead letters of the failing order's view").isPositive();
        assertThat(deadLetters("order-status", other)).as("dead letters of the other order's view").isZero();
        assertThat(deadLetterGauge("order-status")).as("baedal_deadletters{order-status}").isPositive();
        assertThat(status(failing)).as("the failing order's view").isEqualTo("PAID");

        allOff();

        JsonNode caughtUp = Await.status(http, failing, "ACCEPTED", SOON);
        assertThat(timeline(caughtUp)).isEqualTo(store.history(failing).timeline());
        Await.until("no dead letters left", () -> deadLetters(null, null) == 0, SOON);
        finish(List.of(failing, other), Set.of(other));
        JsonNode delivered = Await.status(http, failing, "DELIVERED", SOON);
        assertThat(timeline(delivered)).isEqualTo(store.history(failing).timeline());
    }

    @Test
    void onlyAnAdminSeesOrSetsTheSwitches() {
        String body = "{\"payment\": {\"outage\": true}}";

        for (String account : List.of(Accounts.customer("c-1"), Accounts.everyKitchen(), Accounts.rider("rider-1"))) {
            HttpJson.Response put = send("PUT", FAULTS, body, account);
            assertThat(put.status()).as(account).isEqualTo(403);
            assertThat(put.json().path("code").asString()).isEqualTo("FORBIDDEN");
            assertThat(send("GET", FAULTS, null, account).status()).as(account).isEqualTo(403);
            assertThat(send("DELETE", FAULTS, null, account).status()).as(account).isEqualTo(403);
        }
        HttpJson.Response anonymous = send("PUT", FAULTS, body, null);
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.json().path("code").asString()).isEqualTo("UNAUTHENTICATED");

        JsonNode current = send("GET", FAULTS, null, Accounts.ADMIN).json();
        assertThat(current.path("payment").path("outage").asBoolean()).isFalse();
        assertThat(baedal.bean(io.baedal.platform.faults.Faults.class).current().on()).isFalse();
    }

    @Test
    void theApiDocumentDescribesTheSwitches() {
        JsonNode path = http.get("/v3/api-docs").json().path("paths").path(FAULTS);

        assertThat(path.has("get") && path.has("put") && path.has("delete")).as(path.toString()).isTrue();
    }

    @Test
    void invalidSwitchesAreRefusedAndChangeNothing() {
        JsonNode set = switchOn("{\"commandDelays\": {\"delivery\": \"PT0.2S\"}, \"failingViewOrders\": [\"o-x\"]}");
        assertThat(set.path("commandDelays").path("delivery").asString()).isEqualTo("PT0.2S");
        assertThat(set.path("instances").size()).as("instances that took the switches").isEqualTo(1);

        for (String invalid : List.of(
                "{\"payment\": {\"failureRate\": 1.5}}",
                "{\"payment\": {\"failureRate\": \"often\"}}",
                "{\"payment\": {\"latency\": \"-PT1S\"}}",
                "{\"payment\": {\"latency\": \"soon\"}}",
                "{\"payment\": {\"failurerate\": 1}}",
                "{\"commandDelays\": {\"kichen\": \"PT1S\"}}",
                "{\"commandDelays\": {\"kitchen\": \"PT2M\"}}",
                "{\"failingViewOrders\": \"o-1\"}",
                "{\"failingViewOrders\": [\" \"]}",
                "[]")) {
            HttpJson.Response refused = send("PUT", FAULTS, invalid, Accounts.ADMIN);
            assertThat(refused.status()).as(invalid).isEqualTo(400);
            assertThat(refused.header("Content-Type")).as(invalid).startsWith("application/problem+json");
            assertThat(refused.json().path("code").asString()).as(invalid).isEqualTo("VALIDATION_FAILED");
        }

        JsonNode current = send("GET", FAULTS, null, Accounts.ADMIN).json();
        assertThat(current.path("commandDelays").path("delivery").asString()).isEqualTo("PT0.2S");
        assertThat(current.path("commandDelays").has("kitchen")).isFalse();
        assertThat(current.path("failingViewOrders").get(0).asString()).isEqualTo("o-x");
        assertThat(current.path("payment").path("failureRate").asDouble()).isZero();
    }

    /** What the provider has charged and refunded so far, to compare with after a test's orders. */
    private record Money(int charges, int refunds) {

        static Money atTheProvider() {
            return new Money(provider.charges(), provider.refunds());
        }

        /** The provider moved exactly the money the store records for these orders, and each order's money is right. */
        void movedOnlyAsTheStoreSays(List<String> orders) {
            long approved = 0;
            long refunded = 0;
            for (String order : orders) {
                OrderHistory history = store.history(order);
                assertThat(OrderInvariants.ofTheStore(history)).as(order + "\n" + history.describe("  ")).isEmpty();
                approved += history.count("PaymentApprovedEvent");
                refunded += history.count("PaymentRefundedEvent");
            }
            assertThat(provider.charges() - charges).as("charges made at the provider").isEqualTo(approved);
            assertThat(provider.refunds() - refunds).as("refunds made at the provider").isEqualTo(refunded);
        }
    }

    private static String place() {
        HttpJson.Response placed = http.post("/api/orders", json(aNoodleOrder("c-" + UUID.randomUUID())));
        assertThat(placed.status()).as(placed.body()).isEqualTo(201);
        return placed.json().path("orderId").asString();
    }

    /**
     * Takes every order to its end: those in {@code cancelled} are cancelled by their customer once
     * paid (before cooking starts), the others are cooked and delivered.
     */
    private static void finish(List<String> orders, Set<String> cancelled) {
        for (String order : orders) {
            assertThat(store.await(order, history -> history.terminal() || !history.ticketIds().isEmpty()
                    && !UNPAID.contains(history.status()), SOON)).as(order + " paid: " + store.history(order).outcome()).isTrue();
            if (cancelled.contains(order)) {
                Answer cancel = driver.actions().cancel(order);
                assertThat(cancel.accepted()).as(cancel.toString()).isTrue();
            }
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!orders.stream().allMatch(order -> store.history(order).terminal()) && System.nanoTime() < deadline) {
            boolean stepped = false;
            for (String order : orders) {
                if (!cancelled.contains(order)) {
                    stepped |= driver.step(order).step() != null;
                }
            }
            if (!stepped) {
                Await.pause(50);
            }
        }
        for (String order : orders) {
            assertThat(store.history(order).terminal()).as(order + ": " + store.history(order).outcome()).isTrue();
        }
    }

    private static JsonNode switchOn(String body) {
        HttpJson.Response put = send("PUT", FAULTS, body, Accounts.ADMIN);
        assertThat(put.status()).as(put.body()).isEqualTo(200);
        return put.json();
    }

    private static String status(String orderId) {
        return http.get("/api/orders/" + orderId).json().path("status").asString();
    }

    private static List<String> timeline(JsonNode view) {
        List<String> statuses = new ArrayList<>();
        view.path("timeline").forEach(entry -> statuses.add(entry.path("status").asString()));
        return statuses;
    }

    /** Dead letters of a view (null: all) for a sequence (null: any); order-status sequences by order id. */
    private static long deadLetters(String group, String sequence) {
        List<String> conditions = new ArrayList<>(List.of("TRUE"));
        List<Object> values = new ArrayList<>();
        if (group != null) {
            conditions.add("processing_group = ?");
            values.add(group);
        }
        if (sequence != null) {
            conditions.add("sequence_identifier = ?");
            values.add(sequence);
        }
        Long count = baedal.jdbc().queryForObject("SELECT count(*) FROM dead_letter_entry WHERE "
                + String.join(" AND ", conditions), Long.class, values.toArray());
        return count == null ? 0 : count;
    }

    private static double deadLetterGauge(String group) {
        String exposition = http.get("/actuator/prometheus").body();
        Matcher gauge = Pattern.compile("(?m)^baedal_deadletters\\{processing_group=\"" + Pattern.quote(group)
                + "\"[^}]*} (\\S+)$").matcher(exposition);
        assertThat(gauge.find()).as("baedal_deadletters of " + group).isTrue();
        return Double.parseDouble(gauge.group(1));
    }

    /** A request HttpJson does not make (PUT, DELETE, any method as a chosen account); a null account sends no token. */
    private static HttpJson.Response send(String method, String path, String body, String account) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baedal.baseUrl() + path))
                .timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (account != null) {
            request.header("Authorization", "Bearer " + http.tokenOf(account));
        }
        try {
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new HttpJson.Response(response.statusCode(), response.headers().map(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
