package io.baedal.coreapi.delivery;

import io.baedal.coreapi.common.Address;
import io.baedal.coreapi.order.OrderId;
import java.time.Instant;

/** A delivery as riders see it on the board. */
public record DeliveryView(DeliveryId deliveryId, OrderId orderId, String zone, DeliveryStatus status, RiderId riderId,
                           Address pickupAddress, Address dropOffAddress, Instant createdAt, Instant updatedAt) {
}
