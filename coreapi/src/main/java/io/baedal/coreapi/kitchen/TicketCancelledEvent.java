package io.baedal.coreapi.kitchen;

import io.baedal.coreapi.order.OrderId;

public record TicketCancelledEvent(TicketId ticketId, OrderId orderId, String reason) {
}
