package io.baedal.coreapi.delivery;

import io.baedal.coreapi.common.Address;
import io.baedal.coreapi.order.OrderId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record CreateDeliveryCommand(@TargetAggregateIdentifier DeliveryId deliveryId, OrderId orderId, String zone, Address pickupAddress,
        Address dropOffAddress) {
}
