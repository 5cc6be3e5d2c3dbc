package io.baedal.coreapi.order;

/** The customer's view of one order; answered with an Optional of {@link OrderStatusView}. */
public record FindOrderStatusQuery(OrderId orderId) {
}
