package io.baedal.coreapi.order;

public record OrderCookingStartedEvent(OrderId orderId) implements OrderRelated {
}
