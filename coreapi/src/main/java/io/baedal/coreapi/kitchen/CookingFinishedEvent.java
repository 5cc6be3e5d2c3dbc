package io.baedal.coreapi.kitchen;

import io.baedal.coreapi.order.OrderId;

public record CookingFinishedEvent(TicketId ticketId, OrderId orderId) {
}
