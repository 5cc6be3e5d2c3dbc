package io.baedal.coreapi.payment;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Refunds an approved payment; {@link PaymentRefundedEvent} follows once the gateway has refunded it. */
public record RefundPaymentCommand(@TargetAggregateIdentifier PaymentId paymentId, String reason) {
}
