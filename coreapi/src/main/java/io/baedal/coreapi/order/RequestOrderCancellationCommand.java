package io.baedal.coreapi.order;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record RequestOrderCancellationCommand(@TargetAggregateIdentifier OrderId orderId, String reason) {
}
