package io.baedal.coreapi.kitchen;

import io.baedal.coreapi.order.OrderId;
import io.baedal.coreapi.order.OrderRelated;

/** Cooking had already started: the ticket stays, and the saga lets the order carry on. */
public record TicketCancellationRefusedEvent(TicketId ticketId, OrderId orderId, TicketStatus status) implements OrderRelated {
}
