package io.baedal.standalone;

import static io.baedal.standalone.support.HttpJson.json;
import static io.baedal.standalone.support.OrderRequests.aNoodleOrder;
import static org.assertj.core.api.Assertions.assertThat;

import io.baedal.standalone.support.HttpJson;
import io.baedal.standalone.support.RunningBaedal;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Stopping and starting the application on the same data keeps every order. */
class RestartTest {

    @TempDir
    Path dataDir;

    @Test
    void ordersAndIdempotencyKeysSurviveARestart() {
        String body = json(aNoodleOrder("c-restart"));
        String placed;
        String cancelled;
        List<String> cancelledEvents;
        long events;
        try (RunningBaedal first = RunningBaedal.start(dataDir)) {
            placed = first.http().post("/api/orders", body, Map.of("Idempotency-Key", "restart-key"))
                    .json().path("orderId").asString();
            cancelled = first.http().post("/api/orders", json(aNoodleOrder("c-restart-2"))).json().path("orderId").asString();
            assertThat(first.http().post("/api/orders/" + cancelled + "/cancel", json(Map.of("reason", "x"))).status())
                    .isEqualTo(202);
            cancelledEvents = first.eventTypes(cancelled);
            events = first.eventCount(null);
        }

        try (RunningBaedal second = RunningBaedal.start(dataDir)) {
            assertThat(second.eventCount(null)).isEqualTo(events);
            assertThat(second.eventTypes(placed)).containsExactly("OrderPlacedEvent");
            assertThat(second.eventTypes(cancelled)).isEqualTo(cancelledEvents);

            HttpJson.Response retried = second.http().post("/api/orders", body, Map.of("Idempotency-Key", "restart-key"));
            assertThat(retried.status()).isEqualTo(201);
            assertThat(retried.json().path("orderId").asString()).isEqualTo(placed);
            assertThat(second.eventCount(null)).isEqualTo(events);

            // The aggregates are rebuilt from the stored events: the cancelled order refuses a second cancel.
            HttpJson.Response again = second.http().post("/api/orders/" + cancelled + "/cancel", json(Map.of("reason", "y")));
            assertThat(again.status()).isEqualTo(409);
            assertThat(again.json().path("code").asString()).isEqualTo("ILLEGAL_ORDER_STATE");
        }
    }
}
