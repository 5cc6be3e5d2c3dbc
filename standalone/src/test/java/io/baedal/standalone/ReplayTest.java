package io.baedal.standalone;

import static io.baedal.standalone.support.HttpJson.json;
import static io.baedal.standalone.support.OrderRequests.aNoodleOrder;
import static io.baedal.standalone.support.OrderRequests.with;
import static org.assertj.core.api.Assertions.assertThat;

import io.baedal.standalone.support.Await;
import io.baedal.standalone.support.HttpJson;
import baedal.testsupport.RecordingNotificationSender;
import io.baedal.standalone.support.RunningBaedal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rebuilding views from the event store gives the same rows, never sends a notification twice,
 * and the replay's tokens survive a restart. Events stored under the names they had before they
 * were named in the past tense are read as today's, by the views and by the aggregates.
 */
class ReplayTest {

    @TempDir
    Path dataDir;

    private static final String ORDER_STATUS_ROWS = """
            SELECT v.*, (SELECT string_agg(t.status || '@' || t.at, ',' ORDER BY t.position)
                         FROM order_status_timeline t WHERE t.order_id = v.order_id) AS timeline,
                        (SELECT string_agg(i.menu_item_id || 'x' || i.quantity || '=' || i.line_total, ',' ORDER BY i.line_no)
                         FROM order_status_item i WHERE i.order_id = v.order_id) AS items
            FROM order_status_view v ORDER BY v.order_id""";

    private static final Duration SOON = Duration.ofSeconds(20);

    /** Today's name of each renamed event, with the name events stored before the rename carry. */
    private static final Map<String, String> FORMER_NAMES = Map.of(
            "io.baedal.coreapi.order.OrderCookingStartedEvent", "io.baedal.coreapi.order.OrderCookingEvent",
            "io.baedal.coreapi.order.OrderPaymentRetryScheduledEvent", "io.baedal.coreapi.order.OrderPaymentRetryingEvent");

    /** The position in a plain tracking token ({@code {"index":42,"gaps":[]}}). */
    private static final Pattern TOKEN_INDEX = Pattern.compile("^\\{\"index\":(\\d+)");

