package io.baedal.coreapi.payment;

import io.baedal.coreapi.common.Money;
import io.baedal.coreapi.order.OrderId;
import io.baedal.coreapi.order.OrderRelated;

public record PaymentApprovedEvent(PaymentId paymentId, OrderId orderId, Money amount, String authorisationCode) implements OrderRelated {
}
