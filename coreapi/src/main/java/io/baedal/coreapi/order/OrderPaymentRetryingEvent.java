package io.baedal.coreapi.order;

import io.baedal.coreapi.payment.PaymentId;

public record OrderPaymentRetryingEvent(OrderId orderId, PaymentId paymentId, int attempt) implements OrderRelated {
}
