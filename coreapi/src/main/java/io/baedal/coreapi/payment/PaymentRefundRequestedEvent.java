package io.baedal.coreapi.payment;

import io.baedal.coreapi.common.Money;
import io.baedal.coreapi.order.OrderId;
import io.baedal.coreapi.order.OrderRelated;

/** The approved payment is to be refunded at the payment gateway; {@link PaymentRefundedEvent} follows once it is. */
public record PaymentRefundRequestedEvent(PaymentId paymentId, OrderId orderId, Money amount, String reason)
        implements OrderRelated {
}
