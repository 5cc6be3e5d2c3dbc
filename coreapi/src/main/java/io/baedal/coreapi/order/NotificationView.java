package io.baedal.coreapi.order;

import java.time.Instant;

/** One message to a customer about a change of one of their orders. */
public record NotificationView(OrderId orderId, OrderStatus status, String message, Instant at) {
}
