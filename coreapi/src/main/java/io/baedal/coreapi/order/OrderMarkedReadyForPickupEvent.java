package io.baedal.coreapi.order;

import io.baedal.coreapi.delivery.DeliveryId;

public record OrderMarkedReadyForPickupEvent(OrderId orderId, DeliveryId deliveryId) implements OrderRelated {
}
