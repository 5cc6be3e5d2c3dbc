package io.baedal.coreapi.payment;

import io.baedal.coreapi.common.Money;
import io.baedal.coreapi.order.OrderId;
import io.baedal.coreapi.order.OrderRelated;

/** A payment was asked for; its first attempt at the gateway follows ({@link PaymentAttemptRequestedEvent}). */
public record PaymentRequestedEvent(PaymentId paymentId, OrderId orderId, Money amount, String paymentToken) implements OrderRelated {
}
