package io.baedal.coreapi.kitchen;

/** What the kitchen cooks: no prices. */
public record TicketLine(MenuItemId menuItemId, String name, int quantity) {
}
