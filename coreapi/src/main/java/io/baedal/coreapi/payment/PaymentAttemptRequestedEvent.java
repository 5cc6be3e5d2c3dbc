package io.baedal.coreapi.payment;

import io.baedal.coreapi.common.Money;
import io.baedal.coreapi.order.OrderId;
import io.baedal.coreapi.order.OrderRelated;

/**
 * An attempt at the charge is to be made at the payment gateway; its outcome follows as approved,
 * declined or unavailable. Attempts count from 1; every attempt carries the payment's one
 * idempotency key, so a second attempt never charges twice.
 */
public record PaymentAttemptRequestedEvent(PaymentId paymentId, OrderId orderId, int attempt, Money amount,
                                           String paymentToken) implements OrderRelated {
}
