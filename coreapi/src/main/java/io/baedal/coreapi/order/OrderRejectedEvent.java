package io.baedal.coreapi.order;

public record OrderRejectedEvent(OrderId orderId, OrderReason reason) implements OrderRelated {
}
