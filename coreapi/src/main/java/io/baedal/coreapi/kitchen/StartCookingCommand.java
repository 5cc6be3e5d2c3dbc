package io.baedal.coreapi.kitchen;

import java.util.Set;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record StartCookingCommand(@TargetAggregateIdentifier TicketId ticketId, Set<RestaurantId> onBehalfOf)
        implements KitchenAction {

    public StartCookingCommand(TicketId ticketId) {
        this(ticketId, null);
    }
}
