package io.baedal.coreapi.kitchen;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record FinishCookingCommand(@TargetAggregateIdentifier TicketId ticketId) {
}
