package io.baedal.coreapi.payment;

import io.baedal.coreapi.order.OrderId;

public record PaymentDeclinedEvent(PaymentId paymentId, OrderId orderId, String reason) {
}
