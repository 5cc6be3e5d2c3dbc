package io.baedal.coreapi.kitchen;

import io.baedal.coreapi.order.OrderId;

public record TicketAcceptedEvent(TicketId ticketId, OrderId orderId) {
}
