package io.baedal.coreapi.order;

public record OrderDeliveredEvent(OrderId orderId) implements OrderRelated {
}
