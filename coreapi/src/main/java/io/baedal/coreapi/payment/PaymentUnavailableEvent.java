package io.baedal.coreapi.payment;

import io.baedal.coreapi.order.OrderId;
import io.baedal.coreapi.order.OrderRelated;

/** The gateway could not be reached or timed out: not a decline, the attempt may be retried. */
public record PaymentUnavailableEvent(PaymentId paymentId, OrderId orderId, int attempt, String cause) implements OrderRelated {
}
