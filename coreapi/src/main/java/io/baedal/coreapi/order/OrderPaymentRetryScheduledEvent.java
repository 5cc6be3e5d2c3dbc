package io.baedal.coreapi.order;

import io.baedal.coreapi.payment.PaymentId;

public record OrderPaymentRetryScheduledEvent(OrderId orderId, PaymentId paymentId, int attempt) implements OrderRelated {
}
