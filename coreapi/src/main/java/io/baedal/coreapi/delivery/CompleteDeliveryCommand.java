package io.baedal.coreapi.delivery;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record CompleteDeliveryCommand(@TargetAggregateIdentifier DeliveryId deliveryId, RiderId riderId) {
}
