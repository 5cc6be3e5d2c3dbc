package io.baedal.coreapi.kitchen;

import java.util.Set;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record RejectTicketCommand(@TargetAggregateIdentifier TicketId ticketId, String reason,
                                  Set<RestaurantId> onBehalfOf) implements KitchenAction {

    public RejectTicketCommand(TicketId ticketId, String reason) {
        this(ticketId, reason, null);
    }
}
