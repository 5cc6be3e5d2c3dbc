package io.baedal.coreapi.kitchen;

/** A kitchen's tickets, oldest first, optionally of one status; answered with a list of {@link KitchenTicketView}. */
public record FindKitchenTicketsQuery(RestaurantId restaurantId, TicketStatus status) {
}
