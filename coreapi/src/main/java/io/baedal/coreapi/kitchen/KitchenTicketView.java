package io.baedal.coreapi.kitchen;

import io.baedal.coreapi.order.OrderId;
import java.time.Instant;
import java.util.List;

/** A ticket on a kitchen's queue. */
public record KitchenTicketView(TicketId ticketId, OrderId orderId, RestaurantId restaurantId, TicketStatus status,
                                List<TicketLine> lines, String reason, Instant createdAt, Instant updatedAt) {
}
