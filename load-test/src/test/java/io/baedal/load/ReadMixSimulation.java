package io.baedal.load;

import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.randomSwitch;
import static io.gatling.javaapi.core.CoreDsl.regex;
import static io.gatling.javaapi.core.CoreDsl.percent;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.sse;
import static io.gatling.javaapi.http.HttpDsl.status;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Reads at {@code rate} per second, as customers poll: 70 % one order's status, 15 % the customer's
 * order list, 10 % their notifications, 5 % open the order's stream and read its first event. Runs
 * on the orders already in the store (run the journey first).
 */
public class ReadMixSimulation extends Simulation {

    private final List<String> customerTokens = Baedal.CUSTOMERS.stream().map(Baedal::token).toList();
    private final List<List<String>> orders = new ArrayList<>();

    {
        for (int i = 0; i < Baedal.CUSTOMERS.size(); i++) {
            List<String> ids = new ArrayList<>();
            JsonNode page = Baedal.get("/api/customers/" + Baedal.CUSTOMERS.get(i) + "/orders?size=100", customerTokens.get(i));
            for (JsonNode order : page.has("content") ? page.path("content") : page) {
                ids.add(order.path("orderId").asText());
            }
            if (ids.isEmpty()) {
                throw new IllegalStateException(Baedal.CUSTOMERS.get(i) + " has no orders: run the journey first");
            }
            orders.add(ids);
        }
    }

    private final ScenarioBuilder reads = scenario("reads")
            .exec(session -> {
                int customer = ThreadLocalRandom.current().nextInt(customerTokens.size());
                List<String> ids = orders.get(customer);
                return session.set("customerId", Baedal.CUSTOMERS.get(customer))
                        .set("customerToken", customerTokens.get(customer))
                        .set("orderId", ids.get(ThreadLocalRandom.current().nextInt(ids.size())));
            })
            .exec(randomSwitch().on(
                    percent(70.0).then(exec(http("order status").get("/api/orders/#{orderId}")
                            .header("Authorization", "Bearer #{customerToken}").check(status().is(200)))),
                    percent(15.0).then(exec(http("customer's orders").get("/api/customers/#{customerId}/orders?size=20")
                            .header("Authorization", "Bearer #{customerToken}").check(status().is(200)))),
                    percent(10.0).then(exec(http("notifications").get("/api/customers/#{customerId}/notifications")
                            .header("Authorization", "Bearer #{customerToken}").check(status().is(200)))),
                    percent(5.0).then(exec(sse("order stream").get("/api/orders/#{orderId}/stream")
                            .header("Authorization", "Bearer #{customerToken}")
                            .await(Duration.ofSeconds(5)).on(sse.checkMessage("first event").check(
                                    regex("\"status\"").exists())))
                            .exec(sse("order stream").close()))));

    {
        setUp(reads.injectOpen(constantUsersPerSec(Baedal.RATE).during(Duration.ofSeconds(Baedal.DURATION_SECONDS))))
                .protocols(http.baseUrl(Baedal.BASE_URL).acceptHeader("application/json").shareConnections());
    }
}
