package io.baedal.coreapi.order;

import io.baedal.coreapi.delivery.DeliveryId;

public record OrderReadyForPickupEvent(OrderId orderId, DeliveryId deliveryId) implements OrderRelated {
}
