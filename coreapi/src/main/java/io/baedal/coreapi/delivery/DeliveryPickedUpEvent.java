package io.baedal.coreapi.delivery;

import io.baedal.coreapi.order.OrderId;

public record DeliveryPickedUpEvent(DeliveryId deliveryId, OrderId orderId, RiderId riderId) {
}
