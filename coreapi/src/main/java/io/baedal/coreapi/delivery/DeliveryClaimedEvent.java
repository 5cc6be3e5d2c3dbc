package io.baedal.coreapi.delivery;

import io.baedal.coreapi.order.OrderId;

public record DeliveryClaimedEvent(DeliveryId deliveryId, OrderId orderId, RiderId riderId) {
}
