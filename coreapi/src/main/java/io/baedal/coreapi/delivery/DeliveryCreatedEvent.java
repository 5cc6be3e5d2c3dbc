package io.baedal.coreapi.delivery;

import io.baedal.coreapi.common.Address;
import io.baedal.coreapi.order.OrderId;
import io.baedal.coreapi.order.OrderRelated;

public record DeliveryCreatedEvent(DeliveryId deliveryId, OrderId orderId, String zone, Address pickupAddress, Address dropOffAddress) implements OrderRelated {
}
