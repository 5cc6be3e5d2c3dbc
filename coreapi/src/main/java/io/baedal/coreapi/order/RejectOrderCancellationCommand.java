package io.baedal.coreapi.order;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record RejectOrderCancellationCommand(@TargetAggregateIdentifier OrderId orderId) {
}
