package io.baedal.coreapi.order;

import io.baedal.coreapi.payment.PaymentId;

public record OrderPaidEvent(OrderId orderId, PaymentId paymentId) implements OrderRelated {
}
