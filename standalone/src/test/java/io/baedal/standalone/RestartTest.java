package io.baedal.standalone;

import static io.baedal.standalone.support.HttpJson.json;
import static io.baedal.standalone.support.OrderRequests.aNoodleOrder;
import static org.assertj.core.api.Assertions.assertThat;

import io.baedal.standalone.support.Accounts;
import io.baedal.standalone.support.Await;
import io.baedal.standalone.support.HttpJson;
import io.baedal.standalone.support.RunningBaedal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** Stopping the application with orders mid-flight and starting it again loses nothing. */
class RestartTest {

    private static final Duration SOON = Duration.ofSeconds(30);
    private static final String[] SETTINGS = {"baedal.saga.acceptance-timeout=8s"};

    @TempDir
    Path dataDir;

    @Test
    void ordersMidFlightReachTheirEndAfterARestart() {
        String body = json(aNoodleOrder("c-restart"));
        String waiting;
        String keyed;
        String cancelled;
        List<String> eventsBefore;
        String tokenBefore;
        try (RunningBaedal first = RunningBaedal.start(dataDir, SETTINGS)) {
            HttpJson http = first.http();
            waiting = http.post("/api/orders", json(aNoodleOrder("c-restart-1"))).json().path("orderId").asString();
            keyed = http.post("/api/orders", body, Map.of("Idempotency-Key", "restart-key")).json().path("orderId").asString();
            cancelled = http.post("/api/orders", json(aNoodleOrder("c-restart-2"))).json().path("orderId").asString();
            for (String order : List.of(waiting, keyed, cancelled)) {
                Await.order(http, order, view -> view.path("ticketId").isString(), SOON);
            }
            assertThat(http.post("/api/orders/" + cancelled + "/cancel", json(Map.of("reason", "x"))).status())
                    .isEqualTo(202);
            assertThat(first.jdbc().queryForObject("SELECT count(*) FROM scheduled_tasks", Long.class))
                    .as("acceptance deadlines are pending when the application stops")
                    .isGreaterThanOrEqualTo(2);
            eventsBefore = first.jdbc().queryForList("SELECT event_identifier FROM domain_event_entry", String.class);
            tokenBefore = http.tokenOf(Accounts.customer("c-restart-2"));
        }

        try (RunningBaedal second = RunningBaedal.start(dataDir, SETTINGS)) {
            HttpJson http = second.http();
            assertThat(second.jdbc().queryForList("SELECT event_identifier FROM domain_event_entry", String.class))
                    .containsAll(eventsBefore);

            HttpJson.Response retried = http.post("/api/orders", body, Map.of("Idempotency-Key", "restart-key"));
            assertThat(retried.status()).isEqualTo(201);
            assertThat(retried.json().path("orderId").asString()).isEqualTo(keyed);

            for (String order : List.of(waiting, keyed)) {
                JsonNode rejected = Await.status(http, order, "REJECTED", SOON);
                assertThat(rejected.path("reason").asString()).as("the deadline fired after the restart")
                        .isEqualTo("ACCEPTANCE_TIMEOUT");
                assertThat(second.eventCount(rejected.path("paymentId").asString(), "PaymentRefundedEvent")).isEqualTo(1);
            }
            JsonNode cancelledView = Await.status(http, cancelled, "CANCELLED", SOON);
            // The issuer's key is kept in the database: a token from before the restart still works.
            HttpJson.Response withOldToken = http.withToken(tokenBefore).get("/api/orders/" + cancelled);
            assertThat(withOldToken.status()).as(withOldToken.body()).isEqualTo(200);
            assertThat(second.eventCount(cancelledView.path("paymentId").asString(), "PaymentRefundedEvent")).isEqualTo(1);
            assertThat(second.eventCount(keyed, "OrderPlacedEvent")).isEqualTo(1);
        }
    }
}
