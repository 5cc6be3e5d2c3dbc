package io.baedal.coreapi.kitchen;

import java.util.Set;

/**
 * A restaurant's action on one of its tickets. {@code onBehalfOf} is the restaurants the sender
 * runs: a ticket of another restaurant refuses the action as if it did not exist. Null when no
 * restaurant is named (the kitchen's own processes).
 */
public interface KitchenAction {

    TicketId ticketId();

    Set<RestaurantId> onBehalfOf();
}
