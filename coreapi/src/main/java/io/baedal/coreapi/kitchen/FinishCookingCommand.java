package io.baedal.coreapi.kitchen;

import java.util.Set;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record FinishCookingCommand(@TargetAggregateIdentifier TicketId ticketId, Set<RestaurantId> onBehalfOf)
        implements KitchenAction {

    public FinishCookingCommand(TicketId ticketId) {
        this(ticketId, null);
    }
}
