package io.baedal.coreapi.payment;

import io.baedal.coreapi.order.OrderId;
import io.baedal.coreapi.order.OrderRelated;

public record PaymentDeclinedEvent(PaymentId paymentId, OrderId orderId, String reason) implements OrderRelated {
}
