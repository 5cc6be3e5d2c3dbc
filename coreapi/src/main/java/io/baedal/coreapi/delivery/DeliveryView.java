package io.baedal.coreapi.delivery;

import io.baedal.coreapi.common.Address;
import io.baedal.coreapi.order.OrderId;
import java.time.Instant;

/**
 * A delivery as riders see it on the board; {@code escalations} counts how often it waited too
 * long for a rider (operations look at those first).
 */
public record DeliveryView(DeliveryId deliveryId, OrderId orderId, String zone, DeliveryStatus status, RiderId riderId,
                           Address pickupAddress, Address dropOffAddress, int escalations, Instant createdAt,
                           Instant updatedAt) {
}
