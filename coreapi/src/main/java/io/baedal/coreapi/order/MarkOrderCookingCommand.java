package io.baedal.coreapi.order;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record MarkOrderCookingCommand(@TargetAggregateIdentifier OrderId orderId) {
}
