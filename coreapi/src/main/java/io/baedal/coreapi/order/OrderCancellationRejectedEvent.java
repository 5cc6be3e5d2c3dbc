package io.baedal.coreapi.order;

/** The kitchen had already started cooking: the order goes back to where it was. */
public record OrderCancellationRejectedEvent(OrderId orderId, OrderStatus restoredStatus) implements OrderRelated {
}
