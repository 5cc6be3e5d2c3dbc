package io.baedal.query.notification;

import io.baedal.coreapi.order.OrderId;
import io.baedal.coreapi.order.OrderPaidEvent;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * A handler of the notifications view, in the projection tests' application, that fails the first
 * time it sees an order that a test marked being paid, so that the event lands in the view's
 * dead-letter queue. Ordered last in its group, after any other handler the group has.
 */
@Component
@ProcessingGroup(NotificationProjection.GROUP)
@Order(Ordered.LOWEST_PRECEDENCE)
class ViewFailsOnceWhenPaid {

    static final Set<OrderId> MARKED = ConcurrentHashMap.newKeySet();

    @EventHandler
    void on(OrderPaidEvent event) {
        if (MARKED.remove(event.orderId())) {
            throw new IllegalStateException("the view's database hiccups");
        }
    }
}
