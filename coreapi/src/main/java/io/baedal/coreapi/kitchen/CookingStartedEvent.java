package io.baedal.coreapi.kitchen;

import io.baedal.coreapi.order.OrderId;

public record CookingStartedEvent(TicketId ticketId, OrderId orderId) {
}
