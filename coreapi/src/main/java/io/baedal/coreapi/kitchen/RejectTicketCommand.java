package io.baedal.coreapi.kitchen;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record RejectTicketCommand(@TargetAggregateIdentifier TicketId ticketId, String reason) {
}
