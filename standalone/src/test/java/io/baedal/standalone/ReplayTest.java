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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rebuilding views from the event store gives the same rows, never sends a notification twice,
 * and the replay's tokens survive a restart.
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

    @Test
    void replayingRebuildsEveryRowAndSendsNothingTwice() {
        List<String> orders = new ArrayList<>();
        try (RunningBaedal baedal = RunningBaedal.start(dataDir, List.of(RecordingNotificationSender.class))) {
            HttpJson http = baedal.http();
            for (int i = 0; i < 4; i++) {
                // Declined payments end orders quickly, so the views stop changing before the comparison.
                String token = i % 2 == 0 ? "decline-card-" + i : "tok-" + i;
                orders.add(http.post("/api/orders", json(with(aNoodleOrder("c-replay-" + i), "paymentToken", token)))
                        .json().path("orderId").asString());
            }
            http.post("/api/orders/" + orders.get(1) + "/cancel", json(Map.of("reason", "changed my mind")));
            List<Map<String, Object>> before = settled(() -> baedal.jdbc().queryForList(ORDER_STATUS_ROWS));
            List<Map<String, Object>> notificationsBefore = settled(() -> baedal.rows("customer_notification", "id"));
            RecordingNotificationSender.Sent sender = baedal.bean(RecordingNotificationSender.Sent.class);
            int sentBefore = sender.all().size();
            assertThat(before).hasSize(4);

            baedal.jdbc().update("UPDATE order_status_view SET status = 'DELIVERED', view_version = 99");
            baedal.jdbc().update("DELETE FROM order_status_timeline");
            assertThat(http.post("/api/admin/projections/order-status/replay", null).status()).isEqualTo(202);
            assertThat(http.post("/api/admin/projections/notifications/replay", null).status()).isEqualTo(202);

            assertThat(eventually(() -> baedal.jdbc().queryForList(ORDER_STATUS_ROWS), before)).isEqualTo(before);
            assertThat(eventually(() -> baedal.rows("customer_notification", "id").size(), notificationsBefore.size()))
                    .isEqualTo(notificationsBefore.size());
            HttpJson.Response progress = http.get("/api/admin/projections/order-status/replay");
            assertThat(progress.status()).isEqualTo(200);
            assertThat(progress.json().path("processingGroup").asString()).isEqualTo("order-status");
            assertThat(sender.all()).hasSize(sentBefore);
        }

        try (RunningBaedal restarted = RunningBaedal.start(dataDir)) {
            String after = restarted.http().post("/api/orders", json(aNoodleOrder("c-after-replay")))
                    .json().path("orderId").asString();
            HttpJson.Response view = restarted.http().get("/api/orders/" + after + "?minVersion=1");
            assertThat(view.status()).as("the order-status processor runs on its replay token").isEqualTo(200);
            assertThat(restarted.http().get("/api/customers/c-after-replay/notifications").status()).isEqualTo(200);
        }
    }

    /** Polls until two reads a little apart agree: the processors have caught up. */
    private static <T> T settled(Supplier<T> read) {
        T previous = read.get();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            Await.pause(500);
            T current = read.get();
            if (current.equals(previous)) {
                return current;
            }
            previous = current;
        }
        return previous;
    }

    private static <T> T eventually(Supplier<T> read, T expected) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        T current = read.get();
        while (!current.equals(expected) && System.nanoTime() < deadline) {
            Await.pause(500);
            current = read.get();
        }
        return current;
    }
}
