package io.baedal.coreapi.kitchen;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record CancelTicketCommand(@TargetAggregateIdentifier TicketId ticketId, String reason) {
}
