package io.baedal.coreapi.kitchen;

import io.baedal.coreapi.order.OrderId;
import io.baedal.coreapi.order.OrderRelated;
import java.util.List;

public record TicketCreatedEvent(TicketId ticketId, OrderId orderId, RestaurantId restaurantId, List<TicketLine> lines) implements OrderRelated {
}
