package io.baedal.standalone.bench;

import static io.baedal.standalone.support.HttpJson.json;
import static io.baedal.standalone.support.OrderRequests.aNoodleOrder;

import io.baedal.standalone.support.Await;
import io.baedal.standalone.support.HttpJson;
import io.baedal.standalone.support.RunningBaedal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Throughput of the standalone application as shipped (synchronous commits), measured over HTTP
 * on loopback: placements per second, complete journeys per second (every kitchen and rider step
 * through the REST API, the saga doing the rest) and a replay of the order-status view.
 * Not a test: run it by hand, see the README.
 */
public final class OrderThroughputBenchmark {

    private static final Logger log = LoggerFactory.getLogger(OrderThroughputBenchmark.class);

    private OrderThroughputBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int orders = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int clients = args.length > 1 ? Integer.parseInt(args[1]) : 16;
        Path dataDir = Files.createTempDirectory("baedal-bench");
        String synchronousCommit = args.length > 2 ? args[2] : "on";
        try (RunningBaedal baedal = RunningBaedal.start(dataDir, List.of(), "baedal.embedded-postgres.synchronous-commit=" + synchronousCommit,
                "logging.level.root=WARN", "logging.level.io.baedal.standalone.bench=INFO")) {
            HttpJson http = baedal.http();
            ConcurrentLinkedQueue<String> placed = new ConcurrentLinkedQueue<>();

            long start = System.nanoTime();
            parallel(orders, clients, i -> placed.add(http.post("/api/orders", json(aNoodleOrder("c-bench-" + (i % 100))))
                    .json().path("orderId").asString()));
            double placementSeconds = seconds(start);
            log.info("placed {} orders in {} s: {} orders/s", orders, round(placementSeconds), round(orders / placementSeconds));

            awaitCount(baedal, "TicketCreatedEvent", orders);
            List<String> tickets = baedal.jdbc().queryForList(
                    "SELECT aggregate_identifier FROM domain_event_entry WHERE payload_type LIKE '%.TicketCreatedEvent'",
                    String.class);
            start = System.nanoTime();
            parallel(tickets.size(), clients, i -> cook(http, tickets.get(i)));
            awaitCount(baedal, "DeliveryCreatedEvent", orders);
            List<String> deliveries = baedal.jdbc().queryForList(
                    "SELECT aggregate_identifier FROM domain_event_entry WHERE payload_type LIKE '%.DeliveryCreatedEvent'",
                    String.class);
            parallel(deliveries.size(), clients, i -> deliver(http, deliveries.get(i)));
            awaitCount(baedal, "OrderDeliveredEvent", orders);
            double journeySeconds = seconds(start);
            long events = baedal.eventCount(null);
            log.info("drove {} orders from ticket to delivered (6 REST commands each, the saga the rest) in {} s: "
                            + "{} orders/s ({} events in the store)",
                    orders, round(journeySeconds), round(orders / journeySeconds), events);

            String versions = "SELECT coalesce(sum(view_version), 0) FROM order_status_view";
            Await.until(() -> baedal.jdbc().queryForObject(
                    "SELECT count(*) FROM order_status_view WHERE status = 'DELIVERED'", Long.class) == orders,
                    Duration.ofMinutes(1));
            long before = baedal.jdbc().queryForObject(versions, Long.class);
            start = System.nanoTime();
            http.post("/api/admin/projections/order-status/replay", null);
            Await.until(() -> baedal.jdbc().queryForObject(versions, Long.class) >= before, Duration.ofMinutes(10));
            double replaySeconds = seconds(start);
            log.info("replayed order-status over {} events in {} s: {} events/s", events, round(replaySeconds),
                    round(events / replaySeconds));
        }
    }

    private static void cook(HttpJson http, String ticket) {
        http.post("/api/tickets/" + ticket + "/accept", null);
        http.post("/api/tickets/" + ticket + "/start-cooking", null);
        http.post("/api/tickets/" + ticket + "/finish-cooking", null);
    }

    private static void deliver(HttpJson http, String delivery) {
        String rider = json(Map.of("riderId", "rider-" + delivery.substring(0, 8)));
        http.post("/api/deliveries/" + delivery + "/claim", rider);
        http.post("/api/deliveries/" + delivery + "/pick-up", rider);
        http.post("/api/deliveries/" + delivery + "/deliver", rider);
    }

    private static void parallel(int count, int clients, Consumer<Integer> work) throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        IntStream.range(0, count).forEach(i -> pool.submit(() -> work.accept(i)));
        pool.shutdown();
        pool.awaitTermination(30, TimeUnit.MINUTES);
    }

    private static void awaitCount(RunningBaedal baedal, String eventType, int expected) {
        Await.until(() -> baedal.eventCount(null, eventType) >= expected, Duration.ofMinutes(10));
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private static double round(double value) {
        return Math.round(value * 10) / 10.0;
    }
}
