package io.baedal.standalone.support;

import java.time.Duration;
import java.util.Set;
import java.util.function.Predicate;

/**
 * What the event store says about each order, as a load and a restaurant and rider follow it:
 * {@link EventStoreFeed} reads PostgreSQL's event store, the distributed tests read Axon Server's.
 */
public interface OrderFeed {

    /** The order's events seen so far, in the store's order. */
    OrderHistory history(String orderId);

    /** Waits until the order's events satisfy the condition; false if they did not within the timeout. */
    boolean await(String orderId, Predicate<OrderHistory> condition, Duration timeout);

    /** Whether the saga has handled every event of the order seen so far (so what it does next needs something new). */
    default boolean sagaCaughtUp(String orderId) {
        return sagaCaughtUp(orderId, Set.of());
    }

    /**
     * Whether the saga has handled every event of the order seen so far but those of the given types
     * (short names): events the saga has no handler for, whose reading changes nothing it does.
     */
    boolean sagaCaughtUp(String orderId, Set<String> unhandledTypes);
}
