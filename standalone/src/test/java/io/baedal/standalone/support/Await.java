package io.baedal.standalone.support;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;
import tools.jackson.databind.JsonNode;

/** Waits, by polling, until an order or anything else gets where a test expects it; a wait that times out fails. */
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

    /**
     * Polls until the condition holds; fails at the wait, naming what was awaited, when it does not
     * hold within the timeout.
     *
     * @param what what the test waits for, for the failure message ("the ticket in the kitchen queue")
     */
    public static void until(String what, BooleanSupplier condition, Duration timeout) {
        until(what, condition::getAsBoolean, Boolean::booleanValue, timeout);
    }

    /**
     * Looks until what it sees is what the test waits for, and returns that look; fails at the wait,
     * naming what was awaited and showing the last look, when it does not come within the timeout.
     *
     * @param what what the test waits for, for the failure message
     */
    public static <T> T until(String what, Supplier<T> look, Predicate<? super T> reached, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            T seen = look.get();
            if (reached.test(seen)) {
                return seen;
            }
            if (System.nanoTime() >= deadline) {
                throw new AssertionError("Waited " + timeout + " for " + what
                        + (seen instanceof Boolean ? "" : "; last look: " + seen));
            }
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
