package io.baedal.coreapi.payment;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record RefundPaymentCommand(@TargetAggregateIdentifier PaymentId paymentId, String reason) {
}
