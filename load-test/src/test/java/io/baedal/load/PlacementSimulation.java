package io.baedal.load;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Placements at a fixed arrival rate ({@code rate} per second, open model: a new customer arrives
 * whether or not the previous ones were answered), for the latency of {@code POST /api/orders}.
 */
public class PlacementSimulation extends Simulation {

    private final List<Baedal.Lane> lanes = Baedal.lanes();
    private final List<String> customerTokens = Baedal.CUSTOMERS.stream().map(Baedal::token).toList();
    private final AtomicLong placed = new AtomicLong();

    private final ScenarioBuilder placement = scenario("placement")
            .exec(session -> {
                long n = placed.getAndIncrement();
                int customer = (int) (n % customerTokens.size());
                return session.set("customerToken", customerTokens.get(customer))
                        .set("idempotencyKey", UUID.randomUUID().toString())
                        .set("orderBody", Baedal.orderBody(Baedal.CUSTOMERS.get(customer), lanes.get((int) (n % lanes.size()))));
            })
            .exec(http("place order").post("/api/orders")
                    .header("Authorization", "Bearer #{customerToken}")
                    .header("Idempotency-Key", "#{idempotencyKey}")
                    .body(StringBody("#{orderBody}")).asJson()
                    .check(status().is(201)));

    {
        setUp(placement.injectOpen(constantUsersPerSec(Baedal.RATE).during(Duration.ofSeconds(Baedal.DURATION_SECONDS))))
                .protocols(http.baseUrl(Baedal.BASE_URL).acceptHeader("application/json").shareConnections());
    }
}
