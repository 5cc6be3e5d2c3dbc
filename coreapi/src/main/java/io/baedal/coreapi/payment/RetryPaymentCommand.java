package io.baedal.coreapi.payment;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Another attempt after the gateway was unavailable; while an attempt is under way, nothing more is asked. */
public record RetryPaymentCommand(@TargetAggregateIdentifier PaymentId paymentId) {
}
