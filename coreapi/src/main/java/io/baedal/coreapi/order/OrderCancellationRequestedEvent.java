package io.baedal.coreapi.order;

/** The customer asked to cancel; the saga now cancels the ticket and refunds before confirming. */
public record OrderCancellationRequestedEvent(OrderId orderId, OrderStatus previousStatus, String reason) implements OrderRelated {
}
