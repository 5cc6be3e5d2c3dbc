package io.baedal.load;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.bodyString;
import static io.gatling.javaapi.core.CoreDsl.constantConcurrentUsers;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.group;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The whole journey, closed loop: each of {@code users} clients places an order as a customer,
 * follows its status view (long-polling with {@code minVersion}, as the README shows), works the
 * ticket as the restaurant once it appears, and the delivery as a rider once the food is ready,
 * until the order is delivered; then it places the next one. The group {@code journey} is one
 * complete order: its count per second is the throughput, its duration the journey's latency.
 */
public class JourneySimulation extends Simulation {

    /** A journey gives up after this many reads of its order's view (each waits up to the read-your-writes timeout). */
    private static final int MAX_VIEW_READS = 200;

    private final List<Baedal.Lane> lanes = Baedal.lanes();
    private final List<String> customerTokens = Baedal.CUSTOMERS.stream().map(Baedal::token).toList();
    private final AtomicLong journeys = new AtomicLong();

    private final ChainBuilder placeAndFollow = exec(this::nextOrder)
            .exec(http("place order").post("/api/orders")
                    .header("Authorization", "Bearer #{customerToken}")
                    .header("Idempotency-Key", "#{idempotencyKey}")
                    .body(StringBody("#{orderBody}")).asJson()
                    .check(status().is(201), jsonPath("$.orderId").saveAs("orderId")))
            .exitHereIfFailed()
            .asLongAs(session -> !Baedal.TERMINAL.contains(session.getString("status"))
                    && session.getInt("viewReads") < MAX_VIEW_READS).on(
                    exec(http("wait for order view").get("/api/orders/#{orderId}")
                            .queryParam("minVersion", session -> session.getLong("version") + 1)
                            .header("Authorization", "Bearer #{customerToken}")
                            .check(status().is(200), bodyString().saveAs("view")))
                            .exitHereIfFailed()
                            .exec(Journey::readView)
                            .doIf(Journey::kitchensTurn).then(exec(
                                    kitchen("accept ticket", "accept"),
                                    kitchen("start cooking", "start-cooking"),
                                    kitchen("finish cooking", "finish-cooking"))
                                    .exec(session -> session.set("cooked", true)))
                            .doIf(Journey::ridersTurn).then(exec(
                                    rider("claim delivery", "claim"),
                                    rider("pick up", "pick-up"),
                                    rider("deliver", "deliver"))
                                    .exec(session -> session.set("delivering", true))))
            .exec(session -> "DELIVERED".equals(session.getString("status")) ? session : session.markAsFailed());

    private final ScenarioBuilder journey = scenario("journey")
            .exec(group("journey").on(placeAndFollow));

    {
        HttpProtocolBuilder protocol = http.baseUrl(Baedal.BASE_URL)
                .acceptHeader("application/json")
                .shareConnections();
        setUp(journey.injectClosed(constantConcurrentUsers(Baedal.USERS).during(Duration.ofSeconds(Baedal.DURATION_SECONDS))))
                .protocols(protocol);
    }

    private Session nextOrder(Session session) {
        long n = journeys.getAndIncrement();
        Baedal.Lane lane = lanes.get((int) (n % lanes.size()));
        int customer = (int) (n % customerTokens.size());
        return session.set("customerToken", customerTokens.get(customer))
                .set("kitchenToken", lane.kitchenToken())
                .set("riderToken", lane.riderToken())
                .set("idempotencyKey", UUID.randomUUID().toString())
                .set("orderBody", Baedal.orderBody(Baedal.CUSTOMERS.get(customer), lane))
                .set("version", 0L)
                .set("status", "")
                .set("viewReads", 0)
                .set("cooked", false)
                .set("delivering", false);
    }

    private static ChainBuilder kitchen(String name, String action) {
        return exec(http(name).post("/api/tickets/#{ticketId}/" + action)
                .header("Authorization", "Bearer #{kitchenToken}")
                .check(status().is(202)))
                .exitHereIfFailed();
    }

    private static ChainBuilder rider(String name, String action) {
        return exec(http(name).post("/api/deliveries/#{deliveryId}/" + action)
                .header("Authorization", "Bearer #{riderToken}")
                .body(StringBody("{}")).asJson()
                .check(status().is(202)))
                .exitHereIfFailed();
    }

    /** What the journey reads in its order's status view, and whose turn it is. */
    static final class Journey {

        private Journey() {
        }

        static Session readView(Session session) {
            try {
                JsonNode view = Baedal.JSON.readTree(session.getString("view"));
                return session.set("version", view.path("version").asLong())
                        .set("status", view.path("status").asText())
                        .set("ticketId", view.path("ticketId").asText(""))
                        .set("deliveryId", view.path("deliveryId").asText(""))
                        .set("viewReads", session.getInt("viewReads") + 1)
                        .remove("view");
            } catch (JsonProcessingException e) {
                throw new UncheckedIOException(e);
            }
        }

        static boolean kitchensTurn(Session session) {
            return !session.getBoolean("cooked") && !session.getString("ticketId").isEmpty()
                    && List.of("PAID", "ACCEPTED").contains(session.getString("status"));
        }

        static boolean ridersTurn(Session session) {
            return !session.getBoolean("delivering") && !session.getString("deliveryId").isEmpty()
                    && "READY_FOR_PICKUP".equals(session.getString("status"));
        }
    }
}
