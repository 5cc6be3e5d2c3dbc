package io.baedal.coreapi.payment;

import io.baedal.coreapi.common.Money;
import io.baedal.coreapi.order.OrderId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Creates the payment and makes the first attempt at the gateway. */
public record ProcessPaymentCommand(@TargetAggregateIdentifier PaymentId paymentId, OrderId orderId, Money amount, String paymentToken) {
}
