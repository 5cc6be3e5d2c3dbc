package io.baedal.coreapi.order;

import io.baedal.coreapi.kitchen.TicketId;

public record OrderAcceptedEvent(OrderId orderId, TicketId ticketId) implements OrderRelated {
}
