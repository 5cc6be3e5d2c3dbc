package io.baedal.coreapi.order;

import io.baedal.coreapi.delivery.DeliveryId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record MarkOrderReadyForPickupCommand(@TargetAggregateIdentifier OrderId orderId, DeliveryId deliveryId) {
}
