package io.baedal.coreapi.kitchen;

import io.baedal.coreapi.order.OrderId;
import io.baedal.coreapi.order.OrderRelated;

public record CookingStartedEvent(TicketId ticketId, OrderId orderId) implements OrderRelated {
}
