package io.baedal.coreapi.kitchen;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record StartCookingCommand(@TargetAggregateIdentifier TicketId ticketId) {
}
