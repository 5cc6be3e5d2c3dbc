package io.baedal.coreapi.delivery;

import io.baedal.coreapi.order.OrderId;

public record DeliveryCompletedEvent(DeliveryId deliveryId, OrderId orderId, RiderId riderId) {
}
