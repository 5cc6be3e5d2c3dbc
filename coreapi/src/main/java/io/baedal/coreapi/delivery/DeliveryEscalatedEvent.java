package io.baedal.coreapi.delivery;

import io.baedal.coreapi.order.OrderId;
import io.baedal.coreapi.order.OrderRelated;
import java.time.Duration;

/** A delivery has waited too long for a rider; it stays on the board, flagged for operations. */
public record DeliveryEscalatedEvent(DeliveryId deliveryId, OrderId orderId, int escalation, Duration waiting)
        implements OrderRelated {
}
