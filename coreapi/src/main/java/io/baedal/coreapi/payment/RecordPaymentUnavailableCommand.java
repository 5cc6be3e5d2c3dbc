package io.baedal.coreapi.payment;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * The gateway could not be reached, timed out or answered with an error nobody expects: the
 * attempt's outcome is unknown and the payment stays pending for a retry. Sent by the payment
 * context itself; recorded again it is ignored.
 */
public record RecordPaymentUnavailableCommand(@TargetAggregateIdentifier PaymentId paymentId, int attempt, String cause) {
}
