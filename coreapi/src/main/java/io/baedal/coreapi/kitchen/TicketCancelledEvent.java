package io.baedal.coreapi.kitchen;

import io.baedal.coreapi.order.OrderId;
import io.baedal.coreapi.order.OrderRelated;

public record TicketCancelledEvent(TicketId ticketId, OrderId orderId, String reason) implements OrderRelated {
}