    @Test
    void replayingRebuildsEveryRowAndSendsNothingTwice() {
        List<String> orders = new ArrayList<>();
        String cookingTicket;
        try (RunningBaedal baedal = RunningBaedal.start(dataDir, List.of(RecordingNotificationSender.class))) {
            HttpJson http = baedal.http();
            for (int i = 0; i < 4; i++) {
                // Declined payments end orders quickly, so the views stop changing before the comparison.
                String token = i % 2 == 0 ? "decline-card-" + i : "tok-" + i;
                orders.add(http.post("/api/orders", json(with(aNoodleOrder("c-replay-" + i), "paymentToken", token)))
                        .json().path("orderId").asString());
            }
            http.post("/api/orders/" + orders.get(1) + "/cancel", json(Map.of("reason", "changed my mind")));
            String cooking = orders.get(3);
            cookingTicket = Await.order(http, cooking, view -> view.hasNonNull("ticketId"), SOON).path("ticketId").asString();
            assertThat(http.post("/api/tickets/" + cookingTicket + "/accept", null).status()).isEqualTo(202);
            Await.status(http, cooking, "ACCEPTED", SOON);
            assertThat(http.post("/api/tickets/" + cookingTicket + "/start-cooking", null).status()).isEqualTo(202);
            Await.status(http, cooking, "COOKING", SOON);
            String retried = http.post("/api/orders", json(with(aNoodleOrder("c-replay-4"), "paymentToken", "unavailable-replay")))
                    .json().path("orderId").asString();
            orders.add(retried);
            Await.status(http, retried, "PAYMENT_RETRYING", SOON);
            http.post("/api/orders/" + retried + "/cancel", json(Map.of("reason", "too slow")));
            Await.status(http, retried, "CANCELLED", SOON);
            List<Map<String, Object>> before = settled(baedal, () -> baedal.jdbc().queryForList(ORDER_STATUS_ROWS));
            List<Map<String, Object>> notificationsBefore = settled(baedal, () -> baedal.rows("customer_notification", "id"));
            RecordingNotificationSender.Sent sender = baedal.bean(RecordingNotificationSender.Sent.class);
            int sentBefore = sender.all().size();
            assertThat(before).hasSize(5);
            FORMER_NAMES.forEach((today, former) -> assertThat(baedal.jdbc().update(
                    "UPDATE domain_event_entry SET payload_type = ? WHERE payload_type = ?", former, today))
                    .as("events stored as %s", former).isPositive());

            baedal.jdbc().update("UPDATE order_status_view SET status = 'DELIVERED', view_version = 99");
            baedal.jdbc().update("DELETE FROM order_status_timeline");
            assertThat(http.post("/api/admin/projections/order-status/replay", null).status()).isEqualTo(202);
            assertThat(http.post("/api/admin/projections/notifications/replay", null).status()).isEqualTo(202);

            Await.until("the order-status rows rebuilt as they were", () -> baedal.jdbc().queryForList(ORDER_STATUS_ROWS),
                    before::equals, Duration.ofSeconds(20));
            Await.until("the notification rows rebuilt, " + notificationsBefore.size() + " of them",
                    () -> baedal.rows("customer_notification", "id").size(), rows -> rows == notificationsBefore.size(),
                    Duration.ofSeconds(20));
            HttpJson.Response progress = http.get("/api/admin/projections/order-status/replay");
            assertThat(progress.status()).isEqualTo(200);
            assertThat(progress.json().path("processingGroup").asString()).isEqualTo("order-status");
            assertThat(sender.all()).hasSize(sentBefore);
        }

        try (RunningBaedal restarted = RunningBaedal.start(dataDir)) {
            // The cooking order's aggregate is not cached any more: read from the store, it is cooking.
            assertThat(restarted.http().post("/api/tickets/" + cookingTicket + "/finish-cooking", null).status())
                    .isEqualTo(202);
            Await.status(restarted.http(), orders.get(3), "READY_FOR_PICKUP", SOON);
            String after = restarted.http().post("/api/orders", json(aNoodleOrder("c-after-replay")))
                    .json().path("orderId").asString();
            HttpJson.Response view = restarted.http().get("/api/orders/" + after + "?minVersion=1");
            assertThat(view.status()).as("the order-status processor runs on its replay token").isEqualTo(200);
            Await.until("the notifications of the order placed after the restart",
                    () -> restarted.http().get("/api/customers/c-after-replay/notifications").status() == 200,
                    Duration.ofSeconds(20));
        }
    }

    /**
     * Reads once every processor has handled every event in the store (each token at the store's
     * head) and the head has stopped moving: the views are what the events say. Fails if that does
     * not happen in time, rather than comparing a view that is still changing.
     */
    private static <T> T settled(RunningBaedal baedal, Supplier<T> read) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        long caughtUpAt = -2;
        while (System.nanoTime() < deadline) {
            long head = caughtUpHead(baedal);
            if (head >= -1 && head == caughtUpAt) {
                return read.get();
            }
            caughtUpAt = head;
            Await.pause(300);
        }
        throw new AssertionError("The processors did not catch up with the event store within 60 s");
    }

    /** The store's head if every processor's token has reached it, else -2. */
    private static long caughtUpHead(RunningBaedal baedal) {
        long head = baedal.jdbc().queryForObject("SELECT coalesce(max(global_index), -1) FROM domain_event_entry", Long.class);
        List<String> tokens = baedal.jdbc().queryForList("SELECT coalesce(convert_from(token, 'UTF8'), '') FROM token_entry "
                + "WHERE processor_name <> '__config'", String.class);
        for (String token : tokens) {
            Matcher index = TOKEN_INDEX.matcher(token);
            if (!index.find() || Long.parseLong(index.group(1)) < head) {
                return -2;
            }
        }
        return head;
    }
}
