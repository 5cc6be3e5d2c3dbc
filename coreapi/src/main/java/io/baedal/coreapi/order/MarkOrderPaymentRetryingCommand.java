package io.baedal.coreapi.order;

import io.baedal.coreapi.payment.PaymentId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record MarkOrderPaymentRetryingCommand(@TargetAggregateIdentifier OrderId orderId, PaymentId paymentId, int attempt) {
}
