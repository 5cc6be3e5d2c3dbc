package io.baedal.coreapi.delivery;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record ClaimDeliveryCommand(@TargetAggregateIdentifier DeliveryId deliveryId, RiderId riderId) {
}
