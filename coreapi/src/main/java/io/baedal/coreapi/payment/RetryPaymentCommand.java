package io.baedal.coreapi.payment;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Another attempt after the gateway was unavailable. */
public record RetryPaymentCommand(@TargetAggregateIdentifier PaymentId paymentId) {
}
