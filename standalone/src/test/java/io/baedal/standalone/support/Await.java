package io.baedal.standalone.support;

import java.time.Duration;
import java.util.function.Predicate;
import tools.jackson.databind.JsonNode;

/** Waits, by polling the customer's view, until an order gets where a test expects it. */
public final class Await {

    private Await() {
    }

    public static JsonNode order(HttpJson http, String orderId, Predicate<JsonNode> reached, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            HttpJson.Response response = http.get("/api/orders/" + orderId);
            if (response.status() == 200) {
                last = response.json();
                if (reached.test(last)) {
                    return last;
                }
            }
            pause();
        }
        throw new AssertionError("Order " + orderId + " did not get there within " + timeout + "; last view: " + last);
    }

    public static JsonNode status(HttpJson http, String orderId, String status, Duration timeout) {
        return order(http, orderId, view -> status.equals(view.path("status").asString()), timeout);
    }

    /** Polls until the condition holds or the time runs out; the caller asserts what it needs afterwards. */
    public static void until(java.util.function.BooleanSupplier condition, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            pause();
        }
    }

    public static void pause() {
        pause(100);
    }

    public static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
