package io.baedal.coreapi.order;

import io.baedal.coreapi.delivery.RiderId;

public record OrderPickedUpEvent(OrderId orderId, RiderId riderId) implements OrderRelated {
}
