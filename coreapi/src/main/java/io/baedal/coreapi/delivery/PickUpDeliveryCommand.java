package io.baedal.coreapi.delivery;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record PickUpDeliveryCommand(@TargetAggregateIdentifier DeliveryId deliveryId, RiderId riderId) {
}
