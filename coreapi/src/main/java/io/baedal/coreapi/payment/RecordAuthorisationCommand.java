package io.baedal.coreapi.payment;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * The gateway's answer to an attempt: approved with an authorisation code, or declined with a
 * reason. Sent by the payment context itself once the gateway has answered; the same answer
 * recorded again is ignored.
 */
public record RecordAuthorisationCommand(@TargetAggregateIdentifier PaymentId paymentId, int attempt, boolean approved,
                                         String reference) {
}
