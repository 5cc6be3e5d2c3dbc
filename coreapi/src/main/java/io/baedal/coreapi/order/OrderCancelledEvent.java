package io.baedal.coreapi.order;

public record OrderCancelledEvent(OrderId orderId, OrderReason reason) implements OrderRelated {
}
