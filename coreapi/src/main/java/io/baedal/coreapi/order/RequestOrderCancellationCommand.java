package io.baedal.coreapi.order;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * The customer asks to cancel. {@code requestedBy} is the customer who asks: the order refuses,
 * as if it did not exist, a customer who did not place it; null when no customer is named.
 */
public record RequestOrderCancellationCommand(@TargetAggregateIdentifier OrderId orderId, String reason,
                                              CustomerId requestedBy) {

    public RequestOrderCancellationCommand(OrderId orderId, String reason) {
        this(orderId, reason, null);
    }
}
