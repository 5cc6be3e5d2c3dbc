package io.baedal.coreapi.order;

public record OrderCookingEvent(OrderId orderId) implements OrderRelated {
}
