package io.baedal.coreapi.payment;

import io.baedal.coreapi.common.Money;
import io.baedal.coreapi.order.OrderId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Creates the payment and asks for its first attempt at the gateway; the outcome follows as an event. */
public record ProcessPaymentCommand(@TargetAggregateIdentifier PaymentId paymentId, OrderId orderId, Money amount, String paymentToken) {
}
