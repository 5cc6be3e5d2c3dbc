package io.baedal.coreapi.payment;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The gateway has refunded the payment. Sent by the payment context itself; recorded again it is ignored. */
public record RecordRefundCommand(@TargetAggregateIdentifier PaymentId paymentId) {
}
