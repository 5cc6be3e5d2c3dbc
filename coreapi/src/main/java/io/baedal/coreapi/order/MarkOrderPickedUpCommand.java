package io.baedal.coreapi.order;

import io.baedal.coreapi.delivery.RiderId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record MarkOrderPickedUpCommand(@TargetAggregateIdentifier OrderId orderId, RiderId riderId) {
}
