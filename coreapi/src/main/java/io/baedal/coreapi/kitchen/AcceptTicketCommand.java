package io.baedal.coreapi.kitchen;

import java.util.Set;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record AcceptTicketCommand(@TargetAggregateIdentifier TicketId ticketId, Set<RestaurantId> onBehalfOf)
        implements KitchenAction {

    public AcceptTicketCommand(TicketId ticketId) {
        this(ticketId, null);
    }
}
