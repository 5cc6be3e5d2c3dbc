package io.baedal.coreapi.order;

import io.baedal.coreapi.kitchen.TicketId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record AcceptOrderCommand(@TargetAggregateIdentifier OrderId orderId, TicketId ticketId) {
}
