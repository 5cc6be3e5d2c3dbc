package io.baedal.coreapi.delivery;

import io.baedal.coreapi.order.OrderId;
import io.baedal.coreapi.order.OrderRelated;

public record DeliveryCompletedEvent(DeliveryId deliveryId, OrderId orderId, RiderId riderId) implements OrderRelated {
}
